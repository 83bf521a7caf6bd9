package webui

import (
	"encoding/json"
	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"testing"
)

// FuzzScenarioProblems feeds outside scenario documents to what turns
// decode errors into problems: it must not panic, and a document it
// refuses has at least one problem with a message.
func FuzzScenarioProblems(f *testing.F) {
	f.Add(ringScenario)
	f.Add(`{"schema": 1, "elements": [{"id": 7, "type": "nope"}]}`)
	f.Add(`{"schema": 1, "elements": [{"id": "a", "type": "internal", "params": {"x": 1}}]}`)
	f.Add(`[`)
	f.Fuzz(func(t *testing.T, doc string) {
		_, problems := decodeScenario(json.RawMessage(doc))
		for _, p := range problems {
			if p.Message == "" {
				t.Fatalf("decodeScenario(%q) gave a problem without a message: %+v", doc, p)
			}
		}
	})
}

// FuzzSettingValues feeds outside values to every setting's check: it
// must not panic, and a refusal names a field.
func FuzzSettingValues(f *testing.F) {
	f.Add(`"hookflash"`, `null`)
	f.Add(`["MD5","SHA-256"]`, `null`)
	f.Add(`{"host":"smtp.example.com","from":"a@b.c","password":"x","username":"u"}`, `{"Host":"h","Password":"p"}`)
	f.Add(`"Europe/Moscow"`, `"UTC"`)
	f.Fuzz(func(t *testing.T, value, old string) {
		var prev json.RawMessage
		if json.Valid([]byte(old)) && old != "null" {
			prev = json.RawMessage(old)
		}
		for key, spec := range settingSpecs() {
			_, err := spec.put(json.RawMessage(value), prev)
			if p, ok := err.(*settingProblem); ok && (p.field == "" || p.msg == "") {
				t.Fatalf("%s: put(%q) refused without field or message: %+v", key, value, p)
			}
		}
	})
}

// FuzzSIPPassword checks that the password rules never panic and refuse
// anything shorter than the minimum.
func FuzzSIPPassword(f *testing.F) {
	f.Add("tulip-orbit-canyon", "101", "101")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, password, username, number string) {
		err := sipauth.CheckPassword(password, username, number)
		if err == nil && len([]rune(password)) < sipauth.MinPasswordLen {
			t.Fatalf("CheckPassword(%q) accepted a short password", password)
		}
	})
}
