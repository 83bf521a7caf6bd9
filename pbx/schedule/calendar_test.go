package schedule

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEmbeddedCalendars(t *testing.T) {
	t.Parallel()
	cal := EmbeddedCalendars()
	if got := strings.Join(cal.Countries(), ","); got != "PL,RU,UA" {
		t.Fatalf("Countries() = %s; want PL,RU,UA", got)
	}
	tests := []struct {
		country, date string
		wantName      string
		wantKind      HolidayKind
		wantOK        bool
	}{
		{"RU", "2026-01-01", "New Year holidays", PublicHoliday, true},
		{"RU", "2026-01-07", "Christmas", PublicHoliday, true},
		{"RU", "2026-01-08", "New Year holidays", PublicHoliday, true},
		{"RU", "2026-01-09", "Day off moved from 3 January", DayOff, true},
		{"RU", "2026-01-12", "", NotHoliday, false},
		{"RU", "2026-02-23", "Defender of the Fatherland Day", PublicHoliday, true},
		{"RU", "2026-03-09", "Day off moved from 8 March", DayOff, true},
		{"RU", "2026-05-11", "Day off moved from 9 May", DayOff, true},
		{"RU", "2026-11-04", "Unity Day", PublicHoliday, true},
		{"RU", "2026-12-31", "Day off moved from 4 January", DayOff, true},
		{"ru", "2026-12-31", "Day off moved from 4 January", DayOff, true},
		{"RU", "2027-05-03", "Day off moved from 1 May", DayOff, true},
		{"RU", "2027-06-14", "Day off moved from 12 June", DayOff, true},
		{"RU", "2025-01-01", "", NotHoliday, false}, // not covered
		{"RU", "2028-01-01", "", NotHoliday, false},
		{"PL", "2026-04-05", "Easter Sunday", PublicHoliday, true},
		{"PL", "2026-04-06", "Easter Monday", PublicHoliday, true},
		{"PL", "2026-05-24", "Pentecost", PublicHoliday, true},
		{"PL", "2026-06-04", "Corpus Christi", PublicHoliday, true},
		{"PL", "2027-03-29", "Easter Monday", PublicHoliday, true},
		{"PL", "2027-05-27", "Corpus Christi", PublicHoliday, true},
		{"PL", "2026-12-24", "Christmas Eve", PublicHoliday, true},
		{"PL", "2026-08-14", "", NotHoliday, false}, // the employer's choice, not the calendar's
		{"UA", "2026-01-01", "New Year", SuspendedHoliday, true},
		{"UA", "2026-04-12", "Easter", SuspendedHoliday, true},
		{"UA", "2026-05-31", "Trinity", SuspendedHoliday, true},
		{"UA", "2027-05-02", "Easter", SuspendedHoliday, true},
		{"UA", "2027-06-20", "Trinity", SuspendedHoliday, true},
		{"UA", "2026-12-25", "Christmas", SuspendedHoliday, true},
		{"UA", "2026-01-07", "", NotHoliday, false}, // no longer a holiday since 2023
		{"DE", "2026-01-01", "", NotHoliday, false},
	}
	for _, tt := range tests {
		name, kind, ok := cal.Holiday(tt.country, date(tt.date))
		if name != tt.wantName || kind != tt.wantKind || ok != tt.wantOK {
			t.Errorf("Holiday(%s, %s) = %q, %v, %v; want %q, %v, %v", tt.country, tt.date, name, kind, ok, tt.wantName, tt.wantKind, tt.wantOK)
		}
	}
}

func TestCalendarFacts(t *testing.T) {
	t.Parallel()
	cal := EmbeddedCalendars()
	coverage := []struct {
		country string
		year    int
		want    string
	}{
		{"RU", 2026, Official}, {"RU", 2027, Provisional},
		{"UA", 2026, Official}, {"UA", 2027, Provisional},
		{"PL", 2026, Official}, {"PL", 2027, Official},
		{"RU", 2028, ""}, {"XX", 2026, ""},
	}
	for _, c := range coverage {
		if got := cal.Coverage(c.country, c.year); got != c.want {
			t.Errorf("Coverage(%s, %d) = %q; want %q", c.country, c.year, got, c.want)
		}
	}
	// Every entry of a provisional year says so.
	if d, _ := cal.Day("RU", date("2027-01-01")); !d.Provisional {
		t.Errorf("Day(RU, 2027-01-01).Provisional = false")
	}
	if d, _ := cal.Day("RU", date("2026-12-31")); d.MovedFrom != date("2026-01-04") {
		t.Errorf("Day(RU, 2026-12-31).MovedFrom = %v; want 2026-01-04", d.MovedFrom)
	}
	// Decree No. 1466 moves no Saturday or Sunday into work in 2026; the
	// count of holidays and days off matches its rest periods.
	counts := map[HolidayKind]int{}
	for d := date("2026-01-01"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		_, kind, _ := cal.Holiday("RU", d)
		counts[kind]++
	}
	if counts[WorkingDay] != 0 || counts[PublicHoliday] != 14 || counts[DayOff] != 4 {
		t.Errorf("RU 2026: %d working days, %d holidays, %d days off; want 0, 14, 4", counts[WorkingDay], counts[PublicHoliday], counts[DayOff])
	}
	// Poland has 14 days free from work; all 11 Ukrainian holidays are
	// suspended under martial law.
	for _, c := range []struct {
		country string
		kind    HolidayKind
		want    int
	}{{"PL", PublicHoliday, 14}, {"UA", SuspendedHoliday, 11}} {
		for _, year := range []int{2026, 2027} {
			n := 0
			for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
				if _, kind, _ := cal.Holiday(c.country, d); kind == c.kind {
					n++
				}
			}
			if n != c.want {
				t.Errorf("%s %d has %d days of kind %v; want %d", c.country, year, n, c.kind, c.want)
			}
		}
	}
}

// testCalendar has a working Saturday that follows Monday, a holiday and a
// suspension, in a country "ZZ".
const testCalendar = `{
  "country": "ZZ", "name": "Test", "comment": "test data", "sources": ["the test"],
  "rules": [{"date": "01-01", "name": "New Year"}, {"easter": 1, "computus": "gregorian", "name": "Easter Monday"}],
  "suspensions": [{"from": "2027-01-01", "source": "test"}],
  "years": {
    "2026": {"status": "official", "days": [
      {"date": "2026-02-07", "kind": "working", "like": "mon", "moved_from": "2026-02-09", "name": "Working Saturday"},
      {"date": "2026-02-09", "kind": "day_off", "name": "Day off moved from 7 February"}
    ]},
    "2027": {"status": "provisional"}
  }
}`

func testCalendars(t testing.TB) *Calendars {
	t.Helper()
	cal, err := LoadCalendars(fstest.MapFS{"zz.json": {Data: []byte(testCalendar)}})
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func TestLoadCalendars(t *testing.T) {
	t.Parallel()
	cal := testCalendars(t)
	d, ok := cal.Day("ZZ", date("2026-02-07"))
	if !ok || d.Kind != WorkingDay || d.Like != time.Monday {
		t.Errorf("Day(ZZ, 2026-02-07) = %+v, %v; want a working day like Monday", d, ok)
	}
	if _, kind, _ := cal.Holiday("ZZ", date("2027-01-01")); kind != SuspendedHoliday {
		t.Errorf("Holiday(ZZ, 2027-01-01) kind = %v; want suspended", kind)
	}
	if _, kind, _ := cal.Holiday("ZZ", date("2026-04-06")); kind != PublicHoliday {
		t.Errorf("Holiday(ZZ, 2026-04-06) kind = %v; want holiday", kind)
	}

	bad := []struct{ name, data, want string }{
		{"not json", `{`, "unexpected EOF"},
		{"unknown field", `{"country":"ZZ","colour":1}`, "unknown field"},
		{"lower-case country", `{"country":"zz","comment":"c","sources":["s"]}`, "two-letter"},
		{"no sources", `{"country":"ZZ","comment":"c"}`, "sources"},
		{"bad year", `{"country":"ZZ","comment":"c","sources":["s"],"years":{"20x6":{"status":"official"}}}`, "not a year"},
		{"bad status", `{"country":"ZZ","comment":"c","sources":["s"],"years":{"2026":{"status":"maybe"}}}`, "status"},
		{"bad kind", `{"country":"ZZ","comment":"c","sources":["s"],"years":{"2026":{"status":"official","days":[{"date":"2026-01-02","kind":"party","name":"x"}]}}}`, "days[0].kind"},
		{"working without like", `{"country":"ZZ","comment":"c","sources":["s"],"years":{"2026":{"status":"official","days":[{"date":"2026-01-03","kind":"working","name":"x"}]}}}`, "days[0].like"},
		{"date in another year", `{"country":"ZZ","comment":"c","sources":["s"],"years":{"2026":{"status":"official","days":[{"date":"2027-01-04","kind":"day_off","name":"x"}]}}}`, "not in 2026"},
		{"rule with both", `{"country":"ZZ","comment":"c","sources":["s"],"rules":[{"date":"01-01","easter":0,"computus":"julian","name":"x"}],"years":{"2026":{"status":"official"}}}`, "either a date or an easter"},
		{"duplicate rule date", `{"country":"ZZ","comment":"c","sources":["s"],"rules":[{"date":"01-01","name":"x"},{"date":"01-01","name":"y"}],"years":{"2026":{"status":"official"}}}`, "rules[1]"},
		{"bad computus", `{"country":"ZZ","comment":"c","sources":["s"],"rules":[{"easter":0,"computus":"lunar","name":"x"}],"years":{"2026":{"status":"official"}}}`, "computus"},
		{"suspension without source", `{"country":"ZZ","comment":"c","sources":["s"],"suspensions":[{"from":"2022-01-01"}]}`, "suspensions[0].source"},
	}
	for _, tt := range bad {
		_, err := LoadCalendars(fstest.MapFS{"zz.json": {Data: []byte(tt.data)}})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "schedule: calendar zz.json: ") {
			t.Errorf("%s: LoadCalendars = %v; want an error about %q", tt.name, err, tt.want)
		}
	}
	_, err := LoadCalendars(fstest.MapFS{
		"a.json": {Data: []byte(testCalendar)},
		"b.json": {Data: []byte(testCalendar)},
	})
	if err == nil || !strings.Contains(err.Error(), "defined twice") {
		t.Errorf("LoadCalendars(two ZZ) = %v; want defined twice", err)
	}
}
