package schedule

import (
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // zones resolve on a board without /usr/share/zoneinfo

	"github.com/hookflash/firmware/pbx/store"
)

// Schedule is a validated document compiled for evaluation. It is immutable
// and safe for concurrent use.
type Schedule struct {
	doc       Document
	loc       *time.Location
	cal       *Calendars
	intervals []compiled
	def       string // interval of uncovered time
	holiday   string // interval of a whole holiday, "" when holidayLike is used
	holLike   time.Weekday
	workLike  time.Weekday
	workFixed bool // workLike overrides the calendar's weekday
	dates     map[civil]Date
}

type compiled struct {
	name  string
	spans []span
}

// New validates doc, loads its time zone and checks that cal has the
// calendar it names. cal may be nil when doc names no country.
func New(doc *Document, cal *Calendars) (*Schedule, error) {
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	if doc.TimeZone == "" {
		return nil, fieldErr("time_zone", "a schedule needs a time zone such as Europe/Moscow")
	}
	loc, err := time.LoadLocation(doc.TimeZone)
	if err != nil {
		return nil, fieldErr("time_zone", "%q is not an IANA time zone such as Europe/Moscow", doc.TimeZone)
	}
	if c := doc.Holidays.Country; c != "" && (cal == nil || cal.countries[c] == nil) {
		var have []string
		if cal != nil {
			have = cal.Countries()
		}
		return nil, fieldErr("holidays.country", "there is no holiday calendar for %s; calendars: %v", c, have)
	}
	s := &Schedule{doc: *doc, loc: loc, cal: cal, def: orNonWorking(doc.Default), dates: map[civil]Date{}}
	s.doc.Intervals = slices.Clone(doc.Intervals)
	s.doc.Holidays.Dates = slices.Clone(doc.Holidays.Dates)
	for i, iv := range doc.Intervals {
		c := compiled{name: iv.Name}
		for j, r := range iv.Ranges {
			sp, err := r.compile(fmt.Sprintf("intervals[%d].ranges[%d]", i, j))
			if err != nil {
				return nil, err
			}
			c.spans = append(c.spans, sp)
		}
		s.intervals = append(s.intervals, c)
	}
	h := doc.Holidays
	if h.Like != "" {
		s.holLike, _ = parseWeekday(h.Like)
	} else {
		s.holiday = orNonWorking(h.Interval)
	}
	if h.WorkingDayLike != "" {
		s.workLike, _ = parseWeekday(h.WorkingDayLike)
		s.workFixed = true
	}
	for _, d := range h.Dates {
		date, _ := parseDate(d.Date)
		s.dates[date] = d
	}
	return s, nil
}

// FromStore builds a schedule from its store row. The row's TimeZone is used
// when the document has none; if both are set they must agree.
func FromStore(row store.Schedule, cal *Calendars) (*Schedule, error) {
	doc, err := Parse(row.Document)
	if err != nil {
		return nil, err
	}
	switch {
	case doc.TimeZone == "":
		doc.TimeZone = row.TimeZone
	case row.TimeZone != "" && row.TimeZone != doc.TimeZone:
		return nil, fieldErr("time_zone", "the document says %s but the schedule says %s; make them the same", doc.TimeZone, row.TimeZone)
	}
	return New(doc, cal)
}

func orNonWorking(name string) string {
	if name == "" {
		return NonWorking
	}
	return name
}

// Document returns a copy of the schedule's document.
func (s *Schedule) Document() Document {
	d := s.doc
	d.Intervals = slices.Clone(s.doc.Intervals)
	d.Holidays.Dates = slices.Clone(s.doc.Holidays.Dates)
	return d
}

// Location returns the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// Outcomes returns every interval name IntervalAt can return, in document
// order followed by the default and holiday intervals when they are not
// listed: the outcomes of a schedule element that must be connected.
func (s *Schedule) Outcomes() []string {
	var out []string
	add := func(n string) {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	for _, c := range s.intervals {
		add(c.name)
	}
	add(s.def)
	add(s.holiday)
	for _, d := range s.doc.Holidays.Dates {
		add(d.Interval)
	}
	return out
}

// plan says how one calendar date is evaluated: a whole-day interval, or the
// ranges of weekday like.
type plan struct {
	whole string
	like  time.Weekday
}

// dayPlan decides the plan of a date: the admin's dates first, then the
// country calendar, then the date's own weekday.
func (s *Schedule) dayPlan(date civil) plan {
	if d, ok := s.dates[date]; ok {
		if d.Kind == DateWorking {
			wd, _ := parseWeekday(d.Like)
			return plan{like: wd}
		}
		if d.Interval != "" {
			return plan{whole: d.Interval}
		}
		return s.holidayPlan()
	}
	if day, ok := s.cal.day(s.doc.Holidays.Country, date); ok {
		switch day.Kind {
		case PublicHoliday, DayOff:
			return s.holidayPlan()
		case SuspendedHoliday:
			if s.doc.Holidays.ObserveSuspended {
				return s.holidayPlan()
			}
		case WorkingDay:
			if s.workFixed {
				return plan{like: s.workLike}
			}
			return plan{like: day.Like}
		}
	}
	return plan{like: date.weekday()}
}

func (s *Schedule) holidayPlan() plan {
	if s.holiday != "" {
		return plan{whole: s.holiday}
	}
	return plan{like: s.holLike}
}

// IntervalAt returns the name of the interval t falls in, evaluated on the
// wall clock of the schedule's zone (t's own location does not matter). The
// first interval in document order with a range covering t wins; a range
// covers its start day's [from, to) and, when it crosses midnight, [00:00,
// to) of the next calendar day, unless that day is a whole-day holiday. A
// whole-day holiday is its interval from 00:00 to 24:00. Time nobody covers
// is the default interval.
func (s *Schedule) IntervalAt(t time.Time) string {
	lt := t.In(s.loc)
	today := civilOf(lt)
	minute := lt.Hour()*60 + lt.Minute()
	p := s.dayPlan(today)
	if p.whole != "" {
		return p.whole
	}
	prev := s.dayPlan(today.addDays(-1))
	for _, c := range s.intervals {
		for _, sp := range c.spans {
			if sp.days[p.like] && sp.from <= minute && minute < sp.to {
				return c.name
			}
			if prev.whole == "" && sp.days[prev.like] && minute < sp.spill {
				return c.name
			}
		}
	}
	return s.def
}
