package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// TestCallPathElements: a call's details name the scenario elements its
// path passed, from the scenario of its route before any other that uses
// the same IDs; steps that are no element are left out, and so are steps
// that keep their element's kind and label.
func TestCallPathElements(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	// "Other" is stored first and reuses the ID "in": the route's
	// scenario must still win.
	mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Other", "document": json.RawMessage(
		`{"schema": 1, "elements": [{"id": "in", "type": "incoming", "label": "Not this", "next": {"next": "bye"}}, {"id": "bye", "type": "hangup"}]}`)})
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"})
	office := idOf(t, mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Office", "document": json.RawMessage(`{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "desk"}},
 {"id": "desk", "type": "internal", "label": "Reception", "params": {"extension": "101", "ring_time": 20}, "next": {"next": "end"}},
 {"id": "end", "type": "hangup"}]}`)}))
	mustCreate(t, b, "/api/routes", map[string]any{"name": "Main", "source": "any", "scenario_id": office})
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	c := store.CallRecord{StartedAt: at, EndedAt: at.Add(time.Minute), Caller: "+74951234567", Callee: "101", Source: "gsm/1", Cause: "normal", Route: "Main",
		Details: json.RawMessage(`{"path":[{"at":"2026-03-01T10:00:00Z","step":"in","outcome":"next"},{"at":"2026-03-01T10:00:01Z","step":"desk","outcome":"timeout"},{"at":"2026-03-01T10:00:21Z","step":"forward","outcome":"busy"},{"at":"2026-03-01T10:00:22Z","step":"gone"}]}`)}
	if err := e.st.CallRecords().Create(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	var one callDetail
	res := b.do("GET", fmt.Sprintf("/api/calls/%d", c.ID), nil)
	res.decode(t, &one)
	want := map[string]pathElement{"in": {Type: "incoming"}, "desk": {Type: "internal", Label: "Reception"}}
	if res.Code != http.StatusOK || fmt.Sprint(one.Elements) != fmt.Sprint(want) {
		t.Errorf("GET /api/calls/%d elements = %d %v; want %v", c.ID, res.Code, one.Elements, want)
	}

	// A newer record keeps each element's kind and label in its steps:
	// the page names them so, and the scenario as it is now is not asked
	// for them ("desk" is now the Reception, not the call's Sales group).
	c = store.CallRecord{StartedAt: at, EndedAt: at.Add(time.Minute), Caller: "+74951234567", Callee: "101", Source: "gsm/1", Cause: "normal", Route: "Main",
		Details: json.RawMessage(`{"path":[{"at":"2026-03-01T10:00:00Z","step":"in","type":"incoming","outcome":"next"},{"at":"2026-03-01T10:00:01Z","step":"desk","type":"group","label":"Sales","outcome":"next"}]}`)}
	if err := e.st.CallRecords().Create(context.Background(), &c); err != nil {
		t.Fatal(err)
	}
	var named callDetail
	res = b.do("GET", fmt.Sprintf("/api/calls/%d", c.ID), nil)
	res.decode(t, &named)
	if res.Code != http.StatusOK || len(named.Elements) != 0 || !strings.Contains(string(named.Details), `"label":"Sales"`) {
		t.Errorf("GET /api/calls/%d = %d elements %v details %s; want no elements and the recorded names", c.ID, res.Code, named.Elements, named.Details)
	}
}
