package schedule

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed calendars/*.json
var embedded embed.FS

// HolidayKind says what a calendar date is in a country's production
// calendar.
type HolidayKind int

// Kinds of calendar days.
const (
	// NotHoliday is an ordinary day: the weekly pattern applies.
	NotHoliday HolidayKind = iota
	// PublicHoliday is a statutory non-working holiday.
	PublicHoliday
	// DayOff is a weekday made non-working by moving a day off to it (a
	// holiday that fell on a weekend, or a decree's transfer).
	DayOff
	// WorkingDay is a weekend day made working by a transfer; it follows the
	// pattern of the weekday given in Day.Like.
	WorkingDay
	// SuspendedHoliday is a public holiday whose day off the law suspends
	// (Ukraine under martial law): an ordinary working day unless a schedule
	// opts to observe it.
	SuspendedHoliday
)

var kindNames = [...]string{"none", "holiday", "day_off", "working", "suspended"}

// String returns the kind's name as the data files spell it: "holiday",
// "day_off", "working", "suspended", or "none".
func (k HolidayKind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "HolidayKind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}

// Coverage statuses of a country's calendar for a year.
const (
	// Official means the year's data follows the published law or decree.
	Official = "official"
	// Provisional means the year holds the statutory holidays but a decree
	// that may move days was not yet published when the data was written.
	Provisional = "provisional"
)

// Day is one dated entry of a country's calendar.
type Day struct {
	Date      time.Time // the date at 00:00 UTC
	Name      string    // in English
	LocalName string    // in the country's language
	Kind      HolidayKind
	// Like is the weekday whose ranges a WorkingDay follows.
	Like time.Weekday
	// MovedFrom is the date whose day off moved here, or the zero time.
	MovedFrom time.Time
	// Provisional is true when the year's calendar is provisional.
	Provisional bool
}

// Calendars answers what a date is in the production calendar of a country.
// It is immutable once loaded and safe for concurrent use.
type Calendars struct {
	countries map[string]*countryCalendar
}

type countryCalendar struct {
	code, name string
	status     map[int]string // year -> Official or Provisional
	days       map[civil]Day
}

// civil is a calendar date without a zone.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

func (c civil) time() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC) }

// addDays returns the date n days later; it works at noon UTC so that no zone
// rule can shift the date.
func (c civil) addDays(n int) civil {
	return civilOf(time.Date(c.y, c.m, c.d+n, 12, 0, 0, 0, time.UTC))
}

func (c civil) weekday() time.Weekday { return c.time().Weekday() }

// EmbeddedCalendars returns the calendars built into the firmware: Russia,
// Ukraine and Poland for 2026 and 2027. It parses the embedded data on every
// call; callers keep the result. It panics only if the embedded data is
// broken, which the package's tests rule out.
func EmbeddedCalendars() *Calendars {
	sub, err := fs.Sub(embedded, "calendars")
	if err != nil {
		panic(err)
	}
	c, err := LoadCalendars(sub)
	if err != nil {
		panic(err)
	}
	return c
}

// LoadCalendars reads every *.json file at the root of fsys as one country's
// calendar (the format of the files in the calendars directory).
func LoadCalendars(fsys fs.FS) (*Calendars, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("schedule: list calendars: %w", err)
	}
	c := &Calendars{countries: map[string]*countryCalendar{}}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("schedule: read calendar: %w", err)
		}
		cc, err := parseCalendar(data)
		if err != nil {
			return nil, fmt.Errorf("schedule: calendar %s: %w", path.Base(name), err)
		}
		if _, dup := c.countries[cc.code]; dup {
			return nil, fmt.Errorf("schedule: calendar %s: country %s is defined twice", path.Base(name), cc.code)
		}
		c.countries[cc.code] = cc
	}
	return c, nil
}

// Countries returns the country codes with a calendar, sorted.
func (c *Calendars) Countries() []string {
	var codes []string
	for code := range c.countries {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	return codes
}

// Coverage returns Official or Provisional for a year the country's calendar
// covers, and "" for a country or year it does not. Outside its years a
// calendar has no holidays at all.
func (c *Calendars) Coverage(country string, year int) string {
	if cc := c.countries[strings.ToUpper(country)]; cc != nil {
		return cc.status[year]
	}
	return ""
}

// Holiday reports what date is in country's calendar (an ISO 3166 code such
// as "RU"): the holiday's English name and kind, and ok false for an
// ordinary day. Only date's year, month and day count, read in date's own
// location.
func (c *Calendars) Holiday(country string, date time.Time) (name string, kind HolidayKind, ok bool) {
	d, ok := c.Day(country, date)
	return d.Name, d.Kind, ok
}

// Day is like Holiday but returns the whole entry.
func (c *Calendars) Day(country string, date time.Time) (Day, bool) {
	return c.day(strings.ToUpper(country), civilOf(date))
}

func (c *Calendars) day(country string, date civil) (Day, bool) {
	if c == nil {
		return Day{}, false
	}
	cc := c.countries[country]
	if cc == nil {
		return Day{}, false
	}
	d, ok := cc.days[date]
	return d, ok
}

// The data file format.
type calendarFile struct {
	Country     string              `json:"country"`
	Name        string              `json:"name"`
	Comment     string              `json:"comment"`
	Sources     []string            `json:"sources"`
	Rules       []calendarRule      `json:"rules"`
	Suspensions []calendarSuspend   `json:"suspensions"`
	Years       map[string]yearFile `json:"years"`
}

type calendarRule struct {
	Date      string   `json:"date"`     // MM-DD, every covered year
	Easter    *int     `json:"easter"`   // days after Easter Sunday
	Computus  Computus `json:"computus"` // with Easter
	Name      string   `json:"name"`
	LocalName string   `json:"local_name"`
}

type calendarSuspend struct {
	From   string `json:"from"`
	Until  string `json:"until"` // empty: still in force
	Source string `json:"source"`
}

type yearFile struct {
	Status string    `json:"status"`
	Source string    `json:"source"`
	Days   []dayFile `json:"days"`
}

type dayFile struct {
	Date      string `json:"date"`
	Kind      string `json:"kind"`
	Like      string `json:"like"`
	MovedFrom string `json:"moved_from"`
	Name      string `json:"name"`
	LocalName string `json:"local_name"`
}

func parseCalendar(data []byte) (*countryCalendar, error) {
	var f calendarFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if !isCountryCode(f.Country) {
		return nil, fmt.Errorf("country: %q is not a two-letter upper-case code", f.Country)
	}
	if f.Comment == "" || len(f.Sources) == 0 {
		return nil, fmt.Errorf("comment and sources: every calendar must say where its facts come from")
	}
	cc := &countryCalendar{code: f.Country, name: f.Name, status: map[int]string{}, days: map[civil]Day{}}
	var susp [][2]civil
	for i, s := range f.Suspensions {
		from, err := parseDate(s.From)
		if err != nil {
			return nil, fmt.Errorf("suspensions[%d].from: %w", i, err)
		}
		until := civil{9999, 12, 31}
		if s.Until != "" {
			if until, err = parseDate(s.Until); err != nil {
				return nil, fmt.Errorf("suspensions[%d].until: %w", i, err)
			}
		}
		if s.Source == "" {
			return nil, fmt.Errorf("suspensions[%d].source: a suspension must cite its law", i)
		}
		susp = append(susp, [2]civil{from, until})
	}
	for ys, yf := range f.Years {
		year, err := strconv.Atoi(ys)
		if err != nil || year < 1900 || year > 2999 {
			return nil, fmt.Errorf("years: %q is not a year", ys)
		}
		if yf.Status != Official && yf.Status != Provisional {
			return nil, fmt.Errorf("years.%s.status: %q is neither %q nor %q", ys, yf.Status, Official, Provisional)
		}
		cc.status[year] = yf.Status
		prov := yf.Status == Provisional
		for i, r := range f.Rules {
			date, err := r.dateIn(year)
			if err != nil {
				return nil, fmt.Errorf("rules[%d]: %w", i, err)
			}
			if _, dup := cc.days[date]; dup {
				return nil, fmt.Errorf("rules[%d]: %s is already a holiday", i, date.time().Format(time.DateOnly))
			}
			cc.days[date] = Day{Date: date.time(), Name: r.Name, LocalName: r.LocalName, Kind: PublicHoliday, Provisional: prov}
		}
		for i, df := range yf.Days {
			p := fmt.Sprintf("years.%s.days[%d]", ys, i)
			d, date, err := df.day(prov)
			if err != nil {
				return nil, fmt.Errorf("%s.%w", p, err)
			}
			if date.y != year {
				return nil, fmt.Errorf("%s.date: %s is not in %d", p, df.Date, year)
			}
			cc.days[date] = d // a dated entry overrides a rule
		}
	}
	for date, d := range cc.days {
		for _, s := range susp {
			if d.Kind == PublicHoliday && !date.before(s[0]) && !s[1].before(date) {
				d.Kind = SuspendedHoliday
				cc.days[date] = d
			}
		}
	}
	return cc, nil
}

func (r calendarRule) dateIn(year int) (civil, error) {
	if r.Name == "" {
		return civil{}, fmt.Errorf("name: a holiday needs a name")
	}
	switch {
	case r.Date != "" && r.Easter == nil:
		d, err := parseDate(fmt.Sprintf("%04d-%s", year, r.Date))
		if err != nil {
			return civil{}, fmt.Errorf("date: %q is not MM-DD", r.Date)
		}
		return d, nil
	case r.Date == "" && r.Easter != nil:
		if r.Computus != Gregorian && r.Computus != Julian {
			return civil{}, fmt.Errorf("computus: %q is neither %q nor %q", r.Computus, Gregorian, Julian)
		}
		return civilOf(Easter(year, r.Computus)).addDays(*r.Easter), nil
	}
	return civil{}, fmt.Errorf("a rule has either a date or an easter offset")
}

func (df dayFile) day(provisional bool) (Day, civil, error) {
	date, err := parseDate(df.Date)
	if err != nil {
		return Day{}, civil{}, fmt.Errorf("date: %w", err)
	}
	d := Day{Date: date.time(), Name: df.Name, LocalName: df.LocalName, Provisional: provisional}
	if d.Name == "" {
		return Day{}, civil{}, fmt.Errorf("name: a day needs a name")
	}
	switch df.Kind {
	case "holiday":
		d.Kind = PublicHoliday
	case "day_off":
		d.Kind = DayOff
	case "working":
		d.Kind = WorkingDay
		if d.Like, err = parseWeekday(df.Like); err != nil {
			return Day{}, civil{}, fmt.Errorf("like: a working day names the weekday it follows: %w", err)
		}
	default:
		return Day{}, civil{}, fmt.Errorf("kind: %q is not holiday, day_off or working", df.Kind)
	}
	if df.MovedFrom != "" {
		from, err := parseDate(df.MovedFrom)
		if err != nil {
			return Day{}, civil{}, fmt.Errorf("moved_from: %w", err)
		}
		d.MovedFrom = from.time()
	}
	return d, date, nil
}

func (c civil) before(o civil) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

// parseDate reads YYYY-MM-DD and refuses dates that do not exist.
func parseDate(s string) (civil, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return civil{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return civilOf(t), nil
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
