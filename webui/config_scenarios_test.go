package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// ringScenario rings extension 101 for 20 s and then hangs up.
const ringScenario = `{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "desk"}},
 {"id": "desk", "type": "internal", "label": "Reception", "params": {"extension": "101", "ring_time": 20}, "next": {"next": "bye"}},
 {"id": "bye", "type": "hangup", "params": {}}
]}`

func TestScenarioSaveValidates(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()

	// Extension 101 does not exist yet, and "desk" has no arrow.
	broken := strings.Replace(ringScenario, `, "next": {"next": "bye"}`, ``, 1)
	rev, _ := e.st.Revision(ctx)
	res := b.do("POST", "/api/scenarios", map[string]any{"name": "Day", "document": json.RawMessage(broken)})
	if res.Code != http.StatusBadRequest {
		t.Fatalf("POST broken scenario = %d %s; want 400", res.Code, res.Body)
	}
	var refusal scenarioRefusal
	res.decode(t, &refusal)
	if refusal.Field != "document" || !strings.Contains(refusal.Error, "problems") {
		t.Fatalf("refusal %+v; want field document and a count of problems", refusal)
	}
	wantProblems := map[string]bool{"desk/extension": false, "desk:next": false}
	for _, p := range refusal.Problems {
		switch {
		case p.Element == "desk" && p.Field == "extension" && strings.Contains(p.Message, "101"):
			wantProblems["desk/extension"] = true
		case p.Element == "desk" && p.Outcome == "next" && p.Label == "Reception":
			wantProblems["desk:next"] = true
		}
	}
	for what, found := range wantProblems {
		if !found {
			t.Errorf("problems %+v; want one about %s", refusal.Problems, what)
		}
	}
	if got, _ := e.st.Revision(ctx); got != rev {
		t.Fatalf("revision %d after a refused scenario; want %d: nothing may be stored", got, rev)
	}

	// The same check without saving.
	var v struct {
		Valid    bool              `json:"valid"`
		Problems []scenarioProblem `json:"problems"`
	}
	res = b.do("POST", "/api/scenarios/validate", map[string]any{"document": json.RawMessage(broken)})
	res.decode(t, &v)
	if res.Code != http.StatusOK || v.Valid || len(v.Problems) != len(refusal.Problems) {
		t.Fatalf("validate = %d %s; want 200 with the same problems", res.Code, res.Body)
	}

	// With the extension the scenario saves.
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"})
	res = b.do("POST", "/api/scenarios/validate", map[string]any{"document": json.RawMessage(ringScenario)})
	res.decode(t, &v)
	if !v.Valid || v.Problems == nil {
		t.Fatalf("validate a good scenario = %s; want valid with an empty list", res.Body)
	}
	sc := mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Day", "document": json.RawMessage(ringScenario)})
	path := fmt.Sprintf("/api/scenarios/%d", idOf(t, sc))
	var got store.Scenario
	b.do("GET", path, nil).decode(t, &got)
	if d, err := scenario.Decode(got.Document); err != nil || len(d.Elements) != 3 {
		t.Fatalf("stored document %s: %v", got.Document, err)
	}

	// An update is checked the same way and leaves the stored one alone.
	rev, _ = e.st.Revision(ctx)
	bad := strings.Replace(ringScenario, `"ring_time": 20`, `"ring_time": 1`, 1)
	res = b.do("PUT", path, map[string]any{"document": json.RawMessage(bad)})
	res.decode(t, &refusal)
	if res.Code != http.StatusBadRequest || len(refusal.Problems) != 1 || refusal.Problems[0].Field != "ring_time" || !strings.Contains(refusal.Error, `element "desk"`) {
		t.Fatalf("PUT ring_time 1 = %d %s; want 400 naming desk's ring_time", res.Code, res.Body)
	}
	if got, _ := e.st.Revision(ctx); got != rev {
		t.Fatalf("revision %d after a refused update; want %d", got, rev)
	}
	res = b.do("PUT", path, map[string]any{"name": "Weekdays"})
	if res.Code != http.StatusOK {
		t.Fatalf("rename = %d %s", res.Code, res.Body)
	}
}

func TestScenarioDecodeProblems(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	tests := []struct {
		name        string
		document    string
		wantPath    string
		wantElement string
	}{
		{"unknown param", strings.Replace(ringScenario, `"ring_time"`, `"ring_tme"`, 1), "elements[1].params", "desk"},
		{"unknown type", strings.Replace(ringScenario, `"hangup"`, `"explode"`, 1), "elements[2].type", "bye"},
		{"schema", strings.Replace(ringScenario, `"schema": 1`, `"schema": 9`, 1), "schema", ""},
		{"not an object", `[1, 2]`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.do("POST", "/api/scenarios", map[string]any{"name": "X", "document": json.RawMessage(tt.document)})
			if res.Code != http.StatusBadRequest {
				t.Fatalf("POST = %d %s; want 400", res.Code, res.Body)
			}
			var r scenarioRefusal
			res.decode(t, &r)
			if r.Field == "document" && len(r.Problems) == 0 {
				t.Fatalf("refusal %s has no problems", res.Body)
			}
			if len(r.Problems) > 0 && (r.Problems[0].Path != tt.wantPath || r.Problems[0].Element != tt.wantElement) {
				t.Fatalf("problem %+v; want path %q element %q", r.Problems[0], tt.wantPath, tt.wantElement)
			}
		})
	}
	if res := b.do("POST", "/api/scenarios", map[string]any{"name": "X"}); res.Code != http.StatusBadRequest || res.apiErr(t).Field != "document" {
		t.Fatalf("POST without document = %d %s; want 400 on document", res.Code, res.Body)
	}
}

// TestScenarioLargeDocument checks that a scenario larger than the other
// endpoints' body limit is accepted.
func TestScenarioLargeDocument(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	var els []string
	els = append(els, `{"id": "in", "type": "incoming", "label": "`+strings.Repeat("x", 80)+`", "next": {"next": "e0"}}`)
	const n = 400
	for i := range n {
		els = append(els, fmt.Sprintf(`{"id": "e%d", "type": "hangup", "label": "%s", "params": {}, "pos": {"x": %d, "y": %d}}`, i, strings.Repeat("y", 80), i, i))
	}
	doc := `{"schema": 1, "elements": [` + strings.Join(els, ",") + `]}`
	if len(doc) <= maxBody {
		t.Fatalf("test document is %d bytes; want more than %d", len(doc), maxBody)
	}
	res := b.do("POST", "/api/scenarios/validate", map[string]any{"document": json.RawMessage(doc)})
	if res.Code != http.StatusOK {
		t.Fatalf("validate a %d-byte document = %d %s; want 200", len(doc), res.Code, res.Body)
	}
}

func TestScenarioDryRun(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	req := map[string]any{"caller": "+74950000000", "channel": "trunk/Provider", "document": json.RawMessage(ringScenario),
		"at": "2026-03-14T21:00:00Z", "phones": map[string]any{"sip/101": map[string]any{"never": true}}}

	res := b.do("POST", "/api/scenarios/dry-run", req)
	if res.Code != http.StatusServiceUnavailable || !strings.Contains(res.apiErr(t).Error, "not available") {
		t.Fatalf("dry run without an engine = %d %s; want 503", res.Code, res.Body)
	}

	mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"})
	eng := scenario.New(scenario.Opts{Now: func() time.Time { return time.Date(2026, 3, 14, 21, 0, 0, 0, time.UTC) }})
	cfg, err := e.st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	eng.Load(ctx, cfg, 1)
	var seen scenario.DryRun
	e.srv.SetDryRun(func(ctx context.Context, in scenario.DryRun) (*scenario.Trace, error) {
		seen = in
		return eng.DryRun(ctx, in)
	})

	res = b.do("POST", "/api/scenarios/dry-run", req)
	if res.Code != http.StatusOK {
		t.Fatalf("dry run = %d %s; want 200", res.Code, res.Body)
	}
	var trace scenario.Trace
	res.decode(t, &trace)
	var path []string
	for _, s := range trace.Path {
		path = append(path, s.Element+":"+s.Outcome)
	}
	if len(path) < 2 || path[0] != "in:next" || !strings.HasPrefix(path[1], "desk:") {
		t.Fatalf("path %v; want in, then desk", path)
	}
	if p, ok := seen.Phones["sip/101"]; !ok || !p.Never || seen.Caller != "+74950000000" || !seen.At.Equal(time.Date(2026, 3, 14, 21, 0, 0, 0, time.UTC)) {
		t.Fatalf("engine got %+v; want the request's caller, time and phones", seen)
	}

	// A phone that transfers the caller, as a REFER would.
	res = b.do("POST", "/api/scenarios/dry-run", map[string]any{"document": json.RawMessage(ringScenario),
		"phones": map[string]any{"sip/101": map[string]any{"transfer_to": "102"}}})
	if res.Code != http.StatusOK || seen.Phones["sip/101"].TransferTo != "102" {
		t.Fatalf("dry run with transfer_to = %d %s, engine got %+v; want 101 transferring to 102", res.Code, res.Body, seen.Phones)
	}

	// A stored scenario runs by ID.
	sc := mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Day", "document": json.RawMessage(ringScenario)})
	res = b.do("POST", "/api/scenarios/dry-run", map[string]any{"scenario_id": idOf(t, sc)})
	if res.Code != http.StatusOK || seen.Document == nil || len(seen.Document.Elements) != 3 {
		t.Fatalf("dry run of scenario %d = %d %s; want it run", idOf(t, sc), res.Code, res.Body)
	}
	seen.Document = nil
	res = b.do("POST", "/api/scenarios/dry-run", map[string]any{"scenario": "Day"})
	if res.Code != http.StatusOK || seen.Document == nil || len(seen.Document.Elements) != 3 {
		t.Fatalf("dry run of scenario \"Day\" = %d %s; want it run", res.Code, res.Body)
	}

	tests := []struct {
		name      string
		body      any
		wantCode  int
		wantField string
	}{
		{"document with problems", map[string]any{"document": json.RawMessage(strings.Replace(ringScenario, `, "next": {"next": "bye"}`, ``, 1))}, http.StatusBadRequest, "document"},
		{"undecodable document", map[string]any{"document": json.RawMessage(`{"schema": 1, "elements": [{"id": "in", "type": "nope"}]}`)}, http.StatusBadRequest, "document"},
		{"both", map[string]any{"document": json.RawMessage(ringScenario), "scenario_id": 1}, http.StatusBadRequest, "scenario_id"},
		{"missing scenario", map[string]any{"scenario_id": 999}, http.StatusNotFound, ""},
		{"missing scenario name", map[string]any{"scenario": "Night"}, http.StatusNotFound, "scenario"},
		{"name and ID", map[string]any{"scenario": "Day", "scenario_id": 1}, http.StatusBadRequest, "scenario_id"},
		{"negative answer time", map[string]any{"phones": map[string]any{"sip/101": map[string]any{"answer_after_s": -1}}}, http.StatusBadRequest, "phones"},
		{"hold over an hour", map[string]any{"phones": map[string]any{"sip/101": map[string]any{"hold_s": 3601}}}, http.StatusBadRequest, "phones"},
		{"unknown field", map[string]any{"callr": "1"}, http.StatusBadRequest, "callr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.do("POST", "/api/scenarios/dry-run", tt.body)
			if res.Code != tt.wantCode || res.apiErr(t).Field != tt.wantField {
				t.Fatalf("dry run = %d %s; want %d on field %q", res.Code, res.Body, tt.wantCode, tt.wantField)
			}
		})
	}
}
