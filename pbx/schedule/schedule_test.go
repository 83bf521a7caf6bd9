package schedule

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const weekdaysList = `["mon","tue","wed","thu","fri"]`

// office is a Moscow office: lunch, working hours, a night desk on weekday
// nights, Russian holidays.
const office = `{
  "version": 1,
  "time_zone": "Europe/Moscow",
  "intervals": [
    {"name": "lunch",   "ranges": [{"days": ` + weekdaysList + `, "from": "13:00", "to": "14:00"}]},
    {"name": "working", "ranges": [{"days": ["mon","tue","wed","thu"], "from": "09:00", "to": "18:00"},
                                   {"days": ["fri"], "from": "09:00", "to": "17:00"}]},
    {"name": "night",   "ranges": [{"days": ` + weekdaysList + `, "from": "22:00", "to": "06:00"}]},
    {"name": "duty",    "ranges": []}
  ],
  "default": "non-working",
  "holidays": {
    "country": "RU",
    "dates": [
      {"date": "2026-02-04", "kind": "holiday", "name": "Stocktaking"},
      {"date": "2026-02-05", "kind": "holiday", "interval": "duty", "name": "Moving office"},
      {"date": "2026-02-14", "kind": "working", "like": "mon", "name": "Make-up Saturday"},
      {"date": "2026-12-30", "kind": "working", "like": "fri", "name": "Short day before the holidays"}
    ]
  }
}`

func mustSchedule(t testing.TB, doc string, cal *Calendars) *Schedule {
	t.Helper()
	d, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	s, err := New(d, cal)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// at returns the wall-clock time s in zone.
func at(zone, s string) time.Time {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func utc(s string) time.Time { return at("UTC", s) }

func TestIntervalAtOffice(t *testing.T) {
	t.Parallel()
	s := mustSchedule(t, office, EmbeddedCalendars())
	msk := func(v string) time.Time { return at("Europe/Moscow", v) }
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{"Monday inside hours", msk("2026-02-02 10:00"), "working"},
		{"Monday at opening", msk("2026-02-02 09:00"), "working"},
		{"Monday before opening", msk("2026-02-02 08:59"), "non-working"},
		{"Monday at closing", msk("2026-02-02 18:00"), "non-working"},
		{"Friday closes earlier", msk("2026-02-06 17:30"), "non-working"},
		{"lunch listed first wins", msk("2026-02-02 13:30"), "lunch"},
		{"Saturday", msk("2026-02-07 12:00"), "non-working"},
		// Across midnight: the night desk runs 22:00-06:00 from Monday to
		// Friday night.
		{"Friday night", msk("2026-02-06 23:00"), "night"},
		{"Saturday early morning continues Friday night", msk("2026-02-07 05:59"), "night"},
		{"Saturday 06:00 ends the night", msk("2026-02-07 06:00"), "non-working"},
		{"Monday early morning: no Sunday night", msk("2026-02-02 03:00"), "non-working"},
		{"Tuesday early morning continues Monday night", msk("2026-02-03 03:00"), "night"},
		// Public holidays and moved days off from the Russian calendar.
		{"1 January 2026 is a holiday", msk("2026-01-01 10:00"), "non-working"},
		{"9 January 2026, Friday, day off moved from 3 January", msk("2026-01-09 10:00"), "non-working"},
		{"12 January 2026 back to work", msk("2026-01-12 10:00"), "working"},
		{"9 March 2026, Monday, day off moved from 8 March", msk("2026-03-09 10:00"), "non-working"},
		{"31 December 2026, Thursday, day off moved from 4 January", msk("2026-12-31 10:00"), "non-working"},
		{"the night before a holiday runs until its midnight", msk("2026-12-30 23:30"), "night"},
		{"a holiday takes its whole date", msk("2026-12-31 03:00"), "non-working"},
		{"no night spills out of a holiday", msk("2027-01-01 03:00"), "non-working"},
		{"provisional 2027: 3 May moved from 1 May", msk("2027-05-03 10:00"), "non-working"},
		// The admin's dates.
		{"admin holiday", msk("2026-02-04 10:00"), "non-working"},
		{"admin holiday with its own interval", msk("2026-02-05 10:00"), "duty"},
		{"admin working Saturday like Monday", msk("2026-02-14 17:30"), "working"},
		{"admin working Saturday has Monday's lunch", msk("2026-02-14 13:15"), "lunch"},
		{"admin working Saturday has Monday's night", msk("2026-02-15 02:00"), "night"},
		{"admin date overrides nothing else", msk("2026-02-21 10:00"), "non-working"},
		{"admin working day like Friday", msk("2026-12-30 17:30"), "non-working"},
		{"admin working day like Friday, inside", msk("2026-12-30 16:30"), "working"},
		// The zone is the schedule's, whatever t's location.
		{"UTC instant read in Moscow", utc("2026-02-02 06:00"), "working"},
		{"UTC instant before opening", utc("2026-02-02 05:59"), "non-working"},
	}
	for _, tt := range tests {
		if got := s.IntervalAt(tt.t); got != tt.want {
			t.Errorf("%s: IntervalAt(%v) = %q; want %q", tt.name, tt.t, got, tt.want)
		}
	}
}

func TestIntervalAtMoscowNoDST(t *testing.T) {
	t.Parallel()
	s := mustSchedule(t, office, EmbeddedCalendars())
	// Moscow is UTC+3 all year: 06:00 UTC is 09:00 in winter and summer.
	for _, day := range []string{"2026-01-14", "2026-03-30", "2026-07-01", "2026-10-26", "2026-11-25"} {
		if got := s.IntervalAt(utc(day + " 06:00")); got != "working" {
			t.Errorf("IntervalAt(%s 06:00 UTC) = %q; want working", day, got)
		}
		if got := s.IntervalAt(utc(day + " 05:59")); got != "non-working" {
			t.Errorf("IntervalAt(%s 05:59 UTC) = %q; want non-working", day, got)
		}
	}
}

// warsaw has an interval 01:00-04:00 on Sundays so that DST changes fall
// inside it, and Polish holidays.
const warsaw = `{
  "time_zone": "Europe/Warsaw",
  "intervals": [
    {"name": "working", "ranges": [{"days": ` + weekdaysList + `, "from": "09:00", "to": "17:00"}]},
    {"name": "maintenance", "ranges": [{"days": ["sun"], "from": "01:00", "to": "04:00"}]}
  ],
  "holidays": {"country": "PL"}
}`

func TestIntervalAtWarsawDST(t *testing.T) {
	t.Parallel()
	s := mustSchedule(t, warsaw, EmbeddedCalendars())
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		// 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC). The
		// range is wall-clock 01:00-04:00, which is two real hours that day.
		{"spring: 00:59 CET", utc("2026-03-28 23:59"), "non-working"},
		{"spring: 01:00 CET", utc("2026-03-29 00:00"), "maintenance"},
		{"spring: 01:59 CET", utc("2026-03-29 00:59"), "maintenance"},
		{"spring: 03:00 CEST right after the jump", utc("2026-03-29 01:00"), "maintenance"},
		{"spring: 03:59 CEST", utc("2026-03-29 01:59"), "maintenance"},
		{"spring: 04:00 CEST", utc("2026-03-29 02:00"), "non-working"},
		// 25 October 2026: 03:00 CEST falls back to 02:00 CET (01:00 UTC).
		// The hour 02:00-03:00 happens twice and matches both times: four
		// real hours.
		{"autumn: 01:00 CEST", utc("2026-10-24 23:00"), "maintenance"},
		{"autumn: first 02:30 (CEST)", utc("2026-10-25 00:30"), "maintenance"},
		{"autumn: second 02:30 (CET)", utc("2026-10-25 01:30"), "maintenance"},
		{"autumn: 03:59 CET", utc("2026-10-25 02:59"), "maintenance"},
		{"autumn: 04:00 CET", utc("2026-10-25 03:00"), "non-working"},
		// Working hours keep their wall-clock times across the change.
		{"Friday before: 09:00 CET is 08:00 UTC", utc("2026-03-27 08:00"), "working"},
		{"Friday before: 07:30 UTC is 08:30 CET", utc("2026-03-27 07:30"), "non-working"},
		{"Monday after: 09:00 CEST is 07:00 UTC", utc("2026-03-30 07:00"), "working"},
		{"Monday after: 06:59 UTC is 08:59 CEST", utc("2026-03-30 06:59"), "non-working"},
		{"Monday after autumn: 09:00 CET is 08:00 UTC", utc("2026-10-26 08:00"), "working"},
		// Movable feasts computed from Easter.
		{"Easter Monday 2026 (6 April)", at("Europe/Warsaw", "2026-04-06 10:00"), "non-working"},
		{"Tuesday after Easter 2026", at("Europe/Warsaw", "2026-04-07 10:00"), "working"},
		{"Corpus Christi 2027 (27 May)", at("Europe/Warsaw", "2027-05-27 10:00"), "non-working"},
		{"day before Corpus Christi 2027", at("Europe/Warsaw", "2027-05-26 10:00"), "working"},
		{"Christmas Eve 2026, Thursday", at("Europe/Warsaw", "2026-12-24 10:00"), "non-working"},
	}
	for _, tt := range tests {
		if got := s.IntervalAt(tt.t); got != tt.want {
			t.Errorf("%s: IntervalAt(%v) = %q; want %q", tt.name, tt.t, got, tt.want)
		}
	}
}

func TestIntervalAtUkraineMartialLaw(t *testing.T) {
	t.Parallel()
	cal := EmbeddedCalendars()
	const base = `{"time_zone": "Europe/Kyiv",
	  "intervals": [{"name": "working", "ranges": [{"days": ` + weekdaysList + `, "from": "09:00", "to": "18:00"}]}],
	  "holidays": {"country": "UA"%s}}`
	plain := mustSchedule(t, sprintf(base, ""), cal)
	observe := mustSchedule(t, sprintf(base, `, "observe_suspended": true`), cal)
	tests := []struct {
		when          string
		plain, observ string
	}{
		{"2026-05-01 10:00", "working", "non-working"}, // Labour Day, a Friday
		{"2026-08-24 10:00", "working", "non-working"}, // Independence Day, a Monday
		{"2026-04-13 10:00", "working", "working"},     // Monday after Easter: no transfer either way
		{"2026-05-04 10:00", "working", "working"},
	}
	for _, tt := range tests {
		tm := at("Europe/Kyiv", tt.when)
		if got := plain.IntervalAt(tm); got != tt.plain {
			t.Errorf("martial law: IntervalAt(%s) = %q; want %q", tt.when, got, tt.plain)
		}
		if got := observe.IntervalAt(tm); got != tt.observ {
			t.Errorf("observe_suspended: IntervalAt(%s) = %q; want %q", tt.when, got, tt.observ)
		}
	}
}

func TestIntervalAtMovedWorkingDay(t *testing.T) {
	t.Parallel()
	cal := testCalendars(t)
	// The test calendar makes Saturday 7 February 2026 work like Monday,
	// whose hours are longer than Friday's.
	const doc = `{"time_zone": "Europe/Moscow",
	  "intervals": [{"name": "working", "ranges": [
	    {"days": ["mon","tue","wed","thu"], "from": "09:00", "to": "18:00"},
	    {"days": ["fri"], "from": "09:00", "to": "16:00"}]}],
	  "holidays": {"country": "ZZ"%s}}`
	calendarDay := mustSchedule(t, sprintf(doc, ""), cal)
	asFriday := mustSchedule(t, sprintf(doc, `, "working_day_like": "fri"`), cal)
	asSunday := mustSchedule(t, sprintf(doc, `, "like": "sun"`), cal)
	tests := []struct {
		s    *Schedule
		name string
		when string
		want string
	}{
		{calendarDay, "working Saturday like Monday", "2026-02-07 17:00", "working"},
		{asFriday, "working Saturday overridden to Friday", "2026-02-07 17:00", "non-working"},
		{asFriday, "working Saturday like Friday, inside", "2026-02-07 15:00", "working"},
		{calendarDay, "its moved day off", "2026-02-09 10:00", "non-working"},
		{calendarDay, "an ordinary Saturday", "2026-02-14 10:00", "non-working"},
		{asSunday, "holiday like Sunday", "2026-02-09 10:00", "non-working"},
		{calendarDay, "Easter Monday from the rule", "2026-04-06 10:00", "non-working"},
		{calendarDay, "suspended 2027 holiday is a working day", "2027-01-01 10:00", "working"},
	}
	for _, tt := range tests {
		if got := tt.s.IntervalAt(at("Europe/Moscow", tt.when)); got != tt.want {
			t.Errorf("%s: IntervalAt(%s) = %q; want %q", tt.name, tt.when, got, tt.want)
		}
	}
}

func TestHolidayLikeSunday(t *testing.T) {
	t.Parallel()
	// A holiday that follows Sunday keeps a nightly interval running.
	const doc = `{"time_zone": "Europe/Moscow",
	  "intervals": [
	    {"name": "working", "ranges": [{"days": ` + weekdaysList + `, "from": "09:00", "to": "18:00"}]},
	    {"name": "night", "ranges": [{"days": ["mon","tue","wed","thu","fri","sat","sun"], "from": "22:00", "to": "06:00"}]}],
	  "holidays": {"country": "RU", "like": "sun"}}`
	like := mustSchedule(t, doc, EmbeddedCalendars())
	whole := mustSchedule(t, strings.Replace(doc, `"like": "sun"`, `"interval": "non-working"`, 1), EmbeddedCalendars())
	for _, tt := range []struct {
		s          *Schedule
		when, want string
	}{
		{like, "2026-01-01 10:00", "non-working"},
		{like, "2026-01-01 23:00", "night"},
		{like, "2026-01-02 03:00", "night"},
		{like, "2026-01-10 03:00", "night"}, // after Friday 9 January, a day off like Sunday
		{like, "2026-01-12 10:00", "working"},
		{whole, "2026-01-01 23:00", "non-working"},
		{whole, "2026-01-10 03:00", "non-working"}, // nothing spills out of a whole-day holiday
		{whole, "2026-01-10 23:00", "night"},
		{whole, "2026-01-11 03:00", "night"},
	} {
		if got := tt.s.IntervalAt(at("Europe/Moscow", tt.when)); got != tt.want {
			t.Errorf("IntervalAt(%s) = %q; want %q", tt.when, got, tt.want)
		}
	}
}

func TestOutcomes(t *testing.T) {
	t.Parallel()
	s := mustSchedule(t, office, EmbeddedCalendars())
	got := s.Outcomes()
	want := []string{"lunch", "working", "night", "duty", "non-working"}
	if len(got) != len(want) {
		t.Fatalf("Outcomes() = %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Outcomes() = %v; want %v", got, want)
		}
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
