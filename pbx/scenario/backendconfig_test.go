package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

func TestDecodeBackend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		backend, raw string
		field        string // "" valid
	}{
		{BackendCRM, `{"kind": "bitrix24", "bitrix24": {"webhook_url": "https://office.bitrix24.ru/rest/1/abc123def/"}}`, ""},
		{BackendCRM, `{"kind": "bitrix24", "bitrix24": {"webhook_url": "http://office.bitrix24.ru/rest/1/abc123def/"}}`, "bitrix24.webhook_url"},
		{BackendCRM, `{"kind": "bitrix24", "bitrix24": {"webhook_url": "https://office.bitrix24.ru/crm/"}}`, "bitrix24.webhook_url"},
		{BackendCRM, `{"kind": "bitrix24"}`, "bitrix24"},
		{BackendCRM, `{"kind": "amocrm", "amocrm": {"subdomain": "office", "access_token": "eyJ0eXAi"}}`, ""},
		{BackendCRM, `{"kind": "amocrm", "amocrm": {"subdomain": "office", "domain": "kommo.com", "access_token": "eyJ0eXAi"}}`, ""},
		{BackendCRM, `{"kind": "amocrm", "amocrm": {"subdomain": "Office!", "access_token": "x"}}`, "amocrm.subdomain"},
		{BackendCRM, `{"kind": "amocrm", "amocrm": {"subdomain": "office", "domain": "example.com", "access_token": "x"}}`, "amocrm.domain"},
		{BackendCRM, `{"kind": "amocrm", "amocrm": {"subdomain": "office", "access_token": ""}}`, "amocrm.access_token"},
		{BackendCRM, `{"kind": "api", "api": {"url": "http://crm.lan/owner?phone={{caller}}", "extension_field": "owner.extension"}}`, ""},
		{BackendCRM, `{"kind": "api", "api": {"url": "crm.lan/owner", "extension_field": "ext"}}`, "api.url"},
		{BackendCRM, `{"kind": "api", "api": {"url": "https://user:pw@crm.lan/owner", "extension_field": "ext"}}`, "api.url"},
		{BackendCRM, `{"kind": "api", "api": {"url": "https://crm.lan/owner", "extension_field": "owner[0]"}}`, "api.extension_field"},
		{BackendCRM, `{"kind": "api", "api": {"url": "https://crm.lan/owner", "extension_field": "ext", "headers": {"Bad Name": "x"}}}`, "api.headers"},
		{BackendCRM, `{"kind": "api", "api": {"url": "https://crm.lan/owner", "extension_field": "ext", "timeout_ms": 50}}`, "api.timeout_ms"},
		{BackendCRM, `{"kind": "api", "api": {"url": "https://crm.lan/o", "extension_field": "e"}, "amocrm": {"subdomain": "x", "access_token": "y"}}`, "kind"},
		{BackendCRM, `{"kind": "salesforce"}`, "kind"},
		{BackendCRM, `{"kind": "api", "colour": "red"}`, "value"},
		{BackendCRM, `{"kind": 5}`, "kind"},
		{BackendRecognition, `{"url": "http://127.0.0.1:2700/recognize", "text_field": "text", "language": "ru"}`, ""},
		{BackendRecognition, `{"url": "http://127.0.0.1:2700/recognize", "text_field": "text", "language": "de"}`, "language"},
		{BackendRecognition, `{"url": "http://127.0.0.1:2700/recognize", "text_field": "", "language": "ru"}`, "text_field"},
		{BackendLanguageModel, `{"url": "https://llm.lan/v1/chat/completions", "model": "office-assistant", "api_key": "sk-123"}`, ""},
		{BackendLanguageModel, `{"url": "https://llm.lan/v1/chat/completions", "model": ""}`, "model"},
		{BackendLanguageModel, `{"url": "https://llm.lan/v1", "model": "m", "timeout_ms": 100}`, "timeout_ms"},
	}
	for _, tt := range tests {
		_, err := DecodeBackend(tt.backend, json.RawMessage(tt.raw))
		var be *BackendError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("DecodeBackend(%s, %s) = %v; want valid", tt.backend, tt.raw, err)
		case tt.field != "" && (!errors.As(err, &be) || be.Field != tt.field || be.Message == ""):
			t.Errorf("DecodeBackend(%s, %s) = %v; want a problem with %s", tt.backend, tt.raw, err, tt.field)
		}
	}
	if _, err := DecodeBackend(BackendDialler, json.RawMessage(`{}`)); err == nil {
		t.Error("DecodeBackend(dialler) = nil; want no configuration yet")
	}
}

// TestBackendFromSettings: a scenario with a responsible manager saves
// once the crm setting holds a valid CRM, and an AI element once both a
// language model and speech recognition are configured.
func TestBackendFromSettings(t *testing.T) {
	t.Parallel()
	manager := doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
		`{"id": "m", "type": "manager", "params": {"crm": "api", "ring_time": 20}, "next": {"next": "bye"}}`, bye)
	ai := doc(`{"id": "in", "type": "incoming", "next": {"next": "a"}}`,
		`{"id": "a", "type": "ai", "params": {"instructions": "Answer questions about opening hours"}, "next": {"next": "bye"}}`, bye)
	crm := store.Setting{Key: BackendCRM, Value: json.RawMessage(`{"kind": "api", "api": {"url": "https://crm.lan/o?p={{caller}}", "extension_field": "ext"}}`)}
	badCRM := store.Setting{Key: BackendCRM, Value: json.RawMessage(`{"kind": "api"}`)}
	llm := store.Setting{Key: BackendLanguageModel, Value: json.RawMessage(`{"url": "https://llm.lan/v1/chat/completions", "model": "m"}`)}
	asr := store.Setting{Key: BackendRecognition, Value: json.RawMessage(`{"url": "http://asr.lan/r", "text_field": "text", "language": "ru"}`)}
	tests := []struct {
		name     string
		doc      string
		settings []store.Setting
		ok       bool
	}{
		{"manager without a CRM", manager, nil, false},
		{"manager with a broken CRM", manager, []store.Setting{badCRM}, false},
		{"manager with a CRM", manager, []store.Setting{crm}, true},
		{"AI with a model but no recognition", ai, []store.Setting{llm}, false},
		{"AI with both", ai, []store.Setting{llm, asr}, true},
	}
	for _, tt := range tests {
		cfg := baseConfig()
		cfg.Settings = tt.settings
		d, err := Decode([]byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		err = Validate(context.Background(), d, &ConfigRefs{Config: cfg})
		if ok := err == nil; ok != tt.ok {
			t.Errorf("%s: Validate = %v; want ok %v", tt.name, err, tt.ok)
		}
	}
}

// FuzzDecodeBackend: any setting value decodes to a valid configuration or
// to an error, never a panic, and what decodes validates again.
func FuzzDecodeBackend(f *testing.F) {
	for _, s := range []string{
		`{"kind": "bitrix24", "bitrix24": {"webhook_url": "https://office.bitrix24.ru/rest/1/abc/"}}`,
		`{"kind": "api", "api": {"url": "http://crm.lan/o?p={{caller}}", "extension_field": "a.b", "headers": {"X": "y"}}}`,
		`{"url": "http://asr.lan/r", "text_field": "text", "language": "ru"}`,
		`{"url": "https://llm.lan/v1", "model": "m", "api_key": "k"}`,
		`{"kind": "amocrm", "amocrm": {"subdomain": "-", "access_token": ""}}`, `[]`, `null`, `{"kind": 1}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, b := range []string{BackendCRM, BackendRecognition, BackendLanguageModel} {
			v, err := DecodeBackend(b, json.RawMessage(raw))
			if err != nil {
				continue
			}
			if err := v.(interface{ Validate() error }).Validate(); err != nil {
				t.Fatalf("DecodeBackend(%s, %q) accepted what does not validate: %v", b, raw, err)
			}
		}
	})
}
