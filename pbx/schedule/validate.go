package schedule

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Limits of a document.
const (
	// MaxIntervals is the number of intervals a schedule may have.
	MaxIntervals = 5
	// MaxNamedIntervals is how many of them may have names other than
	// Working and NonWorking.
	MaxNamedIntervals = 3
	maxNameLen        = 40
	maxDateNameLen    = 80
)

// Validate checks the document on its own: names, times, weekdays, dates and
// that every interval it maps to exists. It returns the first problem as a
// *FieldError. It does not load the time zone or the calendar (New does).
func (d *Document) Validate() error {
	if d.Version != 0 && d.Version != Version {
		return fieldErr("version", "%d is not supported; this firmware reads version %d", d.Version, Version)
	}
	if d.TimeZone != "" {
		if err := checkZoneName(d.TimeZone); err != nil {
			return fieldErr("time_zone", "%v", err)
		}
	}
	if len(d.Intervals) == 0 {
		return fieldErr("intervals", "a schedule needs at least one interval, such as %q", Working)
	}
	if len(d.Intervals) > MaxIntervals {
		return fieldErr("intervals", "has %d intervals; at most %d (%q, %q and %d more)", len(d.Intervals), MaxIntervals, Working, NonWorking, MaxNamedIntervals)
	}
	named := 0
	for i, iv := range d.Intervals {
		p := fmt.Sprintf("intervals[%d]", i)
		if err := checkName(iv.Name); err != nil {
			return fieldErr(p+".name", "%v", err)
		}
		if slices.IndexFunc(d.Intervals[:i], func(o Interval) bool { return o.Name == iv.Name }) >= 0 {
			return fieldErr(p+".name", "%q is used by an earlier interval; names must differ", iv.Name)
		}
		if iv.Name != Working && iv.Name != NonWorking {
			if named++; named > MaxNamedIntervals {
				return fieldErr(p+".name", "at most %d intervals may have names other than %q and %q", MaxNamedIntervals, Working, NonWorking)
			}
		}
		for j, r := range iv.Ranges {
			if _, err := r.compile(fmt.Sprintf("%s.ranges[%d]", p, j)); err != nil {
				return err
			}
		}
	}
	if err := d.checkTarget("default", d.Default); err != nil {
		return err
	}
	return d.Holidays.validate(d)
}

func (h *Holidays) validate(d *Document) error {
	if h.Country != "" && !isCountryCode(h.Country) {
		return fieldErr("holidays.country", "%q is not a country code such as RU, UA or PL", h.Country)
	}
	if h.Like != "" {
		if h.Interval != "" {
			return fieldErr("holidays.like", "set either interval or like, not both")
		}
		if _, err := parseWeekday(h.Like); err != nil {
			return fieldErr("holidays.like", "%v", err)
		}
	}
	if err := d.checkTarget("holidays.interval", h.Interval); err != nil {
		return err
	}
	if h.WorkingDayLike != "" {
		if _, err := parseWeekday(h.WorkingDayLike); err != nil {
			return fieldErr("holidays.working_day_like", "%v", err)
		}
	}
	if len(h.Dates) > maxListLen {
		return fieldErr("holidays.dates", "has %d dates; at most %d", len(h.Dates), maxListLen)
	}
	seen := map[string]int{}
	for i, dt := range h.Dates {
		p := fmt.Sprintf("holidays.dates[%d]", i)
		if _, err := parseDate(dt.Date); err != nil {
			return fieldErr(p+".date", "%v", err)
		}
		if j, dup := seen[dt.Date]; dup {
			return fieldErr(p+".date", "%s is already holidays.dates[%d]", dt.Date, j)
		}
		seen[dt.Date] = i
		if len(dt.Name) > maxDateNameLen || strings.ContainsFunc(dt.Name, unicode.IsControl) {
			return fieldErr(p+".name", "must be at most %d characters without control characters", maxDateNameLen)
		}
		switch dt.Kind {
		case DateHoliday:
			if dt.Like != "" {
				return fieldErr(p+".like", "is for a working day; a holiday uses interval or the schedule's holiday mapping")
			}
			if err := d.checkTarget(p+".interval", dt.Interval); err != nil {
				return err
			}
		case DateWorking:
			if dt.Interval != "" {
				return fieldErr(p+".interval", "is for a holiday; a working day follows the weekday in like")
			}
			if dt.Like == "" {
				return fieldErr(p+".like", "a working day must name the weekday whose hours it follows (mon to sun)")
			}
			if _, err := parseWeekday(dt.Like); err != nil {
				return fieldErr(p+".like", "%v", err)
			}
		default:
			return fieldErr(p+".kind", "%q is neither %q nor %q", dt.Kind, DateHoliday, DateWorking)
		}
	}
	return nil
}

// checkTarget checks a field that names an interval; "" is allowed (it means
// NonWorking).
func (d *Document) checkTarget(field, name string) error {
	if name == "" || name == Working || name == NonWorking {
		return nil
	}
	if slices.IndexFunc(d.Intervals, func(iv Interval) bool { return iv.Name == name }) < 0 {
		return fieldErr(field, "%q is not %q, %q or the name of an interval", name, Working, NonWorking)
	}
	return nil
}

func checkName(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("an interval needs a name")
	case len(s) > maxNameLen:
		return fmt.Errorf("is longer than %d bytes", maxNameLen)
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("%q starts or ends with a space", s)
	case strings.ContainsFunc(s, unicode.IsControl):
		return fmt.Errorf("contains a control character")
	}
	return nil
}

// checkZoneName refuses names that time.LoadLocation accepts but that are not
// IANA zones, or that would read a file outside the zone database.
func checkZoneName(s string) error {
	if s == "Local" || strings.HasPrefix(s, "/") || strings.Contains(s, "..") || strings.ContainsAny(s, "\\\x00") || len(s) > 64 {
		return fmt.Errorf("%q is not an IANA time zone such as Europe/Moscow", s)
	}
	return nil
}

// span is a compiled range: minutes since local midnight, [from, to) on the
// start day, and [0, spill) on the next day when it crosses midnight.
type span struct {
	days  [7]bool
	from  int
	to    int // end on the start day, at most 1440
	spill int // end on the next day, 0 if none
}

func (r Range) compile(p string) (span, error) {
	var s span
	if len(r.Days) == 0 {
		return s, fieldErr(p+".days", "a range needs at least one weekday (mon to sun)")
	}
	for i, day := range r.Days {
		wd, err := parseWeekday(day)
		if err != nil {
			return s, fieldErr(fmt.Sprintf("%s.days[%d]", p, i), "%v", err)
		}
		if s.days[wd] {
			return s, fieldErr(fmt.Sprintf("%s.days[%d]", p, i), "%s is listed twice", day)
		}
		s.days[wd] = true
	}
	from, err := parseClock(r.From, false)
	if err != nil {
		return s, fieldErr(p+".from", "%v", err)
	}
	to, err := parseClock(r.To, true)
	if err != nil {
		return s, fieldErr(p+".to", "%v", err)
	}
	switch {
	case from == to:
		return s, fieldErr(p+".to", "%s is the same as from, so the range is empty; a whole day is 00:00 to 24:00", r.To)
	case from < to:
		s.from, s.to = from, to
	default: // crosses midnight
		s.from, s.to, s.spill = from, 24*60, to
	}
	return s, nil
}
