package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Version is the document version this package writes and reads.
const Version = 1

// The standard interval names; an admin may add up to three more.
const (
	Working    = "working"
	NonWorking = "non-working"
)

// Document is a schedule as the admin defines it and the store keeps it in
// store.Schedule.Document. Times of day are "HH:MM" wall-clock times in the
// schedule's zone; weekdays are "mon" to "sun"; dates are "YYYY-MM-DD".
// Example:
//
//	{
//	  "version": 1,
//	  "time_zone": "Europe/Moscow",
//	  "intervals": [
//	    {"name": "lunch",   "ranges": [{"days": ["mon","tue","wed","thu","fri"], "from": "13:00", "to": "14:00"}]},
//	    {"name": "working", "ranges": [{"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "18:00"}]},
//	    {"name": "night",   "ranges": [{"days": ["mon","tue","wed","thu","fri"], "from": "22:00", "to": "06:00"}]}
//	  ],
//	  "default": "non-working",
//	  "holidays": {
//	    "country": "RU",
//	    "interval": "non-working",
//	    "dates": [
//	      {"date": "2026-12-30", "kind": "holiday", "name": "Stocktaking"},
//	      {"date": "2026-06-06", "kind": "working", "like": "mon", "name": "Make-up day"}
//	    ]
//	  }
//	}
type Document struct {
	// Version is 1; zero is read as 1.
	Version int `json:"version"`
	// TimeZone is an IANA zone name such as "Europe/Warsaw". It may be
	// left out when the store row's TimeZone gives it (see FromStore).
	TimeZone string `json:"time_zone,omitempty"`
	// Intervals are matched in order: at any moment the first interval with
	// a range covering it wins, so list a short break before the working
	// hours it interrupts. At most five intervals, of which at most three
	// are not named Working or NonWorking.
	Intervals []Interval `json:"intervals"`
	// Default is the interval of a moment no range covers; "" means
	// NonWorking. It is Working, NonWorking or a listed interval's name.
	Default string `json:"default,omitempty"`
	// Holidays says which production calendar applies and how its days map.
	Holidays Holidays `json:"holidays"`
}

// Interval is a named set of weekly ranges. Its name is an outcome of the
// schedule element.
type Interval struct {
	Name   string  `json:"name"`
	Ranges []Range `json:"ranges"`
}

// Range is a span of wall-clock time on each of some weekdays. From is
// "00:00" to "23:59", To is "00:00" to "24:00". If To is earlier than From
// the range crosses midnight: it runs from From on the listed day to To on
// the next calendar day. From equal to To is refused as empty; a whole day is
// "00:00" to "24:00".
type Range struct {
	Days []string `json:"days"`
	From string   `json:"from"`
	To   string   `json:"to"`
}

// Holidays configures the holiday calendar of a schedule.
type Holidays struct {
	// Country is the calendar's code ("RU", "UA", "PL"), or "" for none.
	Country string `json:"country,omitempty"`
	// Interval is the interval of a whole holiday or moved day off; ""
	// means NonWorking. Leave it empty when Like is set.
	Interval string `json:"interval,omitempty"`
	// Like, a weekday, makes a holiday follow that weekday's ranges (for
	// example "sun", so that a night interval still applies) instead of
	// being one Interval all day.
	Like string `json:"like,omitempty"`
	// WorkingDayLike, a weekday, makes every moved working day follow that
	// weekday's ranges; "" means the weekday the calendar gives, normally
	// the one whose work was moved.
	WorkingDayLike string `json:"working_day_like,omitempty"`
	// ObserveSuspended treats a holiday that the law currently makes a
	// working day (Ukraine under martial law) as a holiday anyway.
	ObserveSuspended bool `json:"observe_suspended,omitempty"`
	// Dates are the admin's own dates. Each overrides the country calendar
	// for its date. At most 500.
	Dates []Date `json:"dates,omitempty"`
}

// Date is a date an admin adds to a schedule.
type Date struct {
	Date string `json:"date"`
	// Kind is "holiday" (the day is a holiday: Interval, or the schedule's
	// holiday mapping) or "working" (the day follows weekday Like).
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
	// Interval overrides the holiday mapping for this holiday.
	Interval string `json:"interval,omitempty"`
	// Like is the weekday a working day follows; required for "working".
	Like string `json:"like,omitempty"`
}

// Kinds of an admin's Date.
const (
	DateHoliday = "holiday"
	DateWorking = "working"
)

// ErrInvalid is matched by every *FieldError with errors.Is.
var ErrInvalid = errors.New("schedule: invalid document")

// FieldError says which field of a document is wrong and why.
type FieldError struct {
	// Schedule names the schedule ("schedule 3 \"Office\""), or is empty.
	Schedule string
	// Field is the path of the field: "intervals[1].ranges[0].to".
	Field string
	// Problem says what is wrong in words an admin can act on.
	Problem string
}

func (e *FieldError) Error() string {
	if e.Schedule != "" {
		return "schedule: " + e.Schedule + ": " + e.Field + ": " + e.Problem
	}
	return "schedule: " + e.Field + ": " + e.Problem
}

// Is reports whether target is ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Parse decodes and validates a schedule document. It refuses unknown fields,
// values of the wrong JSON type and trailing data; every error is a
// *FieldError naming the field. It does not check that the time zone exists
// on this box or that the country has a calendar: New does.
func Parse(data []byte) (*Document, error) {
	var d Document
	if err := d.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

// UnmarshalJSON decodes a document strictly (as Parse, without Validate).
func (d *Document) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fieldErr("document", "not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fieldErr("document", "unexpected data after the JSON object")
	}
	var nd Document
	r := &reader{}
	o := r.object("document", v)
	nd.Version = r.integer(o, "version")
	nd.TimeZone = r.str(o, "time_zone")
	for i, iv := range r.list(o, "intervals") {
		p := fmt.Sprintf("intervals[%d]", i)
		ivo := r.object(p, iv)
		in := Interval{Name: r.str(ivo, "name")}
		for j, rv := range r.list(ivo, "ranges") {
			ro := r.object(fmt.Sprintf("%s.ranges[%d]", p, j), rv)
			rg := Range{From: r.str(ro, "from"), To: r.str(ro, "to")}
			for k, dv := range r.list(ro, "days") {
				rg.Days = append(rg.Days, r.value(fmt.Sprintf("%s.days[%d]", ro.path, k), dv))
			}
			r.done(ro)
			in.Ranges = append(in.Ranges, rg)
		}
		r.done(ivo)
		nd.Intervals = append(nd.Intervals, in)
	}
	nd.Default = r.str(o, "default")
	if hv, ok := o.take("holidays"); ok {
		ho := r.object("holidays", hv)
		h := &nd.Holidays
		h.Country = r.str(ho, "country")
		h.Interval = r.str(ho, "interval")
		h.Like = r.str(ho, "like")
		h.WorkingDayLike = r.str(ho, "working_day_like")
		h.ObserveSuspended = r.boolean(ho, "observe_suspended")
		for i, dv := range r.list(ho, "dates") {
			do := r.object(fmt.Sprintf("holidays.dates[%d]", i), dv)
			h.Dates = append(h.Dates, Date{
				Date: r.str(do, "date"), Kind: r.str(do, "kind"), Name: r.str(do, "name"),
				Interval: r.str(do, "interval"), Like: r.str(do, "like"),
			})
			r.done(do)
		}
		r.done(ho)
	}
	r.done(o)
	if r.err != nil {
		return r.err
	}
	*d = nd
	return nil
}

// reader walks a decoded JSON value and keeps the first error, with its path.
type reader struct{ err error }

type jsonObject struct {
	path string
	m    map[string]any
}

func (o *jsonObject) take(key string) (any, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.m[key]
	delete(o.m, key)
	return v, ok
}

func (o *jsonObject) at(key string) string {
	if o.path == "document" {
		return key
	}
	return o.path + "." + key
}

func (r *reader) fail(field, format string, args ...any) {
	if r.err == nil {
		r.err = fieldErr(field, format, args...)
	}
}

func (r *reader) object(path string, v any) *jsonObject {
	m, ok := v.(map[string]any)
	if !ok {
		r.fail(path, "must be an object, not %s", jsonType(v))
		return nil
	}
	return &jsonObject{path: path, m: m}
}

// done refuses the keys of o that no reader took.
func (r *reader) done(o *jsonObject) {
	if o == nil || len(o.m) == 0 {
		return
	}
	keys := make([]string, 0, len(o.m))
	for k := range o.m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	r.fail(o.at(keys[0]), "unknown field")
}

func (r *reader) str(o *jsonObject, key string) string {
	v, ok := o.take(key)
	if !ok {
		return ""
	}
	return r.value(o.at(key), v)
}

func (r *reader) value(path string, v any) string {
	s, ok := v.(string)
	if !ok {
		r.fail(path, "must be a string, not %s", jsonType(v))
	}
	return s
}

func (r *reader) boolean(o *jsonObject, key string) bool {
	v, ok := o.take(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		r.fail(o.at(key), "must be true or false, not %s", jsonType(v))
	}
	return b
}

func (r *reader) integer(o *jsonObject, key string) int {
	v, ok := o.take(key)
	if !ok {
		return 0
	}
	n, isNum := v.(json.Number)
	i, err := n.Int64()
	if !isNum || err != nil || i < 0 || i > 1000 {
		r.fail(o.at(key), "must be a small whole number, not %s", jsonType(v))
	}
	return int(i)
}

func (r *reader) list(o *jsonObject, key string) []any {
	v, ok := o.take(key)
	if !ok || v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		r.fail(o.at(key), "must be a list, not %s", jsonType(v))
	}
	if len(l) > maxListLen {
		r.fail(o.at(key), "has %d entries; at most %d are allowed", len(l), maxListLen)
		return nil
	}
	return l
}

// maxListLen bounds every list in a document.
const maxListLen = 500

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", truncate(v))
	case json.Number:
		return "the number " + truncate(v.String())
	case bool:
		return fmt.Sprint(v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// weekdays are the names a document uses, indexed by time.Weekday.
var weekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func parseWeekday(s string) (time.Weekday, error) {
	if i := slices.Index(weekdays[:], strings.ToLower(s)); i >= 0 && s == weekdays[i] {
		return time.Weekday(i), nil
	}
	return 0, fmt.Errorf("%q is not a weekday (mon, tue, wed, thu, fri, sat, sun)", s)
}

// parseClock reads "HH:MM" as minutes since midnight; "24:00" only if
// end.
func parseClock(s string, end bool) (int, error) {
	limit := "23:59"
	if end {
		limit = "23:59 or 24:00"
	}
	bad := fmt.Errorf("%s is not a time of day (HH:MM, 00:00 to %s)", s, limit)
	if len(s) != 5 || s[2] != ':' {
		return 0, bad
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, bad
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	switch {
	case m > 59, h > 24, h == 24 && (m != 0 || !end):
		return 0, bad
	}
	return h*60 + m, nil
}
