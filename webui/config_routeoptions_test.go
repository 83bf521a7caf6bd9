package webui

import (
	"context"
	"net/http"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

func TestRouteOptions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	sc := store.Scenario{Name: "main", Document: []byte(`{"schema": 1, "elements": []}`)}
	if err := e.st.Scenarios().Create(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	route := store.InboundRoute{Name: "main", Source: store.SourceAny, ScenarioID: sc.ID}
	if err := e.st.InboundRoutes().Create(ctx, &route); err != nil {
		t.Fatal(err)
	}
	warning := store.Prompt{Name: "recorded", File: "recorded.wav", DurationMS: 2000}
	if err := e.st.Prompts().Create(ctx, &warning); err != nil {
		t.Fatal(err)
	}
	box := store.Mailbox{Number: "800"}
	if err := e.st.Mailboxes().Create(ctx, &box); err != nil {
		t.Fatal(err)
	}
	var o store.RouteOptions
	res := b.do("GET", "/api/routes/1/options", nil)
	res.decode(t, &o)
	if res.Code != http.StatusOK || o.ID != 0 || o.AfterHoursAction != store.AfterHoursNone || o.RouteID != 1 {
		t.Errorf("GET before any change = %d %s; want defaults", res.Code, res.Body)
	}
	tests := []struct {
		name  string
		body  map[string]any
		code  int
		field string
	}{
		{"missing mailbox", map[string]any{"after_hours_action": "voicemail", "after_hours_mailbox": "801"}, 422, "after_hours_mailbox"},
		{"voicemail", map[string]any{"after_hours_action": "voicemail", "after_hours_mailbox": "800", "rate_calls": true}, 200, ""},
		{"forward without number", map[string]any{"after_hours_action": "forward", "after_hours_number": ""}, 400, "after_hours_number"},
		{"bad action", map[string]any{"after_hours_action": "dance"}, 400, "after_hours_action"},
		{"missing scenario", map[string]any{"after_hours_action": "scenario", "after_hours_scenario_id": 99}, 422, "after_hours_scenario_id"},
		{"other route", map[string]any{"route_id": 2}, 400, "route_id"},
		{"unknown language", map[string]any{"language": "de"}, 400, "language"},
		{"language", map[string]any{"language": "uk"}, 200, ""},
		{"missing warning prompt", map[string]any{"recording_warning_prompt_id": 99}, 422, "recording_warning_prompt_id"},
		{"warning prompt", map[string]any{"recording_warning_prompt_id": warning.ID}, 200, ""},
		{"forward", map[string]any{"after_hours_action": "forward", "after_hours_number": "+74951234567"}, 200, ""},
	}
	for _, tc := range tests {
		res := b.do("PUT", "/api/routes/1/options", tc.body)
		if res.Code != tc.code || (tc.field != "" && res.apiErr(t).Field != tc.field) {
			t.Errorf("PUT %s = %d %s; want %d on %q", tc.name, res.Code, res.Body, tc.code, tc.field)
		}
	}
	rows, err := e.st.RouteOptions().ListBy(ctx, "route_id", route.ID)
	if err != nil || len(rows) != 1 || rows[0].AfterHoursNumber != "+74951234567" || !rows[0].RateCalls ||
		rows[0].RecordingWarningPromptID == nil || *rows[0].RecordingWarningPromptID != warning.ID || rows[0].Language != "uk" {
		t.Errorf("stored options = %+v, %v; want one row, forward, rating, warning prompt and language kept", rows, err)
	}
	if res := b.do("GET", "/api/routes/9/options", nil); res.Code != http.StatusNotFound {
		t.Errorf("GET options of a missing route = %d; want 404", res.Code)
	}
}
