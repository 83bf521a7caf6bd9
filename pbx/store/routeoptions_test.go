package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// TestMigrationKeepsRouteOptions builds a database as the firmware before
// the melodies migration left it, with a route's options in it: after Open
// migrates it, the options are as they were and have no melodies.
func TestMigrationKeepsRouteOptions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pbx.db")
	migratedUpTo(t, path, "route_melodies", `INSERT INTO scenarios (id, name, document) VALUES (1, 'day', '{"schema":1,"elements":[]}');
			INSERT INTO prompts (id, name, file, duration_ms) VALUES (3, 'recorded', 'recorded.wav', 2000);
			INSERT INTO inbound_routes (id, name, source, did, scenario_id, record_calls) VALUES (2, 'main', 'any', '', 1, 1);
			INSERT INTO route_options (id, route_id, after_hours_action, rate_calls, recording_warning_prompt_id, language)
				VALUES (5, 2, 'hangup', 1, 3, 'pl')`)

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, err := s.RouteOptions().Get(ctx, 5)
	if err != nil || o.RouteID != 2 || o.AfterHoursAction != AfterHoursHangup || !o.RateCalls ||
		o.RecordingWarningPromptID == nil || *o.RecordingWarningPromptID != 3 || o.Language != "pl" {
		t.Fatalf("options after the migration = %+v, %v; want them as they were", o, err)
	}
	if o.WaitingPromptID != nil || o.HoldPromptID != nil || o.VoicemailGreetingPromptID != nil {
		t.Fatalf("options after the migration = %+v; want no melodies", o)
	}
	o.WaitingPromptID, o.HoldPromptID, o.VoicemailGreetingPromptID = o.RecordingWarningPromptID, o.RecordingWarningPromptID, o.RecordingWarningPromptID
	if err := s.RouteOptions().Update(ctx, &o); err != nil {
		t.Fatalf("setting the melodies: %v", err)
	}
	if got, _ := s.RouteOptions().Get(ctx, 5); got.HoldPromptID == nil || *got.HoldPromptID != 3 {
		t.Errorf("hold prompt after the update = %v; want 3", got.HoldPromptID)
	}
}

// TestRouteMelodiesReferToPrompts: a melody must be a prompt that exists, and
// a prompt a route plays as a melody cannot be deleted.
func TestRouteMelodiesReferToPrompts(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	sc := Scenario{Name: "day", Document: []byte(`{"schema":1,"elements":[]}`)}
	if err := s.Scenarios().Create(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	route := InboundRoute{Name: "main", Source: SourceAny, ScenarioID: sc.ID}
	if err := s.InboundRoutes().Create(ctx, &route); err != nil {
		t.Fatal(err)
	}
	tune := Prompt{Name: "tune", File: "tune.wav", DurationMS: 3000}
	if err := s.Prompts().Create(ctx, &tune); err != nil {
		t.Fatal(err)
	}
	missing := tune.ID + 40
	tests := []struct {
		field string
		set   func(o *RouteOptions, id *int64)
	}{
		{"waiting_prompt_id", func(o *RouteOptions, id *int64) { o.WaitingPromptID = id }},
		{"hold_prompt_id", func(o *RouteOptions, id *int64) { o.HoldPromptID = id }},
		{"voicemail_greeting_prompt_id", func(o *RouteOptions, id *int64) { o.VoicemailGreetingPromptID = id }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			o := RouteOptions{RouteID: route.ID, AfterHoursAction: AfterHoursNone}
			tt.set(&o, &missing)
			err := s.RouteOptions().Create(ctx, &o)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, ErrMissingReference) {
				t.Fatalf("Create with %s %d = %v; want a missing reference on %s", tt.field, missing, err, tt.field)
			}
			tt.set(&o, &tune.ID)
			if err := s.RouteOptions().Create(ctx, &o); err != nil {
				t.Fatalf("Create with %s %d = %v", tt.field, tune.ID, err)
			}
			err = s.Prompts().Delete(ctx, tune.ID)
			if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, ErrInUse) {
				t.Errorf("deleting the prompt %s names = %v; want it in use by %s", tt.field, err, tt.field)
			}
			if err := s.RouteOptions().Delete(ctx, o.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestImportRefusesADanglingMelody: an imported route whose melody is not a
// prompt of the document is refused at that field.
func TestImportRefusesADanglingMelody(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	base := mustMarshal(t, populate(t, s))
	for _, field := range []string{"waiting_prompt_id", "hold_prompt_id", "voicemail_greeting_prompt_id"} {
		err := s.Import(ctx, setField("route_options", 0, field, 42)(t, base))
		var ie *ImportError
		if !errors.As(err, &ie) || ie.Path != "$.route_options[0]."+field || !errors.Is(err, ErrMissingReference) {
			t.Errorf("Import with route_options[0].%s 42 = %v; want a missing reference at that field", field, err)
		}
	}
	cfg := populate(t, openTemp(t))
	p := cfg.Prompts[0].ID
	cfg.RouteOptions[0].WaitingPromptID, cfg.RouteOptions[0].HoldPromptID = &p, &p
	if err := s.Import(ctx, mustMarshal(t, cfg)); err != nil {
		t.Fatalf("Import with melodies = %v", err)
	}
	got, err := s.Export(ctx)
	if err != nil || got.RouteOptions[0].HoldPromptID == nil || *got.RouteOptions[0].HoldPromptID != p ||
		got.RouteOptions[0].VoicemailGreetingPromptID != nil {
		t.Fatalf("exported route options = %+v, %v; want the hold prompt %d kept", got.RouteOptions, err, p)
	}
}

// TestImportOlderRouteOptions: route options exported before the melodies
// (schema 9) import without them; a document of this schema must name them.
func TestImportOlderRouteOptions(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	base := mustMarshal(t, populate(t, s))
	older := editItem(t, base, "route_options", 0, func(m map[string]any) {
		delete(m, "waiting_prompt_id")
		delete(m, "hold_prompt_id")
		delete(m, "voicemail_greeting_prompt_id")
	})
	err := s.Import(ctx, older)
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Path != "$.route_options[0].waiting_prompt_id" || ie.Problem != "missing (want a number or null)" {
		t.Fatalf("Import(schema %d without the melodies) = %v; want waiting_prompt_id missing", SchemaVersion(), err)
	}
	older = replaceText(fmt.Sprintf(`"schema":%d`, SchemaVersion()), `"schema":9`)(t, older)
	if err := s.Import(ctx, older); err != nil {
		t.Fatalf("Import(schema 9 without the melodies) = %v; want success", err)
	}
	cfg, err := s.Export(ctx)
	if err != nil || len(cfg.RouteOptions) != 1 || !cfg.RouteOptions[0].RateCalls || cfg.RouteOptions[0].WaitingPromptID != nil {
		t.Fatalf("route options after importing schema 9 = %+v, %v; want the row, without melodies", cfg.RouteOptions, err)
	}
}
