package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// TestRenumberMovesEveryReference: a new number for an extension that a
// scenario element, a group, a hotline or another extension's forward
// names by number takes effect, and each of them names the new number,
// as the answer lists; a dry run lists the same and changes nothing.
func TestRenumberMovesEveryReference(t *testing.T) {
	t.Parallel()
	o := newRefOffice(t)
	ctx := context.Background()
	e, b := o.e, o.b
	ext := map[string]int64{}
	for _, n := range []string{"301", "302", "303"} {
		ext[n] = idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": n, "name": "User " + n}))
	}
	if err := e.st.FXSPorts().Create(ctx, &store.FXSPort{Port: 1, Mode: store.FXSVoice, CallerID: store.CallerIDOff, Country: "RU", Hotline: "301"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.PutForward(ctx, store.ExtensionForward{ExtensionID: ext["303"], NoAnswer: "302", NoAnswerSecs: 20}); err != nil {
		t.Fatal(err)
	}

	// A dry run says what would move and saves nothing.
	before, _ := e.st.Revision(ctx)
	var dry extensionSaved
	res := b.do("PUT", fmt.Sprintf("/api/extensions/%d?dry_run=1", o.ext101), map[string]any{"number": "401"})
	res.decode(t, &dry)
	if res.Code != http.StatusOK || dry.Renumbered == nil || !dry.Renumbered.DryRun ||
		!slices.Contains(dry.Renumbered.Moved, `scenario "Office" element "desk" (Reception), extension`) {
		t.Errorf("PUT extension 101 {number: 401} dry run = %d %s; want 200 listing the Office element", res.Code, res.Body)
	}
	if after, _ := e.st.Revision(ctx); after != before {
		t.Errorf("a dry run changed the config revision from %d to %d", before, after)
	}
	if got, _ := e.st.Extensions().Get(ctx, o.ext101); got.Number != "101" {
		t.Errorf("extension after a dry run = %s; want 101", got.Number)
	}

	tests := []struct {
		id       int64
		from, to string
		moved    string
	}{
		{o.ext101, "101", "401", `scenario "Office" element "desk" (Reception), extension`},
		{o.ext102, "102", "402", `scenario "Office" element "sales", members`},
		{ext["301"], "301", "411", "FXS port 1, hotline"},
		{ext["302"], "302", "412", "extension 303 forwarding, no_answer"},
	}
	for _, tt := range tests {
		path := fmt.Sprintf("/api/extensions/%d", tt.id)
		var got extensionSaved
		res := b.do("PUT", path, map[string]any{"number": tt.to})
		res.decode(t, &got)
		if res.Code != http.StatusOK || got.Number != tt.to || got.Renumbered == nil || got.Renumbered.From != tt.from ||
			!slices.Contains(got.Renumbered.Moved, tt.moved) {
			t.Errorf("PUT %s {number: %s} = %d %s; want 200 listing %q", path, tt.to, res.Code, res.Body, tt.moved)
		}
	}

	var office store.Scenario
	b.do("GET", fmt.Sprintf("/api/scenarios/%d", o.office), nil).decode(t, &office)
	var doc struct {
		Elements []struct {
			ID     string         `json:"id"`
			Params map[string]any `json:"params"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(office.Document, &doc); err != nil {
		t.Fatal(err)
	}
	for _, el := range doc.Elements {
		switch el.ID {
		case "desk":
			if got := fmt.Sprint(el.Params["extension"]); got != "401" {
				t.Errorf("Office element desk rings %s; want 401", got)
			}
		case "sales":
			if got := fmt.Sprint(el.Params["members"]); got != "[402]" {
				t.Errorf("Office element sales rings %s; want [402]", got)
			}
		}
	}
	versions, err := e.st.ScenarioVersions(ctx, o.office)
	if err != nil || len(versions) != 3 || !strings.Contains(versions[0].Note, "102 renumbered to 402") || versions[0].SavedBy == "" {
		t.Errorf("versions of Office = %+v, %v; want one per renumbering, noted, by the admin", versions, err)
	}
	if p, _ := e.st.FXSPorts().FindBy(ctx, "port", 1); p.Hotline != "411" {
		t.Errorf("FXS port 1 hotline = %s; want 411", p.Hotline)
	}
	if f, _ := e.st.Forward(ctx, ext["303"]); f.NoAnswer != "412" {
		t.Errorf("303's forward on no answer = %s; want 412", f.NoAnswer)
	}
	// The scenario still saves: everything it names exists.
	if res := b.do("PUT", fmt.Sprintf("/api/scenarios/%d", o.office), map[string]any{"name": "Office", "document": office.Document}); res.Code != http.StatusOK {
		t.Errorf("PUT the renumbered Office again = %d %s; want 200", res.Code, res.Body)
	}
	// A change that keeps the number moves nothing.
	res = b.do("PUT", fmt.Sprintf("/api/extensions/%d", o.ext101), map[string]any{"name": "Front desk"})
	if res.Code != http.StatusOK || strings.Contains(res.Body.String(), "renumbered") {
		t.Errorf("PUT extension 401 {name} = %d %s; want 200 without a renumbering", res.Code, res.Body)
	}
}

// TestRenumberMovesWhatHoldsTheID: an extension takes its new number, and
// what holds it by record id (the FXS port that rings it, an outbound
// rule's users, its SIP device, its forwarding) follows; a number in use
// is refused; the extension's own voicemail box, its messages and the
// scenario elements that name it go with it.
func TestRenumberMovesWhatHoldsTheID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e, dir := newBoxEnv(t)
	b := e.setupAdmin(t)
	svc, err := voicemail.New(voicemail.Opts{Dir: dir.Voicemail(), Mailboxes: noMailboxes{}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.SetVoicemail(svc)
	anna := idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Anna"}))
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "102", "name": "Boris"})
	vm := idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": "103", "name": "Vera", "voicemail": true}))
	dev := idOf(t, mustCreate(t, b, fmt.Sprintf("/api/extensions/%d/devices", anna), map[string]any{"password": "Quiet-Harbour-7319"}))
	port := store.FXSPort{Port: 1, ExtensionID: &anna, Mode: store.FXSVoice, CallerID: store.CallerIDOff, Country: "RU"}
	rule := store.OutboundRule{Name: "City", Prefix: "9", Level: store.OutboundLocal, Priority: 100}
	for _, err := range []error{e.st.FXSPorts().Create(ctx, &port), e.st.OutboundRules().Create(ctx, &rule)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.OutboundRuleExtensions().Create(ctx, &store.OutboundRuleExtension{RuleID: rule.ID, ExtensionID: anna}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.PutForward(ctx, store.ExtensionForward{ExtensionID: anna, Busy: "102"}); err != nil {
		t.Fatal(err)
	}

	path := fmt.Sprintf("/api/extensions/%d", anna)
	if res := b.do("PUT", path, map[string]any{"number": "102"}); res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, "extension 102 already has that number") {
		t.Errorf("PUT extension 101 {number: 102}, which Boris has = %d %s; want 409 on number", res.Code, res.Body)
	}
	if res := b.do("PUT", path, map[string]any{"number": "1x"}); res.Code != http.StatusBadRequest {
		t.Errorf("PUT extension 101 {number: 1x} = %d %s; want 400", res.Code, res.Body)
	}
	res := b.do("PUT", path, map[string]any{"number": "201"})
	var got store.Extension
	res.decode(t, &got)
	if res.Code != http.StatusOK || got.Number != "201" || got.Name != "Anna" {
		t.Fatalf("PUT extension 101 {number: 201} = %d %s; want 200 with 201 Anna", res.Code, res.Body)
	}
	p, err := e.st.FXSPorts().Get(ctx, port.ID)
	if err != nil || p.ExtensionID == nil || *p.ExtensionID != anna {
		t.Errorf("FXS port 1 after the change = %+v, %v; want it ringing extension id %d", p, err, anna)
	}
	if ids, err := e.st.RuleExtensionIDs(ctx, rule.ID); err != nil || len(ids) != 1 || ids[0] != anna {
		t.Errorf("rule City's extensions = %v, %v; want [%d]", ids, err, anna)
	}
	var d deviceView
	b.do("GET", fmt.Sprintf("/api/devices/%d", dev), nil).decode(t, &d)
	if d.ExtensionID != anna || d.SIP.Extension != "201" {
		t.Errorf("device after the change = %+v; want it on extension 201", d)
	}
	if f, err := e.st.Forward(ctx, anna); err != nil || f.Busy != "102" {
		t.Errorf("forwarding of 201 = %+v, %v; want busy to 102 kept", f, err)
	}

	// Vera's voicemail box is filed under 103: its messages and the
	// scenario element that records into it go with the number.
	sc := idOf(t, mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Leave", "document": json.RawMessage(`{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "vm"}},
 {"id": "vm", "type": "voicemail", "params": {"mailbox": "103"}}]}`)}))
	msg := voicemail.Message{ID: "20260101T090000Z-0badcafe", Mailbox: "103", CallerNumber: "102",
		Received: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), DurationMS: 1000, State: voicemail.StateNew}
	storeMessage(t, dir.Voicemail(), msg)
	// A number whose box still holds someone's old messages is refused.
	storeMessage(t, dir.Voicemail(), voicemail.Message{ID: "20250101T090000Z-0badcafe", Mailbox: "204",
		Received: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), DurationMS: 1000, State: voicemail.StateSaved})
	vpath := fmt.Sprintf("/api/extensions/%d", vm)
	if res := b.do("PUT", vpath, map[string]any{"number": "204"}); res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, "mailbox 204", "1 voicemail messages") {
		t.Errorf("PUT extension 103 {number: 204}, whose box holds a message = %d %s; want 409 naming it", res.Code, res.Body)
	}

	var saved extensionSaved
	res = b.do("PUT", vpath, map[string]any{"number": "203"})
	res.decode(t, &saved)
	if res.Code != http.StatusOK || saved.Renumbered == nil || !saved.Renumbered.MailboxMoved || saved.Renumbered.VoicemailError != "" ||
		!slices.Contains(saved.Renumbered.Moved, `scenario "Leave" element "vm", mailbox`) {
		t.Fatalf("PUT extension 103 with a message {number: 203} = %d %s; want 200 moving its mailbox", res.Code, res.Body)
	}
	if msgs, err := svc.Messages("203"); err != nil || len(msgs) != 1 || msgs[0].ID != msg.ID || msgs[0].Mailbox != "203" {
		t.Errorf("messages of 203 = %+v, %v; want Vera's message moved", msgs, err)
	}
	if msgs, _ := svc.Messages("103"); len(msgs) != 0 {
		t.Errorf("messages of 103 = %+v; want none left", msgs)
	}
	var leave store.Scenario
	b.do("GET", fmt.Sprintf("/api/scenarios/%d", sc), nil).decode(t, &leave)
	if !strings.Contains(string(leave.Document), `"mailbox":"203"`) {
		t.Errorf("scenario Leave = %s; want it recording into 203", leave.Document)
	}
}

// TestRenumberDocumentKeepsTheRest: rewriting a scenario document changes
// only the references to the number.
func TestRenumberDocumentKeepsTheRest(t *testing.T) {
	t.Parallel()
	doc := json.RawMessage(`{"schema":1,"elements":[
 {"id":"in","type":"incoming","next":{"next":"g"}},
 {"id":"g","type":"group","label":"A & B","params":{"members":["101","102"],"strategy":"in_turn","step":10,"total":60},"next":{"next":"f"},"pos":{"x":12,"y":34}},
 {"id":"f","type":"forward","params":{"to":"external","trunk":"T","number":"101"}}]}`)
	out, where, err := renumberDocument(doc, "101", "201", false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(where, []string{`element "g" (A & B), members`}) {
		t.Errorf("renumberDocument places = %q; want the group's members only", where)
	}
	for _, want := range []string{`"members":["201","102"]`, `"number":"101"`, `"label":"A & B"`, `"pos":{"x":12,"y":34}`, `"step":10`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("renumberDocument = %s; want it to hold %s", out, want)
		}
	}
	if same, where, err := renumberDocument(doc, "109", "209", true); err != nil || where != nil || string(same) != string(doc) {
		t.Errorf("renumberDocument of a number it does not name = %s, %q, %v; want it unchanged", same, where, err)
	}
}
