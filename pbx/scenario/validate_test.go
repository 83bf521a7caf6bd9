package scenario

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// doc builds a scenario document from element JSON objects.
func doc(elements ...string) string {
	return `{"schema": 1, "elements": [` + strings.Join(elements, ",") + `]}`
}

const (
	inToHang = `{"id": "in", "type": "incoming", "next": {"next": "bye"}}`
	bye      = `{"id": "bye", "type": "hangup"}`
)

func TestValidateRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		doc              string
		element, outcome string // the problem that must be named
		field, says      string
	}{
		{"no incoming call", doc(bye), "", "", "", "Incoming call"},
		{"two incoming calls", doc(inToHang, bye, `{"id": "in2", "type": "incoming", "next": {"next": "bye"}}`), "in2", "", "", "exactly one"},
		{"outcome not connected", doc(`{"id": "in", "type": "incoming", "next": {"next": "l"}}`,
			`{"id": "l", "type": "list", "label": "Blacklist", "params": {"list_id": 1}, "next": {"match": "bye"}}`, bye), "l", "no_match", "", "not connected"},
		{"arrow to nowhere", doc(`{"id": "in", "type": "incoming", "next": {"next": "ghost"}}`, bye), "in", "next", "", "does not exist"},
		{"arrow from an outcome the element lacks", doc(inToHang, `{"id": "bye", "type": "hangup", "next": {"next": "in"}}`), "bye", "next", "", "no outcomes"},
		{"arrow back to incoming", doc(`{"id": "in", "type": "incoming", "next": {"next": "c"}}`,
			`{"id": "c", "type": "condition", "params": {"expression": "true"}, "next": {"true": "in", "false": "bye"}}`, bye), "c", "true", "", "back to the Incoming"},
		{"unreachable element", doc(inToHang, bye, `{"id": "lost", "type": "hangup", "label": "Orphan"}`), "lost", "", "", "cannot be reached"},
		{"no way to an end", doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
			`{"id": "m", "type": "menu", "params": {"prompt": {"prompt_id": 1}, "keys": ["1"]}, "next": {"1": "m", "no_input": "m", "invalid": "m"}}`), "m", "", "", "no path from here ends"},
		{"instant loop", doc(`{"id": "in", "type": "incoming", "next": {"next": "a"}}`,
			`{"id": "a", "type": "condition", "params": {"expression": "caller == '1'"}, "next": {"true": "b", "false": "bye"}}`,
			`{"id": "b", "type": "code", "params": {"variable": "x", "expression": "1"}, "next": {"next": "a", "error": "bye"}}`, bye), "b", "next", "", "go round it forever"},
		{"ring time too short", doc(`{"id": "in", "type": "incoming", "next": {"next": "i"}}`,
			`{"id": "i", "type": "internal", "params": {"extension": "101", "ring_time": 3}, "next": {"next": "bye"}}`, bye), "i", "", "ring_time", "5 to 600"},
		{"ring time too long", doc(`{"id": "in", "type": "incoming", "next": {"next": "i"}}`,
			`{"id": "i", "type": "internal", "params": {"extension": "101", "ring_time": 601}, "next": {"next": "bye"}}`, bye), "i", "", "ring_time", "5 to 600"},
		{"group step too long", doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "group", "params": {"members": ["101"], "strategy": "in_turn", "step": 31, "total": 60}, "next": {"next": "bye"}}`, bye), "g", "", "step", "5 to 30"},
		{"group total too short", doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "group", "params": {"members": ["101"], "strategy": "all", "total": 10}, "next": {"next": "bye"}}`, bye), "g", "", "total", "15 to 600"},
		{"unknown extension", doc(`{"id": "in", "type": "incoming", "next": {"next": "i"}}`,
			`{"id": "i", "type": "internal", "label": "Boss", "params": {"extension": "999"}}`), "i", "", "extension", "does not exist"},
		{"unknown list", doc(`{"id": "in", "type": "incoming", "next": {"next": "l"}}`,
			`{"id": "l", "type": "list", "params": {"list_id": 9}, "next": {"match": "bye", "no_match": "bye"}}`, bye), "l", "", "list_id", "does not exist"},
		{"unknown prompt", doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
			`{"id": "m", "type": "message", "params": {"sound": {"prompt_id": 9}}, "next": {"next": "bye"}}`, bye), "m", "", "sound.prompt_id", "does not exist"},
		{"unknown schedule", doc(`{"id": "in", "type": "incoming", "next": {"next": "s"}}`,
			`{"id": "s", "type": "schedule", "params": {"schedule_id": 9, "intervals": ["working", "non-working"]}, "next": {"working": "bye", "non-working": "bye"}}`, bye), "s", "", "schedule_id", "does not exist"},
		{"unknown mailbox", doc(`{"id": "in", "type": "incoming", "next": {"next": "v"}}`,
			`{"id": "v", "type": "voicemail", "params": {"mailbox": "999"}}`), "v", "", "mailbox", "does not exist"},
		{"unknown scenario", doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "scenario", "params": {"scenario_id": 42}}`), "g", "", "scenario_id", "does not exist"},
		{"menu key twice", doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
			`{"id": "m", "type": "menu", "params": {"prompt": {"text": "hi"}, "keys": ["1"], "leave_key": "1"}, "next": {"1": "bye", "no_input": "bye", "invalid": "bye", "leave": "bye"}}`, bye), "m", "", "leave_key", "already used"},
		{"bad expression", doc(`{"id": "in", "type": "incoming", "next": {"next": "c"}}`,
			`{"id": "c", "type": "condition", "params": {"expression": "caller ==="}, "next": {"true": "bye", "false": "bye"}}`, bye), "c", "", "expression", "does not compile"},
		{"question-answer without recognition", doc(`{"id": "in", "type": "incoming", "next": {"next": "q"}}`,
			`{"id": "q", "type": "question_answer", "params": {"question": {"text": "Sales or support?"}, "answers": [{"name": "sales", "synonyms": ["sales"]}]}, "next": {"sales": "bye", "not_understood": "bye"}}`, bye),
			"q", "", "", "speech recognition backend, and none is configured"},
		{"CRM manager without a CRM", doc(`{"id": "in", "type": "incoming", "next": {"next": "c"}}`,
			`{"id": "c", "type": "manager", "params": {"crm": "bitrix24", "ring_time": 20}, "next": {"next": "bye"}}`, bye), "c", "", "", "crm backend, and none is configured"},
		{"AI without a model", doc(`{"id": "in", "type": "incoming", "next": {"next": "a"}}`,
			`{"id": "a", "type": "ai", "params": {"instructions": "help"}, "next": {"next": "bye"}}`, bye), "a", "", "", "language model backend"},
		{"campaign without a dialler", doc(`{"id": "in", "type": "incoming", "next": {"next": "a"}}`,
			`{"id": "a", "type": "campaign", "params": {"campaign_id": 1}, "next": {"next": "bye"}}`, bye), "a", "", "", "dialler backend"},
	}
	refs := &ConfigRefs{Config: withScenario(baseConfig(), 1, doc(inToHang, bye), "")}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := Decode([]byte(tt.doc))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			err = Validate(context.Background(), d, refs)
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate = %v; want a *ValidationError", err)
			}
			for _, p := range ve.Problems {
				if p.Element == tt.element && p.Outcome == tt.outcome && p.Field == tt.field && strings.Contains(p.Message, tt.says) {
					if tt.element != "" && !strings.Contains(err.Error(), `element "`+tt.element+`"`) {
						t.Errorf("error %q does not name the element", err)
					}
					return
				}
			}
			t.Errorf("Validate = %v; want a problem of element %q outcome %q field %q saying %q", err, tt.element, tt.outcome, tt.field, tt.says)
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	t.Parallel()
	refs := &ConfigRefs{Config: baseConfig(), Backends: map[string]bool{BackendCRM: true}}
	for name, src := range map[string]string{
		"worked example": example,
		"waiting loop":   doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`, `{"id": "m", "type": "menu", "params": {"prompt": {"text": "hi"}, "keys": ["1"]}, "next": {"1": "bye", "no_input": "m", "invalid": "m"}}`, bye),
		"crm configured": doc(`{"id": "in", "type": "incoming", "next": {"next": "c"}}`, `{"id": "c", "type": "manager", "params": {"crm": "api", "ring_time": 20}, "next": {"next": "bye"}}`, bye),
	} {
		d, err := Decode([]byte(src))
		if err != nil {
			t.Fatalf("%s: Decode: %v", name, err)
		}
		if err := Validate(context.Background(), d, refs); err != nil {
			t.Errorf("%s: Validate = %v; want nil", name, err)
		}
	}
	for _, members := range [][]string{nil, {"101", "102"}} {
		if err := Validate(context.Background(), DefaultDocument(members), refs); err != nil {
			t.Errorf("DefaultDocument(%q) does not validate: %v", members, err)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct{ doc, want string }{
		{`{"schema": 1, "elements": [], "extra": 1}`, `scenario: unknown field "extra"`},
		{`{"schema": 1, "elements": [{"id": "a", "type": "incoming", "colour": "red"}]}`, `scenario: elements[0]: unknown field "colour"`},
		{`{"schema": 1, "elements": [{"id": "a", "type": "internal", "params": {"extension": "101", "ringtime": 5}}]}`, `scenario: elements[0].params: unknown field "ringtime"`},
		{`{"schema": 1, "elements": [{"id": "a", "type": "internal", "params": {"extension": "101", "Ring_Time": 5}}]}`, `scenario: elements[0].params: unknown field "Ring_Time"`},
		{`{"schema": 1, "elements": [{"id": "a", "type": "menu", "params": {"prompt": {"prompt_id": 1, "loud": true}}}]}`, `scenario: elements[0].params.prompt: unknown field "loud"`},
		{`{"schema": 1, "elements": [{"id": "a", "type": "conditions", "params": {"conditions": [{"name": "x", "expression": "true", "when": 1}]}}]}`, `scenario: elements[0].params.conditions[0]: unknown field "when"`},
		{`{"schema": 1, "elements": [{"id": "a", "type": "internal", "params": {"ring_time": "20"}}]}`, `scenario: elements[0].params.ring_time: a JSON string cannot be a int`},
		{`{"schema": 1, "elements": [{"id": "a", "type": "teleport"}]}`, `scenario: elements[0].type: unknown element type "teleport"`},
		{`{"schema": 2, "elements": []}`, `scenario: schema: version 2 is not supported; this firmware reads version 1`},
		{`[1]`, `scenario: a JSON array cannot be`},
		{`{"schema": 1`, `scenario: not JSON`},
	}
	for _, tt := range tests {
		_, err := Decode([]byte(tt.doc))
		if err == nil || !errors.Is(err, ErrDecode) || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Decode(%s) = %v; want %q", tt.doc, err, tt.want)
		}
	}
}

func TestEncodeDecode(t *testing.T) {
	t.Parallel()
	d, err := Decode([]byte(example))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(Encode(example)): %v\n%s", err, b)
	}
	b2, _ := Encode(d2)
	if string(b) != string(b2) {
		t.Errorf("Encode after Decode differs:\n%s\n%s", b, b2)
	}
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	for _, k := range Catalogue() {
		p := k.new()
		if p == nil || k.Name == "" || k.Outcomes == "" {
			t.Errorf("catalogue row %q is incomplete", k.Kind)
		}
	}
}

// FuzzDecodeValidate feeds the decoder and validator arbitrary documents:
// they must never panic, and what decodes must encode and decode again.
func FuzzDecodeValidate(f *testing.F) {
	f.Add([]byte(example))
	f.Add([]byte(doc(inToHang, bye)))
	f.Add([]byte(`{"schema":1,"elements":[{"id":"a","type":"menu","params":{"keys":["1","1"],"prompt":{}},"next":{"1":"a"}}]}`))
	f.Add([]byte(`{"schema":1,"elements":[{"id":"a","type":"conditions","params":{"conditions":[{"name":"default","expression":"1+"}]}}]}`))
	refs := &ConfigRefs{Config: baseConfig()}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Decode(data)
		if err != nil {
			return
		}
		_ = Validate(context.Background(), d, refs)
		b, err := Encode(d)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if _, err := Decode(b); err != nil {
			t.Fatalf("Decode(Encode(d)) = %v for %s", err, b)
		}
	})
}
