package webui

import (
	"encoding/json"
	"net/http"
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
