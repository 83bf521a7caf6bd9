package schedule

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// docWith returns a document in Moscow with the given intervals JSON and the
// rest of the top-level fields.
func docWith(intervals, rest string) string {
	return `{"time_zone": "Europe/Moscow", "intervals": ` + intervals + rest + `}`
}

const okIntervals = `[{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "18:00"}]},
  {"name": "night", "ranges": [{"days": ["mon"], "from": "22:00", "to": "06:00"}]}]`

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc  string
		wantField  string
		wantInText string
	}{
		{"hour 25", docWith(`[{"name": "working", "ranges": []},
		  {"name": "night", "ranges": [{"days": ["mon"], "from": "22:00", "to": "25:00"}]}]`, ""),
			"intervals[1].ranges[0].to", "25:00 is not a time of day"},
		{"from 24:00", docWith(`[{"name": "working", "ranges": [{"days": ["mon"], "from": "24:00", "to": "06:00"}]}]`, ""),
			"intervals[0].ranges[0].from", "24:00 is not a time of day"},
		{"minute 60", docWith(`[{"name": "working", "ranges": [{"days": ["mon"], "from": "09:60", "to": "18:00"}]}]`, ""),
			"intervals[0].ranges[0].from", "09:60 is not a time of day"},
		{"no leading zero", docWith(`[{"name": "working", "ranges": [{"days": ["mon"], "from": "9:00", "to": "18:00"}]}]`, ""),
			"intervals[0].ranges[0].from", "9:00 is not a time of day"},
		{"empty range", docWith(`[{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "09:00"}]}]`, ""),
			"intervals[0].ranges[0].to", "range is empty"},
		{"bad weekday", docWith(`[{"name": "working", "ranges": [{"days": ["mon", "Friday"], "from": "09:00", "to": "18:00"}]}]`, ""),
			"intervals[0].ranges[0].days[1]", `"Friday" is not a weekday`},
		{"weekday twice", docWith(`[{"name": "working", "ranges": [{"days": ["mon", "mon"], "from": "09:00", "to": "18:00"}]}]`, ""),
			"intervals[0].ranges[0].days[1]", "listed twice"},
		{"no weekdays", docWith(`[{"name": "working", "ranges": [{"days": [], "from": "09:00", "to": "18:00"}]}]`, ""),
			"intervals[0].ranges[0].days", "at least one weekday"},
		{"misspelt field", docWith(`[{"name": "working", "ranges": [{"days": ["mon"], "form": "09:00", "to": "18:00"}]}]`, ""),
			"intervals[0].ranges[0].form", "unknown field"},
		{"unknown top field", docWith(okIntervals, `, "colour": "red"`), "colour", "unknown field"},
		{"number for a time", docWith(`[{"name": "working", "ranges": [{"days": ["mon"], "from": 900, "to": "18:00"}]}]`, ""),
			"intervals[0].ranges[0].from", "must be a string, not the number 900"},
		{"intervals not a list", docWith(`{"working": []}`, ""), "intervals", "must be a list"},
		{"interval not an object", docWith(`["working"]`, ""), "intervals[0]", "must be an object"},
		{"no intervals", docWith(`[]`, ""), "intervals", "at least one interval"},
		{"no name", docWith(`[{"ranges": []}]`, ""), "intervals[0].name", "needs a name"},
		{"padded name", docWith(`[{"name": " lunch", "ranges": []}]`, ""), "intervals[0].name", "space"},
		{"same name twice", docWith(`[{"name": "working", "ranges": []}, {"name": "working", "ranges": []}]`, ""),
			"intervals[1].name", "used by an earlier interval"},
		{"four named intervals", docWith(`[{"name": "a", "ranges": []}, {"name": "b", "ranges": []}, {"name": "c", "ranges": []}, {"name": "d", "ranges": []}]`, ""),
			"intervals[3].name", "at most 3"},
		{"six intervals", docWith(`[{"name": "working"}, {"name": "non-working"}, {"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}]`, ""),
			"intervals", "at most 5"},
		{"unknown default", docWith(okIntervals, `, "default": "lunch"`), "default", `"lunch" is not`},
		{"unknown holiday interval", docWith(okIntervals, `, "holidays": {"interval": "party"}`), "holidays.interval", `"party" is not`},
		{"interval and like", docWith(okIntervals, `, "holidays": {"interval": "night", "like": "sun"}`), "holidays.like", "not both"},
		{"holiday like bad day", docWith(okIntervals, `, "holidays": {"like": "sunday"}`), "holidays.like", "not a weekday"},
		{"lower-case country", docWith(okIntervals, `, "holidays": {"country": "ru"}`), "holidays.country", "not a country code"},
		{"bad working_day_like", docWith(okIntervals, `, "holidays": {"working_day_like": "7"}`), "holidays.working_day_like", "not a weekday"},
		{"observe not a bool", docWith(okIntervals, `, "holidays": {"observe_suspended": "yes"}`), "holidays.observe_suspended", "true or false"},
		{"no such date", docWith(okIntervals, `, "holidays": {"dates": [{"date": "2026-02-30", "kind": "holiday"}]}`),
			"holidays.dates[0].date", "not a date"},
		{"date twice", docWith(okIntervals, `, "holidays": {"dates": [{"date": "2026-03-02", "kind": "holiday"}, {"date": "2026-03-02", "kind": "working", "like": "mon"}]}`),
			"holidays.dates[1].date", "already holidays.dates[0]"},
		{"working date without like", docWith(okIntervals, `, "holidays": {"dates": [{"date": "2026-03-07", "kind": "working"}]}`),
			"holidays.dates[0].like", "must name the weekday"},
		{"holiday date with like", docWith(okIntervals, `, "holidays": {"dates": [{"date": "2026-03-07", "kind": "holiday", "like": "mon"}]}`),
			"holidays.dates[0].like", "is for a working day"},
		{"holiday date with unknown interval", docWith(okIntervals, `, "holidays": {"dates": [{"date": "2026-03-07", "kind": "holiday", "interval": "x"}]}`),
			"holidays.dates[0].interval", `"x" is not`},
		{"unknown date kind", docWith(okIntervals, `, "holidays": {"dates": [{"date": "2026-03-07", "kind": "vacation"}]}`),
			"holidays.dates[0].kind", `"vacation" is neither`},
		{"unknown date field", docWith(okIntervals, `, "holidays": {"dates": [{"date": "2026-03-07", "kind": "holiday", "when": 1}]}`),
			"holidays.dates[0].when", "unknown field"},
		{"Local zone", `{"time_zone": "Local", "intervals": [{"name": "working"}]}`, "time_zone", "not an IANA time zone"},
		{"path as zone", `{"time_zone": "../../etc/passwd", "intervals": [{"name": "working"}]}`, "time_zone", "not an IANA time zone"},
		{"version 2", `{"version": 2, "intervals": [{"name": "working"}]}`, "version", "not supported"},
		{"version text", `{"version": "1", "intervals": [{"name": "working"}]}`, "version", "whole number"},
		{"not JSON", `{"intervals": [`, "document", "not valid JSON"},
		{"not an object", `[1, 2]`, "document", "must be an object"},
		{"null", `null`, "document", "must be an object, not null"},
		{"trailing data", `{"intervals": [{"name": "working"}]} {}`, "document", "after the JSON object"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc))
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%s: Parse = %v; want a *FieldError", tt.name, err)
			continue
		}
		if fe.Field != tt.wantField || !strings.Contains(fe.Problem, tt.wantInText) {
			t.Errorf("%s: Parse error = %q; want field %s with %q", tt.name, err, tt.wantField, tt.wantInText)
		}
		if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "schedule: "+tt.wantField+": ") {
			t.Errorf("%s: error %q is not ErrInvalid or not prefixed schedule: <field>", tt.name, err)
		}
	}
}

func TestParseAcceptsEdges(t *testing.T) {
	t.Parallel()
	docs := []string{
		docWith(`[{"name": "working", "ranges": [{"days": ["sun"], "from": "00:00", "to": "24:00"}]}]`, ""),
		docWith(`[{"name": "night", "ranges": [{"days": ["sat"], "from": "22:00", "to": "00:00"}]}]`, ""),
		docWith(`[{"name": "working", "ranges": null}]`, `, "holidays": {}`),
		`{"intervals": [{"name": "working"}]}`, // the zone may come from the store row
	}
	for _, d := range docs {
		if _, err := Parse([]byte(d)); err != nil {
			t.Errorf("Parse(%s) = %v; want ok", d, err)
		}
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	cal := EmbeddedCalendars()
	tests := []struct {
		name, doc, field, text string
	}{
		{"unknown zone", `{"time_zone": "Mars/Olympus_Mons", "intervals": [{"name": "working"}]}`, "time_zone", "not an IANA time zone"},
		{"no zone", `{"intervals": [{"name": "working"}]}`, "time_zone", "needs a time zone"},
		{"no calendar", `{"time_zone": "Europe/Berlin", "intervals": [{"name": "working"}], "holidays": {"country": "DE"}}`,
			"holidays.country", "no holiday calendar for DE; calendars: [PL RU UA]"},
	}
	for _, tt := range tests {
		d, err := Parse([]byte(tt.doc))
		if err != nil {
			t.Fatalf("%s: Parse: %v", tt.name, err)
		}
		_, err = New(d, cal)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(fe.Problem, tt.text) {
			t.Errorf("%s: New = %v; want %s: ...%s", tt.name, err, tt.field, tt.text)
		}
	}
}

func TestFromStore(t *testing.T) {
	t.Parallel()
	cal := EmbeddedCalendars()
	doc := json.RawMessage(`{"intervals": [{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "18:00"}]}]}`)
	s, err := FromStore(store.Schedule{ID: 1, Name: "office", TimeZone: "Asia/Vladivostok", Document: doc}, cal)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Location().String(); got != "Asia/Vladivostok" {
		t.Errorf("Location() = %s; want the row's zone", got)
	}
	withZone := json.RawMessage(`{"time_zone": "Europe/Moscow", "intervals": [{"name": "working"}]}`)
	_, err = FromStore(store.Schedule{ID: 1, Name: "office", TimeZone: "Europe/Warsaw", Document: withZone}, cal)
	if err == nil || !strings.Contains(err.Error(), "the document says Europe/Moscow but the schedule says Europe/Warsaw") {
		t.Errorf("FromStore(zones differ) = %v; want a mismatch error", err)
	}
}

func TestDocumentRoundTrip(t *testing.T) {
	t.Parallel()
	d, err := Parse([]byte(office))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Document
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("Unmarshal(Marshal(office)) = %v", err)
	}
	again, _ := json.Marshal(&back)
	if string(again) != string(out) {
		t.Errorf("round trip changed the document:\n%s\n%s", out, again)
	}
}
