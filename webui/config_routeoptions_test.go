package webui

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

func TestRouteOptions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	route := e.mainRoute(t)
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

// TestRouteMelodies: a route's waiting, hold and voicemail greeting prompts
// round-trip through the API, a prompt that does not exist is refused on its
// field, and a prompt a route plays cannot be deleted until it stops.
func TestRouteMelodies(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	route := e.mainRoute(t)
	tune := store.Prompt{Name: "tune", File: "tune.wav", DurationMS: 3000}
	if err := e.st.Prompts().Create(ctx, &tune); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/routes/%d/options", route.ID)
	for _, field := range []string{"waiting_prompt_id", "hold_prompt_id", "voicemail_greeting_prompt_id"} {
		res := b.do("PUT", path, map[string]any{field: tune.ID + 9})
		if res.Code != http.StatusUnprocessableEntity || res.apiErr(t).Field != field {
			t.Errorf("PUT %s %d = %d %s; want 422 on %s", field, tune.ID+9, res.Code, res.Body, field)
		}
	}
	res := b.do("PUT", path, map[string]any{"waiting_prompt_id": tune.ID, "hold_prompt_id": tune.ID})
	if res.Code != http.StatusOK {
		t.Fatalf("PUT melodies = %d %s", res.Code, res.Body)
	}
	var o store.RouteOptions
	b.do("GET", path, nil).decode(t, &o)
	if o.WaitingPromptID == nil || *o.WaitingPromptID != tune.ID || o.HoldPromptID == nil || *o.HoldPromptID != tune.ID ||
		o.VoicemailGreetingPromptID != nil {
		t.Fatalf("GET after PUT = %+v; want waiting and hold %d, no voicemail greeting", o, tune.ID)
	}
	prompt := fmt.Sprintf("/api/prompts/%d", tune.ID)
	res = b.do("DELETE", prompt, nil)
	if msg := res.apiErr(t).Error; res.Code != http.StatusConflict ||
		!contains(msg, `inbound route "main" options, waiting_prompt_id`, `inbound route "main" options, hold_prompt_id`) {
		t.Errorf("DELETE the waiting and hold prompt = %d %q; want 409 naming both fields", res.Code, msg)
	}
	if res := b.do("PUT", path, map[string]any{"waiting_prompt_id": nil, "hold_prompt_id": nil}); res.Code != http.StatusOK {
		t.Fatalf("PUT no melodies = %d %s", res.Code, res.Body)
	}
	if res := b.do("DELETE", prompt, nil); res.Code != http.StatusNoContent {
		t.Errorf("DELETE the prompt once unused = %d %s; want 204", res.Code, res.Body)
	}
}

// TestCopyRouteCopiesOptions: copying a route's setup takes its options
// too (after hours, rating, language), and copying from a route without
// options leaves none.
func TestCopyRouteCopiesOptions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	scenarioID := e.scenario(t, "main")
	var ids []int64
	for _, name := range []string{"day", "night", "bare"} {
		route := store.InboundRoute{Name: name, Source: store.SourceDID, DID: "+7495000000" + fmt.Sprint(len(ids)), ScenarioID: scenarioID}
		if err := e.st.InboundRoutes().Create(ctx, &route); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, route.ID)
	}
	day, night, bare := ids[0], ids[1], ids[2]
	if res := b.do("PUT", fmt.Sprintf("/api/routes/%d/options", day), map[string]any{
		"after_hours_action": "forward", "after_hours_number": "+74951234567", "rate_calls": true, "language": "uk"}); res.Code != http.StatusOK {
		t.Fatalf("PUT day's options = %d %s", res.Code, res.Body)
	}
	if res := b.do("POST", fmt.Sprintf("/api/routes/%d/copy-from/%d", night, day), nil); res.Code != http.StatusOK {
		t.Fatalf("copy night from day = %d %s", res.Code, res.Body)
	}
	var o store.RouteOptions
	b.do("GET", fmt.Sprintf("/api/routes/%d/options", night), nil).decode(t, &o)
	if o.RouteID != night || o.ID == 0 || o.AfterHoursAction != store.AfterHoursForward || o.AfterHoursNumber != "+74951234567" || !o.RateCalls || o.Language != "uk" {
		t.Errorf("night's options after the copy = %+v; want day's", o)
	}
	if res := b.do("POST", fmt.Sprintf("/api/routes/%d/copy-from/%d", night, bare), nil); res.Code != http.StatusOK {
		t.Fatalf("copy night from bare = %d %s", res.Code, res.Body)
	}
	o = store.RouteOptions{}
	b.do("GET", fmt.Sprintf("/api/routes/%d/options", night), nil).decode(t, &o)
	if o.ID != 0 || o.RateCalls || o.AfterHoursAction != store.AfterHoursNone {
		t.Errorf("night's options after copying a route without any = %+v; want none", o)
	}
	var dayOpts store.RouteOptions
	b.do("GET", fmt.Sprintf("/api/routes/%d/options", day), nil).decode(t, &dayOpts)
	if !dayOpts.RateCalls || dayOpts.RouteID != day {
		t.Errorf("day's options changed by the copies: %+v", dayOpts)
	}
}

// mainRoute stores a route named "main" that takes calls from any source
// into a scenario named "main", and returns it.
func (e *testEnv) mainRoute(t *testing.T) store.InboundRoute {
	t.Helper()
	route := store.InboundRoute{Name: "main", Source: store.SourceAny, ScenarioID: e.scenario(t, "main")}
	if err := e.st.InboundRoutes().Create(context.Background(), &route); err != nil {
		t.Fatal(err)
	}
	return route
}
