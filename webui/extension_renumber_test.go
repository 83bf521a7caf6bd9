package webui

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// TestRenumberRefusedWhileDialled: a new number for an extension that a
// scenario element, a group, a hotline, another extension's forward, an
// after-hours route or its own voicemail messages still name by number is
// refused, naming each, and the number stays.
func TestRenumberRefusedWhileDialled(t *testing.T) {
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
	tests := []struct {
		id   int64
		from string
		says string
	}{
		{o.ext101, "101", `scenario "Office" element "desk" (Reception), extension`},
		{o.ext102, "102", `scenario "Office" element "sales", members`},
		{ext["301"], "301", "FXS port 1, hotline"},
		{ext["302"], "302", "extension 303 forwarding, no_answer"},
	}
	for _, tt := range tests {
		path := fmt.Sprintf("/api/extensions/%d", tt.id)
		res := b.do("PUT", path, map[string]any{"number": "401"})
		if msg := res.apiErr(t); res.Code != http.StatusConflict || !contains(msg.Error, "extension "+tt.from, tt.says) || msg.Field != "number" {
			t.Errorf("PUT %s {number: 401} = %d %+v; want 409 on number naming %q", path, res.Code, msg, tt.says)
		}
		var got store.Extension
		b.do("GET", path, nil).decode(t, &got)
		if got.Number != tt.from {
			t.Errorf("extension %s after the refusal is numbered %s; want it kept", tt.from, got.Number)
		}
	}
	// A change that keeps the number is not held back by its users.
	if res := b.do("PUT", fmt.Sprintf("/api/extensions/%d", o.ext101), map[string]any{"name": "Front desk"}); res.Code != http.StatusOK {
		t.Errorf("PUT extension 101 {name} = %d %s; want 200", res.Code, res.Body)
	}
}

// TestRenumberMovesWhatHoldsTheID: an extension that nothing dials by
// number takes its new one, and what holds it by record id (the FXS port
// that rings it, an outbound rule's users, its SIP device, its
// forwarding) follows; a number in use is refused; the extension's own
// voicemail messages hold it back.
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
	if res := b.do("PUT", path, map[string]any{"number": "102"}); res.Code != http.StatusConflict {
		t.Errorf("PUT extension 101 {number: 102}, which Boris has = %d %s; want 409", res.Code, res.Body)
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

	// Vera's voicemail box is filed under 103: her messages hold the number.
	storeMessage(t, dir.Voicemail(), voicemail.Message{ID: "20260101T090000Z-0badcafe", Mailbox: "103", CallerNumber: "102",
		Received: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), DurationMS: 1000, State: voicemail.StateNew})
	res = b.do("PUT", fmt.Sprintf("/api/extensions/%d", vm), map[string]any{"number": "203"})
	if msg := res.apiErr(t).Error; res.Code != http.StatusConflict || !contains(msg, "1 voicemail messages in mailbox 103") {
		t.Errorf("PUT extension 103 with a message {number: 203} = %d %q; want 409 naming its messages", res.Code, msg)
	}
}
