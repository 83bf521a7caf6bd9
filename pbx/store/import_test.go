package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// editItem returns doc with the item i of table re-encoded after edit; the
// rest of the document keeps its text and order.
func editItem(t testing.TB, doc []byte, table string, i int, edit func(m map[string]any)) []byte {
	t.Helper()
	root, ierr := parseJSON(doc)
	if ierr != nil {
		t.Fatal(ierr)
	}
	for k, name := range root.names {
		if name != table {
			continue
		}
		item := root.elems[k].elems[i]
		var m map[string]any
		if err := json.Unmarshal(item.raw, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		start := cap(doc) - cap(item.raw) // item.raw is a slice of doc
		out := append([]byte{}, doc[:start]...)
		out = append(out, mustMarshal(t, m)...)
		return append(out, doc[start+len(item.raw):]...)
	}
	t.Fatalf("no table %s in the document", table)
	return nil
}

func setField(table string, i int, field string, value any) func(testing.TB, []byte) []byte {
	return func(t testing.TB, doc []byte) []byte {
		return editItem(t, doc, table, i, func(m map[string]any) { m[field] = value })
	}
}

func replaceText(old, new string) func(testing.TB, []byte) []byte {
	return func(t testing.TB, doc []byte) []byte {
		t.Helper()
		if !bytes.Contains(doc, []byte(old)) {
			t.Fatalf("document has no %s", old)
		}
		return bytes.Replace(doc, []byte(old), []byte(new), 1)
	}
}

func TestImportRefusesBadDocuments(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	base := mustMarshal(t, populate(t, s))
	v := SchemaVersion()
	schema := fmt.Sprintf(`"schema":%d`, v)
	newer := fmt.Sprintf(`"schema":%d`, v+6)
	tests := []struct {
		name        string
		edit        func(testing.TB, []byte) []byte
		wantPath    string
		wantProblem string
		wantIs      error
	}{
		{"not JSON", func(testing.TB, []byte) []byte { return []byte(`{"schema": 1, "extensions": [}`) },
			"$.extensions", "not valid JSON (line 1, column 30): invalid character '}' looking for beginning of value", nil},
		{"truncated", func(_ testing.TB, d []byte) []byte { return d[:len(d)/2] },
			"", "not valid JSON: the document ends too early", nil},
		{"trailing data", func(_ testing.TB, d []byte) []byte { return append(d, "\n{}"...) },
			"$", "unexpected data after the document (line 2, column 1)", nil},
		{"empty", func(testing.TB, []byte) []byte { return []byte(" \n") },
			"$", "the document is empty", nil},
		{"not an object", func(testing.TB, []byte) []byte { return []byte(`[1, 2]`) },
			"$", "want an object, got an array", nil},
		{"missing schema", replaceText(schema+",", ``),
			"$.schema", fmt.Sprintf("missing: a configuration document names its schema (this firmware writes schema %d)", v), nil},
		{"schema as text", replaceText(schema, `"schema":"1"`),
			"$.schema", `want a number, got "1"`, nil},
		{"newer schema", replaceText(schema, newer),
			"$.schema", fmt.Sprintf("this configuration is from a newer firmware (schema %d; this firmware knows %d): update the firmware before importing it", v+6, v), nil},
		{"schema zero", replaceText(schema, `"schema":0`),
			"$.schema", fmt.Sprintf("schema 0 does not exist: configuration schemas start at 1 (this firmware writes %d)", v), nil},
		{"table missing in the current schema", func(t testing.TB, doc []byte) []byte {
			var m map[string]any
			if err := json.Unmarshal(doc, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "outbound_rules")
			out, _ := json.Marshal(m)
			return out
		}, "$.outbound_rules", "missing (want an array)", nil},
		{"unknown field", setField("extensions", 0, "colour", "red"),
			"$.extensions[0].colour", "unknown field", nil},
		{"unknown field, odd name", setField("fxo_lines", 0, "a b", 1),
			`$.fxo_lines[0]["a b"]`, "unknown field", nil},
		{"unknown table", replaceText(schema, schema+`,"voicemail_boxes":[]`),
			"$.voicemail_boxes", "unknown field", nil},
		{"field in the wrong case", setField("sip_trunks", 0, "Name", "x"),
			"$.sip_trunks[0].Name", "unknown field", nil},
		{"repeated field", replaceText(`"number":"101"`, `"number":"101","number":"104"`),
			"$.extensions[0].number", "the field appears twice", nil},
		{"missing table", func(t testing.TB, d []byte) []byte {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(d, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "settings")
			return mustMarshal(t, m)
		}, "$.settings", "missing (want an array)", nil},
		{"missing field", func(t testing.TB, d []byte) []byte {
			return editItem(t, d, "gsm_modules", 0, func(m map[string]any) { delete(m, "enabled") })
		}, "$.gsm_modules[0].enabled", "missing (want true or false)", nil},
		{"wrong type", setField("fxs_ports", 1, "port", "one"),
			"$.fxs_ports[1].port", `want a number, got "one"`, nil},
		{"null for a string", setField("extensions", 1, "name", nil),
			"$.extensions[1].name", "want a string, got null", nil},
		{"null for a list", replaceText(`"prompts":[`, `"prompts":null,"x":[`),
			"$.prompts", "want an array, got null", nil},
		{"object for a reference", setField("fxs_ports", 0, "extension_id", map[string]any{"id": 1}),
			"$.fxs_ports[0].extension_id", "want a number or null, got an object", nil},
		{"fraction", setField("fxs_ports", 0, "port", 1.5),
			"$.fxs_ports[0].port", "want a whole number, got 1.5", nil},
		{"huge number", setField("sip_trunks", 0, "max_channels", json.Number("100000000000000000000")),
			"$.sip_trunks[0].max_channels", "the number 100000000000000000000 is too large for 64 bits", nil},
		{"zero id", setField("schedules", 0, "id", 0),
			"$.schedules[0].id", "want a positive whole number, got 0", nil},
		{"invalid value", setField("fxs_ports", 0, "country", "Russia"),
			"$.fxs_ports[0].country", "must be a two-letter upper-case country code such as RU or US", ErrInvalid},
		{"invalid JSON document", setField("scenarios", 1, "document", []int{1}),
			"$.scenarios[1].document", "must be a JSON object", ErrInvalid},
		{"dangling reference", setField("sip_devices", 0, "extension_id", 7),
			"$.sip_devices[0].extension_id", "no extensions record with id 7", ErrMissingReference},
		{"dangling nullable reference", setField("inbound_routes", 0, "schedule_id", 42),
			"$.inbound_routes[0].schedule_id", "no schedules record with id 42", ErrMissingReference},
		{"duplicate extension number", setField("extensions", 2, "number", "101"),
			"$.extensions[2].number", `"101" is already used`, ErrDuplicate},
		{"duplicate id", setField("extensions", 1, "id", 1),
			"$.extensions[1].id", "1 is already used", ErrDuplicate},
		{"duplicate list entry", setField("number_list_entries", 1, "pattern", "+79990000000"),
			"$.number_list_entries[1].pattern", `"+79990000000" is already used`, ErrDuplicate},
		{"first problem wins", func(t testing.TB, d []byte) []byte {
			d = setField("sip_trunks", 0, "colour", "red")(t, d)
			return setField("extensions", 1, "number", "1")(t, d)
		}, "$.extensions[1].number", `"1" must be 2 to 6 digits`, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := stateOf(t, s)
			doc := tt.edit(t, bytes.Clone(base))
			err := s.Import(ctx, doc)
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("Import = %v; want an *ImportError", err)
			}
			if (tt.wantPath != "" && ie.Path != tt.wantPath) || ie.Problem != tt.wantProblem {
				t.Errorf("Import = %q, %q; want %q, %q", ie.Path, ie.Problem, tt.wantPath, tt.wantProblem)
			}
			if want := "store: import: " + ie.Path + ": " + ie.Problem; err.Error() != want {
				t.Errorf("Error() = %q; want %q", err.Error(), want)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
			if after := stateOf(t, s); !reflect.DeepEqual(after, before) {
				t.Errorf("refused import changed the store: revision %d -> %d", before.rev, after.rev)
			}
		})
	}
	// The base document itself is fine.
	if err := s.Import(ctx, base); err != nil {
		t.Fatalf("Import(base) = %v", err)
	}
}

func TestImportReplacesEverything(t *testing.T) {
	ctx := context.Background()
	want := populate(t, openTemp(t))
	s := openTemp(t)
	// Rows that the document does not have, in a parent and a child table.
	old := newExtension("555")
	if err := s.Extensions().Create(ctx, &old); err != nil {
		t.Fatal(err)
	}
	dev := SIPDevice{ExtensionID: old.ID, Username: "old-phone", HA1MD5: hex(32), HA1SHA256: hex(64)}
	if err := s.SIPDevices().Create(ctx, &dev); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSetting(ctx, "legacy", true); err != nil {
		t.Fatal(err)
	}
	revs, cancel := s.Subscribe()
	defer cancel()
	rev0, _ := s.Revision(ctx)
	if err := s.Import(ctx, mustMarshal(t, want)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Export after Import = %+v; want %+v", got, want)
	}
	if _, err := s.SIPDevices().FindBy(ctx, "username", "old-phone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old SIP device after import: err = %v; want ErrNotFound", err)
	}
	if _, err := s.Settings().FindBy(ctx, "key", "legacy"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old setting after import: err = %v; want ErrNotFound", err)
	}
	if rev, _ := s.Revision(ctx); rev != rev0+1 {
		t.Errorf("revision after import = %d; want %d (one bump)", rev, rev0+1)
	}
	if rev := waitRevision(t, revs); rev != rev0+1 {
		t.Errorf("subscriber got revision %d; want %d", rev, rev0+1)
	}

	// An empty configuration empties every table.
	empty, err := openTemp(t).Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, mustMarshal(t, empty)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Export(ctx); !reflect.DeepEqual(got, empty) {
		t.Errorf("Export after importing an empty config = %+v; want %+v", got, empty)
	}
}

// FuzzImport checks that Import never panics, that a refused document
// leaves the store exactly as it was, and that an accepted one exports to a
// document that imports to the same configuration.
func FuzzImport(f *testing.F) {
	ctx := context.Background()
	s, err := Open(ctx, f.TempDir()+"/pbx.db")
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	full := mustMarshal(f, populate(f, s))
	f.Add(full)
	f.Add(bytes.ReplaceAll(full, []byte(`"id":1,`), []byte(`"id":2,`)))
	f.Add([]byte(`{"schema":1,"extensions":[{"id":1,"number":"10","name":"\u00e9\ud800\u0000x","email":"","mobile":"","dnd":false,"on_duty":true,"outbound":"local","voicemail":false}],` +
		`"sip_devices":[],"fxs_ports":[],"fxo_lines":[],"gsm_modules":[],"sip_trunks":[],"scenarios":[],"schedules":[],"number_lists":[],` +
		`"number_list_entries":[],"prompts":[],"inbound_routes":[],"settings":[{"id":9,"key":"k","value":[1,{"a":null}]}]}`))
	f.Add([]byte(`{"schema":1,"extensions":[[[[[[]]]]]]}`))
	f.Add([]byte(`{"schema":1e0}`))
	f.Add([]byte(`{"schema":1,"schema":1}`))
	f.Add([]byte("{\"schema\":1,\"settings\":[{\"id\":1,\"key\":\"\xff\",\"value\":\"\\u0000\"}]}"))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Add([]byte(strings.Repeat("[", 5000)))
	f.Fuzz(func(t *testing.T, doc []byte) {
		before := stateOf(t, s)
		err := s.Import(ctx, doc)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) || ie.Path == "" || !strings.HasPrefix(ie.Path, "$") || ie.Problem == "" {
				t.Fatalf("Import(%q) = %v; want an *ImportError with a path and a problem", doc, err)
			}
			if after := stateOf(t, s); !reflect.DeepEqual(after, before) {
				t.Fatalf("Import(%q) refused (%v) but changed the store", doc, err)
			}
			return
		}
		cfg := stateOf(t, s)
		if cfg.rev != before.rev+1 {
			t.Fatalf("Import(%q): revision %d -> %d; want one bump", doc, before.rev, cfg.rev)
		}
		again := mustMarshal(t, cfg.cfg)
		if err := s.Import(ctx, again); err != nil {
			t.Fatalf("Import(%q) worked, but importing its export %s fails: %v", doc, again, err)
		}
		if got := stateOf(t, s); !reflect.DeepEqual(got.cfg, cfg.cfg) {
			t.Fatalf("Import(%q): export is not stable:\n%s\nthen\n%s", doc, again, mustMarshal(t, got.cfg))
		}
	})
}

// TestImportOlderSchema imports a document written by a firmware of schema
// 1, which had no outbound rules: the table added since is empty afterwards
// and everything else arrives.
func TestImportOlderSchema(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	doc := []byte(`{"schema": 1,
	 "extensions": [{"id": 1, "number": "101", "name": "Reception", "email": "", "mobile": "", "dnd": false,
	   "on_duty": true, "outbound": "internal", "voicemail": true}],
	 "sip_devices": [], "fxs_ports": [], "fxo_lines": [], "gsm_modules": [], "sip_trunks": [],
	 "scenarios": [], "schedules": [], "number_lists": [], "number_list_entries": [], "prompts": [],
	 "inbound_routes": [], "settings": []}`)
	if err := s.Import(ctx, doc); err != nil {
		t.Fatalf("Import(schema 1 document) = %v; want success", err)
	}
	cfg, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Schema != SchemaVersion() || len(cfg.Extensions) != 1 || cfg.OutboundRules == nil || len(cfg.OutboundRules) != 0 {
		t.Fatalf("after importing schema 1: schema %d, %d extensions, outbound rules %v; want schema %d, 1 extension, none",
			cfg.Schema, len(cfg.Extensions), cfg.OutboundRules, SchemaVersion())
	}
}
