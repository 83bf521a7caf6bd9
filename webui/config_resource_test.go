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

func TestTrunkPasswordWriteOnly(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	const secret = "provider-secret-42"

	res := b.do("POST", "/api/trunks", map[string]any{"name": "Provider", "host": "sip.example.net", "username": "7495", "password": secret})
	if res.Code != http.StatusCreated || strings.Contains(res.Body.String(), secret) {
		t.Fatalf("create = %d %s; want 201 without the password", res.Code, res.Body)
	}
	var tv trunkView
	res.decode(t, &tv)
	if !tv.PasswordSet || tv.Port != 5060 || tv.Transport != "udp" || !tv.Register || !tv.Enabled {
		t.Fatalf("created %+v; want password_set and the defaults udp/5060, register, enabled", tv)
	}
	path := fmt.Sprintf("/api/trunks/%d", tv.ID)
	for _, p := range []string{"/api/trunks", path} {
		if res := b.do("GET", p, nil); res.Code != http.StatusOK || strings.Contains(res.Body.String(), secret) || strings.Contains(res.Body.String(), `"password"`) {
			t.Fatalf("GET %s = %d %s; want 200 without the password", p, res.Code, res.Body)
		}
	}

	steps := []struct {
		body       any
		wantSecret string
	}{
		{map[string]any{"host": "sip2.example.net"}, secret}, // left out: kept
		{map[string]any{"password": ""}, secret},             // empty: kept
		{map[string]any{"password": "new-secret-43"}, "new-secret-43"},
		{map[string]any{"clear_password": true}, ""},
	}
	for _, st := range steps {
		res := b.do("PUT", path, st.body)
		got, _ := e.st.SIPTrunks().Get(ctx, tv.ID)
		if res.Code != http.StatusOK || got.Password != st.wantSecret || strings.Contains(res.Body.String(), "secret-4") {
			t.Fatalf("PUT %v = %d %s, stored password %q; want 200 and %q", st.body, res.Code, res.Body, got.Password, st.wantSecret)
		}
	}
	res = b.do("PUT", path, map[string]any{"clear_password": true, "password": "x"})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "clear_password" {
		t.Fatalf("clear and set = %d %s; want 400 on clear_password", res.Code, res.Body)
	}
	res = b.do("POST", "/api/trunks", map[string]any{"name": "Bad", "host": "h", "transport": "sctp"})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "transport" {
		t.Fatalf("bad transport = %d %s; want 400 on transport", res.Code, res.Body)
	}
}

func TestOutboundRulesAndRoutes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	trunk := idOf(t, mustCreate(t, b, "/api/trunks", map[string]any{"name": "Provider", "host": "sip.example.net"}))

	rule := mustCreate(t, b, "/api/outbound-rules", map[string]any{"name": "Moscow", "prefix": "8495", "strip": 1, "prepend": "+7", "sip_trunk_id": trunk})
	if rule["level"] != store.OutboundNational || rule["priority"] != 100.0 {
		t.Fatalf("rule %v; want defaults level national and priority 100", rule)
	}
	rulePath := fmt.Sprintf("/api/outbound-rules/%d", idOf(t, rule))
	res := b.do("PUT", rulePath, map[string]any{"strip": 9})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "strip" {
		t.Fatalf("strip beyond the prefix = %d %s; want 400 on strip", res.Code, res.Body)
	}
	res = b.do("POST", "/api/outbound-rules", map[string]any{"name": "Nowhere", "prefix": "9", "sip_trunk_id": 999})
	if res.Code != http.StatusUnprocessableEntity || res.apiErr(t).Field != "sip_trunk_id" {
		t.Fatalf("rule to a missing trunk = %d %s; want 422 on sip_trunk_id", res.Code, res.Body)
	}
	res = b.do("DELETE", fmt.Sprintf("/api/trunks/%d", trunk), nil)
	if res.Code != http.StatusConflict || !strings.Contains(res.apiErr(t).Error, "still in use") {
		t.Fatalf("delete a trunk a rule uses = %d %s; want 409", res.Code, res.Body)
	}
	if res := b.do("DELETE", rulePath, nil); res.Code != http.StatusNoContent {
		t.Fatalf("delete rule = %d %s", res.Code, res.Body)
	}

	s1, s2 := e.scenario(t, "Day"), e.scenario(t, "Night")
	dayRoute := mustCreate(t, b, "/api/routes", map[string]any{"name": "Main number", "source": "did", "did": "+74951234567",
		"sip_trunk_id": trunk, "scenario_id": s1, "record_calls": true})
	otherRoute := mustCreate(t, b, "/api/routes", map[string]any{"name": "Any line", "scenario_id": s2})
	if otherRoute["source"] != store.SourceAny {
		t.Fatalf("route %v; want source any by default", otherRoute)
	}
	res = b.do("POST", "/api/routes", map[string]any{"name": "Broken", "source": "fxo", "scenario_id": s1})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "fxo_line_id" {
		t.Fatalf("fxo route without a line = %d %s; want 400 on fxo_line_id", res.Code, res.Body)
	}

	copyPath := fmt.Sprintf("/api/routes/%d/copy-from/%d", idOf(t, otherRoute), idOf(t, dayRoute))
	res = b.do("POST", copyPath, nil)
	var copied store.InboundRoute
	res.decode(t, &copied)
	if res.Code != http.StatusOK || copied.ScenarioID != s1 || !copied.RecordCalls ||
		copied.Name != "Any line" || copied.Source != store.SourceAny || copied.DID != "" || copied.SIPTrunkID != nil {
		t.Fatalf("copy = %d %+v; want the setup of route %v with its own name and source", res.Code, copied, dayRoute)
	}
	stored, _ := e.st.InboundRoutes().Get(context.Background(), copied.ID)
	if stored.ScenarioID != s1 {
		t.Fatalf("stored after copy %+v; want scenario %d", stored, s1)
	}
	for _, tt := range []struct {
		path     string
		wantCode int
	}{
		{fmt.Sprintf("/api/routes/%d/copy-from/%d", copied.ID, copied.ID), http.StatusBadRequest},
		{fmt.Sprintf("/api/routes/%d/copy-from/999", copied.ID), http.StatusNotFound},
		{fmt.Sprintf("/api/routes/%d/copy-from/x", copied.ID), http.StatusBadRequest},
	} {
		if res := b.do("POST", tt.path, nil); res.Code != tt.wantCode {
			t.Errorf("POST %s = %d %s; want %d", tt.path, res.Code, res.Body, tt.wantCode)
		}
	}
}

func TestMailboxPINWriteOnly(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	res := b.do("POST", "/api/mailboxes", map[string]any{"number": "500", "pin": "4821", "email": "office@example.com"})
	if res.Code != http.StatusCreated || strings.Contains(res.Body.String(), "4821") {
		t.Fatalf("create = %d %s; want 201 without the PIN", res.Code, res.Body)
	}
	var mb mailboxView
	res.decode(t, &mb)
	if !mb.PINSet {
		t.Fatalf("created %+v; want pin_set", mb)
	}
	path := fmt.Sprintf("/api/mailboxes/%d", mb.ID)
	for _, st := range []struct {
		body    any
		wantPIN string
	}{
		{map[string]any{"email": "boss@example.com"}, "4821"},
		{map[string]any{"pin": ""}, "4821"},
		{map[string]any{"pin": "97310"}, "97310"},
		{map[string]any{"clear_pin": true}, ""},
	} {
		res := b.do("PUT", path, st.body)
		got, _ := e.st.Mailboxes().Get(ctx, mb.ID)
		if res.Code != http.StatusOK || got.PIN != st.wantPIN || strings.Contains(res.Body.String(), `"pin"`) {
			t.Fatalf("PUT %v = %d %s, stored PIN %q; want 200 and %q", st.body, res.Code, res.Body, got.PIN, st.wantPIN)
		}
	}
	res = b.do("PUT", path, map[string]any{"pin": "12"})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "pin" {
		t.Fatalf("short PIN = %d %s; want 400 on pin", res.Code, res.Body)
	}
	res = b.do("GET", "/api/mailboxes", nil)
	var list []mailboxView
	res.decode(t, &list)
	if len(list) != 1 || list[0].Email != "boss@example.com" || list[0].PINSet {
		t.Fatalf("list = %s", res.Body)
	}
}

// TestConfigNeedsLoginAndCSRF checks the auth path on the new endpoints: a
// browser that is not logged in gets 401, and a logged-in one without the
// CSRF token 403 with nothing written.
func TestConfigNeedsLoginAndCSRF(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	stranger := e.browser(t, "192.0.2.99:1234")
	stranger.fetchCSRF()
	for _, p := range []string{"/api/trunks", "/api/outbound-rules", "/api/routes", "/api/mailboxes", "/api/scenarios", "/api/settings", "/api/extensions/1/devices"} {
		if res := stranger.do("GET", p, nil); res.Code != http.StatusUnauthorized {
			t.Errorf("GET %s without login = %d; want 401", p, res.Code)
		}
	}
	rev, _ := e.st.Revision(context.Background())
	token := b.csrf
	b.csrf = ""
	res := b.do("POST", "/api/trunks", map[string]any{"name": "Provider", "host": "sip.example.net"})
	b.csrf = token
	if res.Code != http.StatusForbidden || !strings.Contains(res.apiErr(t).Error, "CSRF") {
		t.Fatalf("POST without the CSRF token = %d %s; want 403", res.Code, res.Body)
	}
	if got, _ := e.st.Revision(context.Background()); got != rev {
		t.Fatalf("revision %d after a refused write; want %d", got, rev)
	}
}

// scenario stores a minimal valid scenario named name and returns its ID.
func (e *testEnv) scenario(t *testing.T, name string) int64 {
	t.Helper()
	sc := store.Scenario{Name: name, Document: json.RawMessage(hangupScenario)}
	if err := e.st.Scenarios().Create(context.Background(), &sc); err != nil {
		t.Fatal(err)
	}
	return sc.ID
}

// hangupScenario answers every call by hanging up.
const hangupScenario = `{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "bye"}},
 {"id": "bye", "type": "hangup", "params": {}}
]}`
