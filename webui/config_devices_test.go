package webui

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
)

// devicePassword is a SIP password that sipauth.CheckPassword accepts.
const devicePassword = "tulip-orbit-canyon"

// mustCreate posts body to path and returns the created record decoded into
// a map, failing the test unless the answer is 201.
func mustCreate(t *testing.T, b *browser, path string, body any) map[string]any {
	t.Helper()
	res := b.do("POST", path, body)
	if res.Code != http.StatusCreated {
		t.Fatalf("POST %s = %d %s; want 201", path, res.Code, res.Body)
	}
	var m map[string]any
	res.decode(t, &m)
	return m
}

// idOf returns the "id" of a decoded record.
func idOf(t *testing.T, m map[string]any) int64 {
	t.Helper()
	id, ok := m["id"].(float64)
	if !ok || id < 1 {
		t.Fatalf("record %v has no id", m)
	}
	return int64(id)
}

func TestDevicesStoreOnlyHashes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	ext := idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"}))
	devices := fmt.Sprintf("/api/extensions/%d/devices", ext)

	res := b.do("POST", devices, map[string]any{"password": devicePassword, "description": "desk phone"})
	if res.Code != http.StatusCreated {
		t.Fatalf("POST %s = %d %s; want 201", devices, res.Code, res.Body)
	}
	if strings.Contains(res.Body.String(), devicePassword) || strings.Contains(res.Body.String(), "ha1") {
		t.Fatalf("create answered %s; it must show neither the password nor its hashes", res.Body)
	}
	var dev deviceView
	res.decode(t, &dev)
	want := sipAccount{Username: "101", Realm: sipauth.DefaultRealm, Server: "127.0.0.1", Port: 5060,
		Transports: []string{"udp", "tcp"}, Extension: "101", URI: "sip:101@127.0.0.1:5060"}
	if dev.Username != "101" || dev.Description != "desk phone" || fmt.Sprint(dev.SIP) != fmt.Sprint(want) {
		t.Fatalf("created %+v; want username 101 (the number) and SIP settings %+v", dev, want)
	}
	if loc := res.Header().Get("Location"); loc != fmt.Sprintf("/api/devices/%d", dev.ID) {
		t.Fatalf("Location = %q", loc)
	}
	stored, err := e.st.SIPDevices().Get(ctx, dev.ID)
	if err != nil {
		t.Fatal(err)
	}
	md5, sha := sipauth.HA1("101", sipauth.DefaultRealm, devicePassword)
	if stored.HA1MD5 != md5 || stored.HA1SHA256 != sha {
		t.Fatalf("stored hashes %s %s; want HA1 of the password for the default realm", stored.HA1MD5, stored.HA1SHA256)
	}
	assertNoPassword(t, e, devicePassword)

	// A second device gets a suffix; the realm setting is used.
	if err := e.st.PutSetting(ctx, sipauth.RealmSetting, "office.example"); err != nil {
		t.Fatal(err)
	}
	second := mustCreate(t, b, devices, map[string]any{"password": "glacier-mango-velvet"})
	if second["username"] != "101-2" {
		t.Fatalf("second device %v; want username 101-2", second)
	}
	stored2, _ := e.st.SIPDevices().Get(ctx, idOf(t, second))
	if md5, _ := sipauth.HA1("101-2", "office.example", "glacier-mango-velvet"); stored2.HA1MD5 != md5 {
		t.Fatalf("second device's hash is not for realm office.example")
	}

	var list []deviceView
	res = b.do("GET", devices, nil)
	res.decode(t, &list)
	if res.Code != http.StatusOK || len(list) != 2 || list[1].SIP.Realm != "office.example" {
		t.Fatalf("list = %d %+v; want both devices with realm office.example", res.Code, list)
	}

	// A new password replaces the hashes; a description alone leaves them.
	path := fmt.Sprintf("/api/devices/%d", dev.ID)
	res = b.do("PUT", path, map[string]any{"description": "kitchen"})
	if after, _ := e.st.SIPDevices().Get(ctx, dev.ID); res.Code != http.StatusOK || after.HA1MD5 != stored.HA1MD5 || after.Description != "kitchen" {
		t.Fatalf("PUT description = %d %s, stored %+v; want the description changed and the hashes kept", res.Code, res.Body, after)
	}
	res = b.do("PUT", path, map[string]any{"password": "harbor-pepper-nimbus"})
	after, _ := e.st.SIPDevices().Get(ctx, dev.ID)
	if md5, _ := sipauth.HA1("101", "office.example", "harbor-pepper-nimbus"); res.Code != http.StatusOK || after.HA1MD5 != md5 {
		t.Fatalf("PUT password = %d %s; want new hashes", res.Code, res.Body)
	}
	res = b.do("PUT", path, map[string]any{"username": "reception", "password": "harbor-pepper-nimbus"})
	after, _ = e.st.SIPDevices().Get(ctx, dev.ID)
	if md5, _ := sipauth.HA1("reception", "office.example", "harbor-pepper-nimbus"); res.Code != http.StatusOK || after.HA1MD5 != md5 || after.Username != "reception" {
		t.Fatalf("PUT username = %d %s; want renamed with new hashes", res.Code, res.Body)
	}

	if res := b.do("DELETE", path, nil); res.Code != http.StatusNoContent {
		t.Fatalf("DELETE %s = %d %s; want 204", path, res.Code, res.Body)
	}
	if res := b.do("GET", path, nil); res.Code != http.StatusNotFound {
		t.Fatalf("GET after delete = %d; want 404", res.Code)
	}
}

func TestDevicesRefused(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ext := idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"}))
	devices := fmt.Sprintf("/api/extensions/%d/devices", ext)
	dev := idOf(t, mustCreate(t, b, devices, map[string]any{"username": "desk", "password": devicePassword}))
	path := fmt.Sprintf("/api/devices/%d", dev)
	rev, _ := e.st.Revision(context.Background())

	tests := []struct {
		name      string
		method    string
		path      string
		body      any
		wantCode  int
		wantField string
		wantMsg   string
	}{
		{"empty password", "POST", devices, map[string]any{}, http.StatusBadRequest, "password", "empty"},
		{"short password", "POST", devices, map[string]any{"password": "x7-Kq"}, http.StatusBadRequest, "password", "at least 10"},
		{"digits only", "POST", devices, map[string]any{"password": "4829175630"}, http.StatusBadRequest, "password", "only digits"},
		{"few characters", "POST", devices, map[string]any{"password": "abababababab"}, http.StatusBadRequest, "password", "different"},
		{"keyboard run", "POST", devices, map[string]any{"password": "qwertyuiop"}, http.StatusBadRequest, "password", "run of keys"},
		{"common", "POST", devices, map[string]any{"password": "Password123!"}, http.StatusBadRequest, "password", "scanners"},
		{"contains number", "POST", devices, map[string]any{"password": "zebra-101-lamp"}, http.StatusBadRequest, "password", "extension number"},
		{"duplicate username", "POST", devices, map[string]any{"username": "desk", "password": devicePassword}, http.StatusConflict, "username", "different username"},
		{"bad username", "POST", devices, map[string]any{"username": "a b@c", "password": devicePassword}, http.StatusBadRequest, "username", "letters, digits"},
		{"hashes not accepted", "POST", devices, map[string]any{"password": devicePassword, "ha1_md5": "00"}, http.StatusBadRequest, "ha1_md5", "remove it"},
		{"missing extension", "POST", "/api/extensions/999/devices", map[string]any{"password": devicePassword}, http.StatusNotFound, "", "reload the list"},
		{"rename without password", "PUT", path, map[string]any{"username": "other"}, http.StatusBadRequest, "password", "password again"},
		{"weak new password", "PUT", path, map[string]any{"password": "1234567890"}, http.StatusBadRequest, "password", "digits"},
		{"missing device", "PUT", "/api/devices/999", map[string]any{"description": "x"}, http.StatusNotFound, "", "reload the list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.do(tt.method, tt.path, tt.body)
			if res.Code != tt.wantCode {
				t.Fatalf("%s %s = %d %s; want %d", tt.method, tt.path, res.Code, res.Body, tt.wantCode)
			}
			if e := res.apiErr(t); e.Field != tt.wantField || !strings.Contains(e.Error, tt.wantMsg) {
				t.Fatalf("%s %s error = %+v; want field %q and a message with %q", tt.method, tt.path, e, tt.wantField, tt.wantMsg)
			}
		})
	}
	if got, _ := e.st.Revision(context.Background()); got != rev {
		t.Fatalf("revision after refused writes = %d; want %d", got, rev)
	}

	// At most maxDevicesPerExtension devices per extension.
	for i := 2; i <= maxDevicesPerExtension; i++ {
		mustCreate(t, b, devices, map[string]any{"password": devicePassword})
	}
	res := b.do("POST", devices, map[string]any{"password": devicePassword})
	if res.Code != http.StatusConflict || !strings.Contains(res.apiErr(t).Error, "delete one first") {
		t.Fatalf("device %d = %d %s; want 409", maxDevicesPerExtension+1, res.Code, res.Body)
	}
}

// TestDeviceSIPServer checks where phones are told to register: the
// address set by SetSIPAddr, else Options.SIPAddr, else, when that listens
// on every address, the host the browser used.
func TestDeviceSIPServer(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ext := idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"}))
	dev := mustCreate(t, b, fmt.Sprintf("/api/extensions/%d/devices", ext), map[string]any{"password": devicePassword})
	path := fmt.Sprintf("/api/devices/%d", idOf(t, dev))
	tests := []struct {
		set     string
		wantURI string
	}{
		{"", "sip:101@127.0.0.1:5060"},
		{"192.0.2.7:5070", "sip:101@192.0.2.7:5070"},
		{"[2001:db8::7]:5060", "sip:101@[2001:db8::7]:5060"},
		{"0.0.0.0:5060", "sip:101@example.com:5060"}, // httptest's Host
	}
	for _, tt := range tests {
		e.srv.SetSIPAddr(tt.set)
		var got deviceView
		b.do("GET", path, nil).decode(t, &got)
		if got.SIP.URI != tt.wantURI {
			t.Errorf("with SetSIPAddr(%q), uri = %q; want %q", tt.set, got.SIP.URI, tt.wantURI)
		}
	}
}

func TestSIPPasswordRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		password string
		ok       bool
	}{
		{"tulip-orbit-canyon", true},
		{"Xk7#mP2!qL", true},
		{"", false},
		{"short1!", false},
		{"0123456789", false},
		{"zyxwvutsrq", false},
		{"aaaaaaaaaaaa", false},
		{"Admin2024!!", false},
		{"hookflash-2025", false},
		{"myalice-phone1", false}, // contains the user name
		{strings.Repeat("ab1!x", 30), false},
		{"tab\there-long-one", false},
	}
	for _, tt := range tests {
		err := sipauth.CheckPassword(tt.password, "alice", "205")
		if (err == nil) != tt.ok {
			t.Errorf("CheckPassword(%q) = %v; want ok %v", tt.password, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), ":") {
			t.Errorf("CheckPassword(%q) = %q; want advice after a colon", tt.password, err)
		}
	}
}

// assertNoPassword fails if the password appears anywhere in the
// configuration.
func assertNoPassword(t *testing.T, e *testEnv, password string) {
	t.Helper()
	cfg, err := e.st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(fmt.Sprintf("%+v", cfg), password) {
		t.Fatalf("the password %q is stored in the configuration", password)
	}
}
