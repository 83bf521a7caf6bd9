package schedule

import "time"

// Computus names the rule by which a calendar dates Easter.
type Computus string

// Computus rules. Both return a date in the Gregorian calendar.
const (
	// Gregorian is the Western rule (Catholic and Protestant churches).
	Gregorian Computus = "gregorian"
	// Julian is the Orthodox rule: Easter computed in the Julian calendar
	// and converted to the Gregorian one.
	Julian Computus = "julian"
)

// Easter returns the date of Easter Sunday of year by rule c, at 00:00 UTC.
// It is valid for years 1583 to 4099.
func Easter(year int, c Computus) time.Time {
	if c == Julian {
		return julianEaster(year)
	}
	return gregorianEaster(year)
}

// gregorianEaster evaluates the Gregorian computus: the first Sunday after
// the ecclesiastical full moon on or after 21 March, with the solar and lunar
// corrections of the Gregorian reform.
func gregorianEaster(y int) time.Time {
	golden := y % 19 // position in the 19-year Metonic cycle
	century, yy := y/100, y%100
	leapSkip, centuryRest := century/4, century%4
	moonShift := (century + 8) / 25
	lunarCorr := (century - moonShift + 1) / 3
	epact := (19*golden + century - leapSkip - lunarCorr + 15) % 30 // days from 21 March to the full moon, roughly
	weekday := (32 + 2*centuryRest + 2*(yy/4) - epact - yy%4) % 7   // days from the full moon to Sunday
	exception := (golden + 11*epact + 22*weekday) / 451
	n := epact + weekday - 7*exception + 114
	return time.Date(y, time.Month(n/31), n%31+1, 0, 0, 0, 0, time.UTC)
}

// julianEaster evaluates the Julian computus and shifts the result by the
// difference between the Julian and Gregorian calendars in that century
// (13 days in 1900-2099).
func julianEaster(y int) time.Time {
	fullMoon := (19*(y%19) + 15) % 30
	toSunday := (2*(y%4) + 4*(y%7) - fullMoon + 34) % 7
	n := fullMoon + toSunday + 114
	drift := y/100 - y/400 - 2
	return time.Date(y, time.Month(n/31), n%31+1+drift, 0, 0, 0, 0, time.UTC)
}
