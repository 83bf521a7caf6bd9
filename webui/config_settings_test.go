package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/voicemail"
)

func TestSettings(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()

	var all []settingInfo
	res := b.do("GET", "/api/settings", nil)
	res.decode(t, &all)
	if res.Code != http.StatusOK || len(all) != len(settingSpecs()) {
		t.Fatalf("GET /api/settings = %d %s; want every setting", res.Code, res.Body)
	}
	var realm settingInfo
	b.do("GET", "/api/settings/sip_realm", nil).decode(t, &realm)
	if realm.Value != sipauth.DefaultRealm || !realm.Default {
		t.Fatalf("unset realm = %+v; want the default %q", realm, sipauth.DefaultRealm)
	}

	tests := []struct {
		key       string
		value     any
		wantCode  int
		wantField string
		wantMsg   string
		wantValue string // JSON of the stored value, for 200
	}{
		{"sip_realm", "office.example", 200, "", "", `"office.example"`},
		{"sip_realm", "two words", 400, "value", "without spaces", ""},
		{"sip_realm", 7, 400, "value", "JSON string", ""},
		{"sip_digest_algorithms", []string{"MD5"}, 200, "", "", `["MD5"]`},
		{"sip_digest_algorithms", []string{"SHA-1"}, 400, "value", "MD5 or SHA-256", ""},
		{"sip_digest_algorithms", []string{"MD5", "MD5"}, 400, "value", "twice", ""},
		{"sip_digest_algorithms", []string{}, 400, "value", "at least one", ""},
		{"country", "PL", 200, "", "", `"PL"`},
		{"country", "pl", 400, "value", "ISO 3166", ""},
		{"time_zone", "Europe/Warsaw", 200, "", "", `"Europe/Warsaw"`},
		{"time_zone", "Mars/Olympus", 400, "value", "IANA", ""},
		{"smtp", map[string]any{"host": "smtp.example.com", "from": "x"}, 400, "value.from", "e-mail address", ""},
		{"smtp", map[string]any{"host": "smtp.example.com:25", "from": "pbx@example.com"}, 400, "value.host", "without a port", ""},
		{"smtp", map[string]any{"host": "smtp.example.com", "from": "pbx@example.com", "tls": true}, 400, "value.tls", "remove it", ""},
		{"admins", "x", 404, "key", "sip_realm", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s=%v", tt.key, tt.value), func(t *testing.T) {
			res := b.do("PUT", "/api/settings/"+tt.key, map[string]any{"value": tt.value})
			if res.Code != tt.wantCode {
				t.Fatalf("PUT %s %v = %d %s; want %d", tt.key, tt.value, res.Code, res.Body, tt.wantCode)
			}
			if tt.wantCode != http.StatusOK {
				if e := res.apiErr(t); e.Field != tt.wantField || !strings.Contains(e.Error, tt.wantMsg) {
					t.Fatalf("PUT %s %v error = %+v; want field %q and %q", tt.key, tt.value, e, tt.wantField, tt.wantMsg)
				}
				return
			}
			row, err := e.st.Settings().FindBy(ctx, "key", tt.key)
			if err != nil || string(row.Value) != tt.wantValue {
				t.Fatalf("stored %s = %s, %v; want %s", tt.key, row.Value, err, tt.wantValue)
			}
		})
	}
	res = b.do("PUT", "/api/settings/sip_realm", map[string]any{})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "value" {
		t.Fatalf("PUT without value = %d %s; want 400", res.Code, res.Body)
	}

	if res := b.do("DELETE", "/api/settings/sip_realm", nil); res.Code != http.StatusNoContent {
		t.Fatalf("DELETE = %d %s", res.Code, res.Body)
	}
	b.do("GET", "/api/settings/sip_realm", nil).decode(t, &realm)
	if !realm.Default || realm.Value != sipauth.DefaultRealm {
		t.Fatalf("after DELETE realm = %+v; want the default", realm)
	}
}

// TestRealmChangeWarns checks that changing the realm says the devices
// need their passwords again.
func TestRealmChangeWarns(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ext := idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"}))
	mustCreate(t, b, fmt.Sprintf("/api/extensions/%d/devices", ext), map[string]any{"password": devicePassword})

	var info settingInfo
	res := b.do("PUT", "/api/settings/sip_realm", map[string]any{"value": sipauth.DefaultRealm})
	res.decode(t, &info)
	if res.Code != http.StatusOK || info.Warning != "" {
		t.Fatalf("same realm = %d %+v; want no warning", res.Code, info)
	}
	res = b.do("PUT", "/api/settings/sip_realm", map[string]any{"value": "new.example"})
	res.decode(t, &info)
	if res.Code != http.StatusOK || !strings.Contains(info.Warning, "1 SIP devices") {
		t.Fatalf("new realm = %d %+v; want a warning about the 1 device", res.Code, info)
	}
}

// TestSMTPPasswordWriteOnly checks that the mail server's password is never
// shown, is kept when left empty, and is stored in the form pbxd reads.
func TestSMTPPasswordWriteOnly(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	const secret = "mail-secret-77"
	put := func(v map[string]any) settingInfo {
		t.Helper()
		res := b.do("PUT", "/api/settings/smtp", map[string]any{"value": v})
		if res.Code != http.StatusOK || strings.Contains(res.Body.String(), secret) {
			t.Fatalf("PUT smtp %v = %d %s; want 200 without the password", v, res.Code, res.Body)
		}
		var info settingInfo
		res.decode(t, &info)
		return info
	}
	stored := func() voicemail.SMTPConfig {
		t.Helper()
		var c voicemail.SMTPConfig
		if err := e.st.GetSetting(ctx, "smtp", &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	info := put(map[string]any{"host": "smtp.example.com", "port": 587, "from": "PBX <pbx@example.com>", "username": "pbx", "password": secret, "require_tls": true})
	if v, _ := json.Marshal(info.Value); !strings.Contains(string(v), `"password_set":true`) {
		t.Fatalf("smtp shown as %s; want password_set", v)
	}
	if c := stored(); c.Host != "smtp.example.com" || c.Password != secret || !c.RequireTLS || c.Username != "pbx" {
		t.Fatalf("pbxd would read %+v; want the settings with the password", c)
	}
	if _, err := voicemail.NewSMTP(stored()); err != nil {
		t.Fatalf("voicemail.NewSMTP(stored) = %v; want a usable mailer", err)
	}
	put(map[string]any{"host": "smtp2.example.com", "from": "pbx@example.com", "username": "pbx"})
	if c := stored(); c.Host != "smtp2.example.com" || c.Password != secret {
		t.Fatalf("after an update without password pbxd reads %+v; want the password kept", c)
	}
	res := b.do("GET", "/api/settings/smtp", nil)
	if strings.Contains(res.Body.String(), secret) {
		t.Fatalf("GET smtp shows the password: %s", res.Body)
	}
	put(map[string]any{"host": "smtp2.example.com", "from": "pbx@example.com", "clear_password": true})
	if c := stored(); c.Password != "" {
		t.Fatalf("after clear_password pbxd reads %+v; want no password", c)
	}
}
