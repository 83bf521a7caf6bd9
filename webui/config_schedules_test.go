package webui

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

func TestSchedules(t *testing.T) {
	t.Parallel()
	b := newTestEnv(t).setupAdmin(t)
	doc := json.RawMessage(`{"version": 1, "intervals": [{"name": "working", "ranges": [{"days": ["mon","tue"], "from": "09:00", "to": "18:00"}]}], "holidays": {"country": "RU"}}`)
	res := b.do("POST", "/api/schedules", map[string]any{"name": "Office", "time_zone": "Europe/Moscow", "document": doc})
	if res.Code != http.StatusCreated {
		t.Fatalf("POST = %d %s; want 201", res.Code, res.Body)
	}
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"bad range", map[string]any{"document": json.RawMessage(`{"intervals": [{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "25:00"}]}]}`)}, "document.intervals[0].ranges[0].to"},
		{"unknown field", map[string]any{"document": json.RawMessage(`{"intervals": [], "colour": 1}`)}, "document.colour"},
		{"no calendar", map[string]any{"document": json.RawMessage(`{"intervals": [{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "18:00"}]}], "holidays": {"country": "ZZ"}}`)}, "document.holidays.country"},
		{"zone differs", map[string]any{"document": json.RawMessage(`{"time_zone": "Europe/Warsaw", "intervals": [{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "18:00"}]}]}`)}, "document.time_zone"},
		{"no document", map[string]any{"document": nil}, "document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := b.do("PUT", "/api/schedules/1", tc.body)
			if ae := res.apiErr(t); res.Code != http.StatusBadRequest || ae.Field != tc.field {
				t.Errorf("PUT %s = %d %s; want 400 on %s", tc.name, res.Code, res.Body, tc.field)
			}
		})
	}
	res = b.do("POST", "/api/schedules", map[string]any{"name": "Shop", "document": json.RawMessage(`{"time_zone": "Europe/Warsaw", "intervals": [{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "18:00"}]}]}`)})
	var got struct {
		TimeZone string `json:"time_zone"`
	}
	res.decode(t, &got)
	if res.Code != http.StatusCreated || got.TimeZone != "Europe/Warsaw" {
		t.Errorf("POST without time_zone = %d %s; want 201 with the document's zone", res.Code, res.Body)
	}
	if res := b.do("DELETE", "/api/schedules/2", nil); res.Code != http.StatusNoContent {
		t.Errorf("DELETE = %d %s", res.Code, res.Body)
	}
}

func TestHolidayCalendars(t *testing.T) {
	t.Parallel()
	b := newTestEnv(t).setupAdmin(t)
	var got []calendarYear
	res := b.do("GET", "/api/schedules/calendars?year=2026", nil)
	res.decode(t, &got)
	if res.Code != http.StatusOK {
		t.Fatalf("GET calendars = %d %s", res.Code, res.Body)
	}
	var countries []string
	byCountry := map[string]calendarYear{}
	for _, c := range got {
		countries = append(countries, c.Country)
		byCountry[c.Country] = c
	}
	if want := []string{"PL", "RU", "UA"}; !slices.Equal(countries, want) {
		t.Fatalf("countries = %v; want %v", countries, want)
	}
	ru := byCountry["RU"]
	if ru.Year != 2026 || ru.Coverage != "official" {
		t.Errorf("RU 2026 = year %d coverage %q; want 2026 official", ru.Year, ru.Coverage)
	}
	find := func(c calendarYear, date string) calendarDay {
		for _, d := range c.Days {
			if d.Date == date {
				return d
			}
		}
		return calendarDay{}
	}
	if d := find(ru, "2026-01-01"); d.Kind != "holiday" || d.LocalName == "" {
		t.Errorf("RU 2026-01-01 = %+v; want a holiday with its Russian name", d)
	}
	if d := find(ru, "2026-03-09"); d.Kind != "day_off" || d.MovedFrom != "2026-03-08" {
		t.Errorf("RU 2026-03-09 = %+v; want a day off moved from 2026-03-08", d)
	}
	if d := find(ru, "2026-03-10"); d.Date != "" {
		t.Errorf("RU 2026-03-10 = %+v; want an ordinary day, not listed", d)
	}
	for _, c := range got {
		for i := 1; i < len(c.Days); i++ {
			if c.Days[i-1].Date >= c.Days[i].Date {
				t.Errorf("%s days out of order: %s then %s", c.Country, c.Days[i-1].Date, c.Days[i].Date)
			}
		}
	}

	// A year without data: every country listed, no days, no coverage.
	b.do("GET", "/api/schedules/calendars?year=1990", nil).decode(t, &got)
	for _, c := range got {
		if c.Coverage != "" || len(c.Days) != 0 {
			t.Errorf("%s 1990 = coverage %q, %d days; want none", c.Country, c.Coverage, len(c.Days))
		}
	}
	for _, bad := range []string{"26", "next", "99999"} {
		res := b.do("GET", "/api/schedules/calendars?year="+bad, nil)
		if ae := res.apiErr(t); res.Code != http.StatusBadRequest || ae.Field != "year" {
			t.Errorf("GET year=%s = %d %s; want 400 on year", bad, res.Code, res.Body)
		}
	}
}
