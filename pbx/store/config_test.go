package store

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"
)

// populate fills every configuration table of s, with nullable references
// both set and unset, and returns the export.
func populate(t testing.TB, s *Store) *Config {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	exts := []Extension{newExtension("101"), newExtension("102"), newExtension("103")}
	exts[1].Email, exts[1].Mobile, exts[1].DND, exts[1].Outbound = "anna@example.com", "+79161234567", true, OutboundInternational
	for i := range exts {
		must(s.Extensions().Create(ctx, &exts[i]))
	}
	must(s.ExtensionForwards().Create(ctx, &ExtensionForward{ExtensionID: exts[0].ID, Number: "+79161234567", Enabled: true,
		Busy: "102", NoAnswer: "+79161234567", NoAnswerSecs: 20}))
	for i, e := range exts[:2] {
		d := SIPDevice{ExtensionID: e.ID, Username: "phone" + e.Number, HA1MD5: hex(32), HA1SHA256: hex(64), Description: []string{"desk", "DECT"}[i]}
		must(s.SIPDevices().Create(ctx, &d))
	}
	fxs := []FXSPort{
		{Port: 1, ExtensionID: &exts[0].ID, Mode: FXSVoice, CallerID: CallerIDETSIBeforeRing, Country: "RU", EchoCancel: true},
		{Port: 2, Mode: FXSFax, CallerID: CallerIDOff, Country: "US", Hotline: "102"},
	}
	for i := range fxs {
		must(s.FXSPorts().Create(ctx, &fxs[i]))
	}
	fxo := FXOLine{Port: 1, Name: "City line", Number: "+74951234567", Country: "RU", Enabled: true}
	must(s.FXOLines().Create(ctx, &fxo))
	gsm := GSMModule{Slot: 1, Name: "SIM 1", SIMNumber: "+79031234567", SIMPIN: "1234", Enabled: true}
	must(s.GSMModules().Create(ctx, &gsm))
	trunk := SIPTrunk{Name: "Provider", Host: "sip.example.net", Port: 5060, Transport: "udp", Username: "acct", Password: "s3cret", Register: true, MaxChannels: 4, Enabled: true}
	must(s.SIPTrunks().Create(ctx, &trunk))
	out := OutboundRule{Name: "City", Prefix: "9", SIPTrunkID: &trunk.ID, Strip: 1, Prepend: "+7495", Level: OutboundLocal, Priority: 10}
	must(s.OutboundRules().Create(ctx, &out))
	must(s.GSMModuleOptions().Create(ctx, &GSMModuleOptions{GSMModuleID: gsm.ID, MinutesPerDay: 60, SMSPerDay: 100, FMC: true, FMCPIN: "4321"}))
	for _, l := range []OutboundRuleLine{{Position: 1, GSMModuleID: &gsm.ID}, {Position: 2, FXOLineID: &fxo.ID}} {
		l.RuleID = out.ID
		must(s.OutboundRuleLines().Create(ctx, &l))
	}
	must(s.OutboundRuleExtensions().Create(ctx, &OutboundRuleExtension{RuleID: out.ID, ExtensionID: exts[1].ID}))
	// Whitespace and HTML characters: the export must come out canonical.
	day := Scenario{Name: "Day", Document: json.RawMessage(`{ "start": "menu",
		"nodes": [ {"id": "menu", "say": "<welcome> & press 1"} ] }`)}
	night := Scenario{Name: "Night", Document: json.RawMessage(`{"start":"voicemail"}`)}
	must(s.Scenarios().Create(ctx, &day))
	must(s.Scenarios().Create(ctx, &night))
	hours := Schedule{Name: "Office hours", TimeZone: "Europe/Moscow", Document: json.RawMessage(`{"mon":["09:00-18:00"]}`)}
	must(s.Schedules().Create(ctx, &hours))
	list := NumberList{Name: "Spam", Kind: "black"}
	must(s.NumberLists().Create(ctx, &list))
	for _, e := range []NumberListEntry{
		{ListID: list.ID, Pattern: "+79990000000", Comment: "robocaller"},
		{ListID: list.ID, Pattern: "+7800", Prefix: true},
	} {
		must(s.NumberListEntries().Create(ctx, &e))
	}
	greeting := Prompt{Name: "Welcome", File: "welcome.wav", DurationMS: 3200}
	must(s.Prompts().Create(ctx, &greeting))
	must(s.RingGroups().Create(ctx, &RingGroup{Name: "Sales", Members: json.RawMessage(`["101","102"]`), Strategy: "in_turn", Step: 10, Total: 60}))
	must(s.CallQueues().Create(ctx, &CallQueue{Name: "Support", Agents: json.RawMessage(`["101"]`), Strategy: "round_robin",
		MaxWait: 300, MusicPromptID: &greeting.ID, AnnouncePosition: true, AnnounceEvery: 30, ExitKey: "0"}))
	for _, m := range []Mailbox{
		{Number: "100", ExtensionID: &exts[0].ID, GreetingPromptID: &greeting.ID, PIN: "2468", Email: "office@example.com"},
		{Number: "900"},
	} {
		must(s.Mailboxes().Create(ctx, &m))
	}
	routes := []InboundRoute{
		{Name: "Trunk DID", Source: SourceDID, DID: "+74950000000", SIPTrunkID: &trunk.ID, ScenarioID: day.ID,
			ScheduleID: &hours.ID, GreetingPromptID: &greeting.ID, RecordCalls: true},
		{Name: "City line", Source: SourceFXO, FXOLineID: &fxo.ID, ScenarioID: day.ID},
		{Name: "GSM", Source: SourceGSM, GSMModuleID: &gsm.ID, ScenarioID: night.ID},
		{Name: "Anything else", Source: SourceAny, ScenarioID: night.ID},
	}
	for i := range routes {
		must(s.InboundRoutes().Create(ctx, &routes[i]))
	}
	opts := RouteOptions{RouteID: routes[0].ID, AfterHoursAction: AfterHoursScenario, AfterHoursScenarioID: &night.ID,
		WorkingInterval: "working", RateCalls: true}
	must(s.RouteOptions().Create(ctx, &opts))
	must(s.PutSetting(ctx, "country", "RU"))
	must(s.PutSetting(ctx, "tones", map[string]any{"dial": 425, "busy": []int{350, 350}}))
	cfg, err := s.Export(ctx)
	must(err)
	return cfg
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestConfigCoversEveryTable keeps Config, configParts and the schema in
// step: every table is either in the document or deliberately left out.
func TestConfigCoversEveryTable(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	notConfig := []string{"schema_migrations", "config_revision", "admins", "admin_sessions", "setup_codes", "call_records",
		"sms_messages", "sms_forwards", "ussd_requests", "scenario_versions"}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	all, err := tableNames(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	var inDB []string
	for _, name := range all {
		if !slices.Contains(notConfig, name) {
			inDB = append(inDB, name)
		}
	}
	var inConfig []string
	parts := s.configParts()
	cfgType := reflect.TypeFor[Config]()
	for _, ct := range configTables() {
		inConfig = append(inConfig, ct.name)
		p, ok := parts[ct.name]
		if !ok {
			t.Errorf("Config field %s has no entry in configParts", ct.name)
			continue
		}
		rows, err := p.exportRows(ctx, tx)
		if err != nil {
			t.Fatal(err)
		}
		if want := cfgType.Field(ct.index).Type; rows.Type() != want {
			t.Errorf("configParts[%s] reads %s; Config field is %s", ct.name, rows.Type(), want)
		}
	}
	slices.Sort(inDB)
	slices.Sort(inConfig)
	if !slices.Equal(inDB, inConfig) {
		t.Errorf("configuration tables in the schema %v; in Config %v", inDB, inConfig)
	}
	if len(parts) != len(inConfig) {
		t.Errorf("configParts has %d tables; Config has %d", len(parts), len(inConfig))
	}
}

func TestExportEmptyHasEveryList(t *testing.T) {
	s := openTemp(t)
	cfg, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(mustMarshal(t, cfg), &doc); err != nil {
		t.Fatal(err)
	}
	if got := string(doc["schema"]); got != mustString(SchemaVersion()) {
		t.Errorf("schema = %s; want %d", got, SchemaVersion())
	}
	for _, ct := range configTables() {
		if got := string(doc[ct.name]); got != "[]" {
			t.Errorf("empty export: %s = %s; want []", ct.name, got)
		}
	}
	if len(doc) != len(configTables())+1 {
		t.Errorf("empty export has %d keys; want %d", len(doc), len(configTables())+1)
	}
}

func mustString(v int) string { b, _ := json.Marshal(v); return string(b) }

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openTemp(t)
	want := populate(t, src)
	cv := reflect.ValueOf(want).Elem()
	for _, ct := range configTables() {
		if cv.Field(ct.index).Len() == 0 {
			t.Fatalf("fixture leaves %s empty", ct.name)
		}
	}
	if want.FXSPorts[0].ExtensionID == nil || want.FXSPorts[1].ExtensionID != nil ||
		want.InboundRoutes[0].ScheduleID == nil || want.InboundRoutes[3].ScheduleID != nil {
		t.Fatal("fixture must set and unset nullable references")
	}
	doc := mustMarshal(t, want)
	indented, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  []byte
	}{
		{"compact", doc},
		{"indented", indented}, // as pbxctl writes it
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := openTemp(t)
			if err := dst.Import(ctx, tt.doc); err != nil {
				t.Fatalf("Import: %v", err)
			}
			got, err := dst.Export(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Export after Import =\n%+v\nwant\n%+v", got, want)
			}
			if again := mustMarshal(t, got); string(again) != string(doc) {
				t.Errorf("JSON after round trip =\n%s\nwant\n%s", again, doc)
			}
		})
	}
}

func TestImportParentsAfterChildren(t *testing.T) {
	ctx := context.Background()
	want := populate(t, openTemp(t))
	// The same document with its tables listed in reverse order.
	var doc []byte
	doc = append(doc, '{')
	tables := configTables()
	cv := reflect.ValueOf(want).Elem()
	for i := len(tables) - 1; i >= 0; i-- {
		doc = append(doc, '"')
		doc = append(doc, tables[i].name...)
		doc = append(doc, `":`...)
		doc = append(doc, mustMarshal(t, cv.Field(tables[i].index).Interface())...)
		doc = append(doc, ',')
	}
	doc = append(doc, `"schema":`+mustString(SchemaVersion())+`}`...)
	dst := openTemp(t)
	if err := dst.Import(ctx, doc); err != nil {
		t.Fatalf("Import(children first): %v", err)
	}
	got, err := dst.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Export after Import = %+v; want %+v", got, want)
	}
}

func TestDependencyOrder(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	tests := []struct {
		in, want []string
	}{
		{[]string{"sip_devices", "extensions"}, []string{"extensions", "sip_devices"}},
		{[]string{"settings", "extensions", "fxs_ports"}, []string{"settings", "extensions", "fxs_ports"}},
		{[]string{"inbound_routes", "prompts", "scenarios", "sip_trunks"}, []string{"prompts", "scenarios", "sip_trunks", "inbound_routes"}},
		{[]string{"admin_sessions", "admins"}, []string{"admins", "admin_sessions"}},
	}
	for _, tt := range tests {
		got, err := dependencyOrder(ctx, tx, tt.in)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("dependencyOrder(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// snapshotState is what must not change when an import is refused.
type snapshotState struct {
	cfg *Config
	rev int64
}

func stateOf(t testing.TB, s *Store) snapshotState {
	t.Helper()
	ctx := context.Background()
	cfg, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return snapshotState{cfg, rev}
}

// waitRevision waits up to 5 s for a revision on ch.
func waitRevision(t *testing.T, ch <-chan int64) int64 {
	t.Helper()
	select {
	case rev := <-ch:
		return rev
	case <-time.After(5 * time.Second):
		t.Fatal("no revision notified within 5 s")
	}
	return 0
}
