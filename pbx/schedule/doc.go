// Package schedule decides which named interval of a weekly schedule a moment
// falls in: "working", "non-working" or one of up to three intervals an admin
// names, in the schedule's time zone, with public holidays and moved working
// days from a country's production calendar and dates the admin adds.
//
// The schedule element of a call scenario has one outcome per interval; the
// scenario engine asks a Service for the interval of a call's time.
//
// A schedule is kept in the store as store.Schedule, whose Document is the
// JSON that Parse reads (see Document). Ranges are wall-clock times in the
// schedule's zone: a range 01:00-04:00 on the Sunday a clock springs forward
// (02:00 -> 03:00) lasts two real hours, on the Sunday it falls back (03:00 ->
// 02:00) four, because the hour 02:00-03:00 occurs twice and matches both
// times. A range that crosses midnight belongs to the day it starts on; a
// holiday takes its whole calendar date, so a range of the day before stops at
// the holiday's midnight.
//
// Holiday calendars for Russia, Ukraine and Poland are embedded as data (the
// calendars directory, one JSON file per country with its sources); see
// Calendars. The package imports time/tzdata, so time zones resolve on a
// board without /usr/share/zoneinfo.
package schedule
