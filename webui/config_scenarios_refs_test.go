package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// refOffice is a box whose scenario "Office" refers to extensions 101
// and 102, prompt 1, schedule 1, mailbox 800 and trunk "Provider", and
// whose scenario "Night" goes on in "Office"; route "Main" runs "Office"
// and sends callers after hours to mailbox 800.
type refOffice struct {
	e                                     *testEnv
	b                                     *browser
	ext101, ext102, box, office, night    int64
	prompt, schedule, trunk, route, spare int64
}

func newRefOffice(t *testing.T) *refOffice {
	t.Helper()
	e := newTestEnv(t)
	o := &refOffice{e: e, b: e.setupAdmin(t)}
	ctx := context.Background()
	o.ext101 = idOf(t, mustCreate(t, o.b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"}))
	o.ext102 = idOf(t, mustCreate(t, o.b, "/api/extensions", map[string]any{"number": "102", "name": "Sales"}))
	o.spare = idOf(t, mustCreate(t, o.b, "/api/extensions", map[string]any{"number": "109", "name": "Spare"}))
	prompt := store.Prompt{Name: "closed", File: "closed.wav", DurationMS: 1000}
	sched := store.Schedule{Name: "Office hours", TimeZone: "Europe/Moscow", Document: json.RawMessage(`{}`)}
	box := store.Mailbox{Number: "800"}
	trunk := store.SIPTrunk{Name: "Provider", Host: "sip.example.com", Port: 5060, Transport: "udp", MaxChannels: 2}
	for _, err := range []error{e.st.Prompts().Create(ctx, &prompt), e.st.Schedules().Create(ctx, &sched),
		e.st.Mailboxes().Create(ctx, &box), e.st.SIPTrunks().Create(ctx, &trunk)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	o.prompt, o.schedule, o.box, o.trunk = prompt.ID, sched.ID, box.ID, trunk.ID
	office := fmt.Sprintf(`{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "hours"}},
 {"id": "hours", "type": "schedule", "params": {"schedule_id": %d, "intervals": ["working", "non-working"]}, "next": {"working": "desk", "non-working": "closed"}},
 {"id": "closed", "type": "message", "label": "Closed", "params": {"sound": {"prompt_id": %d}}, "next": {"next": "vm"}},
 {"id": "desk", "type": "internal", "label": "Reception", "params": {"extension": "101", "ring_time": 20}, "next": {"next": "sales"}},
 {"id": "sales", "type": "group", "params": {"members": ["102"], "strategy": "all", "total": 30}, "next": {"next": "out"}},
 {"id": "out", "type": "external", "params": {"trunk": "Provider", "number": "+74951234567", "ring_time": 30}, "next": {"next": "vm"}},
 {"id": "vm", "type": "voicemail", "params": {"mailbox": "800"}}
]}`, sched.ID, prompt.ID)
	o.office = idOf(t, mustCreate(t, o.b, "/api/scenarios", map[string]any{"name": "Office", "document": json.RawMessage(office)}))
	night := fmt.Sprintf(`{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "day"}},
 {"id": "day", "type": "scenario", "params": {"scenario_id": %d}}
]}`, o.office)
	o.night = idOf(t, mustCreate(t, o.b, "/api/scenarios", map[string]any{"name": "Night", "document": json.RawMessage(night)}))
	o.route = idOf(t, mustCreate(t, o.b, "/api/routes", map[string]any{"name": "Main", "source": "any", "scenario_id": o.office}))
	if res := o.b.do("PUT", fmt.Sprintf("/api/routes/%d/options", o.route),
		map[string]any{"after_hours_action": "voicemail", "after_hours_mailbox": "800"}); res.Code != http.StatusOK {
		t.Fatalf("route options: %d %s", res.Code, res.Body)
	}
	return o
}

// TestDeleteReferencedIsRefused: deleting what a scenario element or a
// route still refers to is refused, naming each of them, and deletes
// nothing; once nothing refers to it, it goes.
func TestDeleteReferencedIsRefused(t *testing.T) {
	t.Parallel()
	o := newRefOffice(t)
	tests := []struct {
		name string
		path string
		says []string
	}{
		{"extension", fmt.Sprintf("/api/extensions/%d", o.ext101), []string{"extension 101", `scenario "Office" element "desk" (Reception), extension`}},
		{"group member", fmt.Sprintf("/api/extensions/%d", o.ext102), []string{`scenario "Office" element "sales", members`}},
		{"prompt", fmt.Sprintf("/api/prompts/%d", o.prompt), []string{`prompt "closed"`, `element "closed" (Closed), sound.prompt_id`}},
		{"schedule", fmt.Sprintf("/api/schedules/%d", o.schedule), []string{`schedule "Office hours"`, `element "hours", schedule_id`}},
		{"mailbox", fmt.Sprintf("/api/mailboxes/%d", o.box), []string{"mailbox 800", `element "vm", mailbox`, `inbound route "Main" options, after_hours_mailbox`}},
		{"trunk", fmt.Sprintf("/api/trunks/%d", o.trunk), []string{`SIP trunk "Provider"`, `element "out", trunk`}},
		{"scenario", fmt.Sprintf("/api/scenarios/%d", o.office), []string{`scenario "Office"`, `scenario "Night" element "day", scenario_id`, `inbound route "Main", scenario_id`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := o.b.do("DELETE", tt.path, nil)
			msg := res.apiErr(t).Error
			if res.Code != http.StatusConflict || !contains(msg, tt.says...) {
				t.Errorf("DELETE %s = %d %q; want 409 saying %q", tt.path, res.Code, msg, tt.says)
			}
			if res := o.b.do("GET", tt.path, nil); res.Code != http.StatusOK {
				t.Errorf("GET %s after the refusal = %d; want it still there", tt.path, res.Code)
			}
		})
	}
	// Nothing refers to these: they go.
	for _, path := range []string{fmt.Sprintf("/api/extensions/%d", o.spare), fmt.Sprintf("/api/scenarios/%d", o.night)} {
		if res := o.b.do("DELETE", path, nil); res.Code != http.StatusNoContent {
			t.Errorf("DELETE %s = %d %s; want 204", path, res.Code, res.Body)
		}
	}
	if res := o.b.do("DELETE", "/api/extensions/999", nil); res.Code != http.StatusNotFound {
		t.Errorf("DELETE a missing extension = %d; want 404", res.Code)
	}
	// With Night gone and the route on another scenario, Office goes too.
	other := mustCreate(t, o.b, "/api/scenarios", map[string]any{"name": "Other", "document": json.RawMessage(
		`{"schema": 1, "elements": [{"id": "in", "type": "incoming", "next": {"next": "bye"}}, {"id": "bye", "type": "hangup"}]}`)})
	if res := o.b.do("PUT", fmt.Sprintf("/api/routes/%d", o.route), map[string]any{"scenario_id": idOf(t, other)}); res.Code != http.StatusOK {
		t.Fatalf("move the route: %d %s", res.Code, res.Body)
	}
	if res := o.b.do("DELETE", fmt.Sprintf("/api/scenarios/%d", o.office), nil); res.Code != http.StatusNoContent {
		t.Errorf("DELETE Office once unused = %d %s; want 204", res.Code, res.Body)
	}
	if res := o.b.do("DELETE", fmt.Sprintf("/api/extensions/%d", o.ext101), nil); res.Code != http.StatusNoContent {
		t.Errorf("DELETE extension 101 once unused = %d %s; want 204", res.Code, res.Body)
	}
}

// TestSaveNamesMissingReferences: a scenario naming something that does
// not exist is refused, naming the element and the parameter.
func TestSaveNamesMissingReferences(t *testing.T) {
	t.Parallel()
	o := newRefOffice(t)
	tests := []struct {
		name, element, field string
		says                 string
	}{
		{`{"id": "x", "type": "internal", "params": {"extension": "199"}}`, "x", "extension", "extension 199 does not exist"},
		{`{"id": "x", "type": "group", "params": {"members": ["101", "198"], "strategy": "all", "total": 30}}`, "x", "members", "extension 198"},
		{`{"id": "x", "type": "list", "params": {"list_id": 7}, "next": {"match": "bye", "no_match": "bye"}}`, "x", "list_id", "list 7"},
		{`{"id": "x", "type": "message", "params": {"sound": {"prompt_id": 77}, "hangup": true}}`, "x", "sound.prompt_id", "prompt 77"},
		{`{"id": "x", "type": "voicemail", "params": {"mailbox": "555"}}`, "x", "mailbox", "mailbox 555"},
		{`{"id": "x", "type": "schedule", "params": {"schedule_id": 9, "intervals": ["working"]}, "next": {"working": "bye"}}`, "x", "schedule_id", "schedule 9"},
		{`{"id": "x", "type": "external", "params": {"trunk": "Nowhere", "number": "+74951234567"}}`, "x", "trunk", "trunk Nowhere"},
		{`{"id": "x", "type": "scenario", "params": {"scenario_id": 99}}`, "x", "scenario_id", "scenario 99"},
	}
	for _, tt := range tests {
		doc := `{"schema": 1, "elements": [{"id": "in", "type": "incoming", "next": {"next": "x"}}, ` + tt.name + `, {"id": "bye", "type": "hangup"}]}`
		if !strings.Contains(tt.name, `"bye"`) {
			doc = strings.Replace(doc, `, {"id": "bye", "type": "hangup"}`, "", 1)
		}
		res := o.b.do("POST", "/api/scenarios", map[string]any{"name": "New", "document": json.RawMessage(doc)})
		var refusal scenarioRefusal
		res.decode(t, &refusal)
		found := false
		for _, p := range refusal.Problems {
			found = found || p.Element == tt.element && p.Field == tt.field && strings.Contains(p.Message, tt.says)
		}
		if res.Code != http.StatusBadRequest || !found {
			t.Errorf("POST %s = %d %s; want 400 with a problem of element %q, %s, saying %q", tt.name, res.Code, res.Body, tt.element, tt.field, tt.says)
		}
	}
}

// TestDeleteExtensionNamesItsUsers: an extension that an FXS port rings or
// dials on off-hook, that an outbound rule lists or that another extension
// forwards to is not deleted, and the refusal names each of them.
func TestDeleteExtensionNamesItsUsers(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	ext := map[string]int64{}
	for _, n := range []string{"201", "202", "203", "204", "205"} {
		ext[n] = idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": n, "name": "User " + n}))
	}
	port1 := store.FXSPort{Port: 1, ExtensionID: &[]int64{ext["201"]}[0], Mode: store.FXSVoice, CallerID: store.CallerIDOff, Country: "RU"}
	port2 := store.FXSPort{Port: 2, Mode: store.FXSVoice, CallerID: store.CallerIDOff, Country: "RU", Hotline: "202"}
	rule := store.OutboundRule{Name: "City", Prefix: "9", Level: store.OutboundLocal, Priority: 100}
	for _, err := range []error{e.st.FXSPorts().Create(ctx, &port1), e.st.FXSPorts().Create(ctx, &port2), e.st.OutboundRules().Create(ctx, &rule)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.OutboundRuleExtensions().Create(ctx, &store.OutboundRuleExtension{RuleID: rule.ID, ExtensionID: ext["203"]}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.PutForward(ctx, store.ExtensionForward{ExtensionID: ext["205"], Busy: "204"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		number string
		says   string
	}{
		{"201", "FXS port 1, extension_id"},
		{"202", "FXS port 2, hotline"},
		{"203", `outbound rule "City", extensions`},
		{"204", "extension 205 forwarding, busy"},
	}
	for _, tt := range tests {
		path := fmt.Sprintf("/api/extensions/%d", ext[tt.number])
		res := b.do("DELETE", path, nil)
		if msg := res.apiErr(t).Error; res.Code != http.StatusConflict || !contains(msg, "extension "+tt.number, tt.says) {
			t.Errorf("DELETE extension %s = %d %q; want 409 naming %q", tt.number, res.Code, msg, tt.says)
		}
		if res := b.do("GET", path, nil); res.Code != http.StatusOK {
			t.Errorf("GET extension %s after the refusal = %d; want it still there", tt.number, res.Code)
		}
	}
	// Its own forwarding does not hold an extension back.
	if res := b.do("DELETE", fmt.Sprintf("/api/extensions/%d", ext["205"]), nil); res.Code != http.StatusNoContent {
		t.Errorf("DELETE extension 205 = %d %s; want 204", res.Code, res.Body)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/extensions/%d", ext["204"]), nil); res.Code != http.StatusNoContent {
		t.Errorf("DELETE extension 204 once nothing forwards to it = %d %s; want 204", res.Code, res.Body)
	}
}
