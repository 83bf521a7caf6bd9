package schedule

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary bytes to the document decoder and validator. A
// document that parses must survive a JSON round trip unchanged, and a
// schedule built from it must only ever answer one of its outcomes.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		office, warsaw, `{}`, `null`, `[]`, `{"intervals": [{"name": "working"}]}`,
		docWith(okIntervals, `, "holidays": {"country": "UA", "observe_suspended": true, "dates": [{"date": "2026-05-01", "kind": "working", "like": "fri"}]}`),
		docWith(`[{"name": "x", "ranges": [{"days": ["sun"], "from": "23:59", "to": "00:01"}]}]`, `, "default": "x", "holidays": {"like": "sat"}`),
		`{"intervals": [{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "25:00"}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	cal := EmbeddedCalendars()
	probes := []time.Time{
		time.Date(2026, 1, 1, 9, 30, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC),
		time.Date(2026, 5, 1, 21, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC),
		time.Date(2027, 5, 27, 12, 0, 0, 0, time.UTC),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			if _, ok := err.(*FieldError); !ok {
				t.Fatalf("Parse error %v is a %T, not a *FieldError", err, err)
			}
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		d2, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Marshal(d)) = %v for %s", err, out)
		}
		if out2, _ := json.Marshal(d2); string(out2) != string(out) {
			t.Fatalf("round trip changed the document:\n%s\n%s", out, out2)
		}
		if d.TimeZone == "" {
			d.TimeZone = "Europe/Moscow"
		}
		s, err := New(d, cal)
		if err != nil {
			return // an unknown zone or country
		}
		outcomes := s.Outcomes()
		for _, p := range probes {
			if got := s.IntervalAt(p); !slices.Contains(outcomes, got) {
				t.Fatalf("IntervalAt(%v) = %q, not one of %v", p, got, outcomes)
			}
		}
	})
}
