package webui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hookflash/firmware/pbx/scenario"
)

// The backends of scenario elements (CRM, speech recognition, language
// model) are settings named by their scenario.Backend* keys, checked by
// scenario.DecodeBackend. Their secrets (tokens, keys, webhook URLs,
// header values) are never shown: the API shows keptSecret instead, and a
// value of keptSecret sent back keeps the stored secret.

// keptSecret stands for a stored secret in what the API shows and takes.
const keptSecret = "(kept)"

// backendSettings are the setting keys of configurable backends.
var backendSettings = []string{scenario.BackendCRM, scenario.BackendRecognition, scenario.BackendLanguageModel}

// backendSpec is the settingSpec of backend: unset by default.
func backendSpec(backend string) settingSpec {
	return settingSpec{
		def: nil,
		put: func(raw, old json.RawMessage) (any, error) { return putBackend(backend, raw, old) },
		show: func(stored json.RawMessage) (any, error) {
			v, err := scenario.DecodeBackend(backend, stored)
			if err != nil {
				return nil, fmt.Errorf("webui: stored %s setting: %w", backend, err)
			}
			secrets(v, func(s *string) {
				if *s != "" {
					*s = keptSecret
				}
			})
			return v, nil
		},
	}
}

// putBackend checks a backend's configuration, putting back the stored
// secrets that came as keptSecret.
func putBackend(backend string, raw, old json.RawMessage) (any, error) {
	if old != nil && bytes.Contains(raw, []byte(keptSecret)) {
		var in, prev map[string]any
		if json.Unmarshal(raw, &in) == nil && json.Unmarshal(old, &prev) == nil {
			restore(in, prev)
			raw, _ = json.Marshal(in)
		}
	}
	v, err := scenario.DecodeBackend(backend, raw)
	var be *scenario.BackendError
	switch {
	case errors.As(err, &be) && be.Field == "value":
		return nil, badSetting("value", "%s", be.Message)
	case errors.As(err, &be):
		return nil, badSetting("value."+be.Field, "%s", be.Message)
	case err != nil:
		return nil, badSetting("value", "%v", err)
	case hasKept(v):
		return nil, badSetting("value", "%s stands for a stored secret, and none is stored there: give the secret", keptSecret)
	}
	return v, nil
}

// restore replaces keptSecret strings in v by the values at the same keys
// of old.
func restore(v, old map[string]any) {
	for k, x := range v {
		switch x := x.(type) {
		case string:
			if x == keptSecret {
				if o, ok := old[k].(string); ok {
					v[k] = o
				}
			}
		case map[string]any:
			o, _ := old[k].(map[string]any)
			restore(x, o)
		}
	}
}

// hasKept reports whether a decoded configuration still holds keptSecret.
func hasKept(v any) bool {
	kept := false
	secrets(v, func(s *string) { kept = kept || *s == keptSecret })
	return kept
}

// secrets calls f with each secret field of a backend configuration.
func secrets(v any, f func(*string)) {
	headers := func(h map[string]string) {
		for k, x := range h {
			f(&x)
			h[k] = x
		}
	}
	switch c := v.(type) {
	case *scenario.CRMConfig:
		if c.Bitrix24 != nil {
			f(&c.Bitrix24.WebhookURL)
		}
		if c.AmoCRM != nil {
			f(&c.AmoCRM.AccessToken)
		}
		if c.API != nil {
			headers(c.API.Headers)
		}
	case *scenario.RecognitionConfig:
		headers(c.Headers)
	case *scenario.LanguageModelConfig:
		f(&c.APIKey)
	}
}
