package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/hookflash/firmware/pbx/store"
)

// The configuration of the backends some elements need (KindInfo.Backend),
// each kept as the setting named by its Backend* key. A backend is
// configured when its setting holds a configuration that validates;
// ConfigRefs says so to Validate. The firmware ships no recognition or
// language model engine: these describe the service the box is to use.

// BackendError is a problem of a backend's configuration: the field at
// fault (a JSON path inside the setting's value) and what to do.
type BackendError struct {
	Field   string
	Message string
}

func (e *BackendError) Error() string { return e.Field + ": " + e.Message }

func badBackend(field, format string, args ...any) error {
	return &BackendError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// CRMConfig says which CRM the responsible-manager element asks who owns
// the caller's number, and how to reach it. Exactly the field of Kind is
// set.
type CRMConfig struct {
	Kind     string          `json:"kind"` // CRMBitrix24, CRMAmoCRM or CRMAPI
	Bitrix24 *Bitrix24Config `json:"bitrix24,omitempty"`
	AmoCRM   *AmoCRMConfig   `json:"amocrm,omitempty"`
	API      *CRMAPIConfig   `json:"api,omitempty"`
}

// Bitrix24Config reaches a Bitrix24 portal through an inbound webhook,
// whose URL carries the user and the secret:
// https://PORTAL/rest/USER/SECRET/.
type Bitrix24Config struct {
	WebhookURL string `json:"webhook_url"`
}

// AmoCRMConfig reaches an amoCRM account through its REST API (v4) with a
// long-lived access token: https://SUBDOMAIN.DOMAIN/api/v4/...
type AmoCRMConfig struct {
	Subdomain   string `json:"subdomain"`
	Domain      string `json:"domain,omitempty"` // amocrm.ru (default), amocrm.com or kommo.com
	AccessToken string `json:"access_token"`
}

// CRMAPIConfig is any CRM behind an HTTP API that answers a GET of URL,
// with {{caller}} replaced by the caller's number, with a JSON object
// holding the owner's extension number at ExtensionField (a dotted path
// such as "owner.extension").
type CRMAPIConfig struct {
	URL            string            `json:"url"`
	Headers        map[string]string `json:"headers,omitempty"`
	ExtensionField string            `json:"extension_field"`
	TimeoutMS      int               `json:"timeout_ms,omitempty"` // 100 to 10000; 0: 3000
}

// RecognitionConfig describes the speech recognition service that the
// question-answer element sends what the caller says to: an HTTP endpoint
// that takes 8 kHz 16-bit mono WAV (POST, audio/wav) and answers JSON
// with the text at TextField.
type RecognitionConfig struct {
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers,omitempty"`
	TextField string            `json:"text_field"`
	Language  string            `json:"language"`             // one of store.Languages
	TimeoutMS int               `json:"timeout_ms,omitempty"` // 500 to 30000; 0: 5000
}

// LanguageModelConfig describes the language model that answers callers
// in AI elements: a chat completion endpoint, the model's name and its
// key. It hears the caller through speech recognition, which must be
// configured too, and speaks through the box's speech synthesis.
type LanguageModelConfig struct {
	URL       string `json:"url"`
	Model     string `json:"model"`
	APIKey    string `json:"api_key,omitempty"`
	TimeoutMS int    `json:"timeout_ms,omitempty"` // 1000 to 60000; 0: 15000
}

var (
	subdomainRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	bitrixPath  = regexp.MustCompile(`^/rest/[0-9]+/[A-Za-z0-9]+/?$`)
	dottedPath  = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$`)
)

// amoDomains are the domains amoCRM accounts live under.
var amoDomains = []string{"amocrm.ru", "amocrm.com", "kommo.com"}

// Validate checks the configuration: the kind, that only its part is set,
// and that part's fields.
func (c *CRMConfig) Validate() error {
	set := 0
	for _, p := range []bool{c.Bitrix24 != nil, c.AmoCRM != nil, c.API != nil} {
		if p {
			set++
		}
	}
	if set > 1 {
		return badBackend("kind", "set only the part of kind %q", c.Kind)
	}
	switch c.Kind {
	case CRMBitrix24:
		if c.Bitrix24 == nil {
			return badBackend("bitrix24", `kind bitrix24 needs {"webhook_url": "https://PORTAL/rest/USER/SECRET/"}`)
		}
		u, err := checkURL("bitrix24.webhook_url", c.Bitrix24.WebhookURL, true)
		if err != nil {
			return err
		}
		if !bitrixPath.MatchString(u.Path) {
			return badBackend("bitrix24.webhook_url", "a Bitrix24 inbound webhook looks like https://PORTAL/rest/USER/SECRET/; copy it from the portal's webhook settings")
		}
	case CRMAmoCRM:
		a := c.AmoCRM
		switch {
		case a == nil:
			return badBackend("amocrm", `kind amocrm needs {"subdomain": ..., "access_token": ...}`)
		case !subdomainRE.MatchString(a.Subdomain):
			return badBackend("amocrm.subdomain", "%q is not an account subdomain: the NAME of https://NAME.amocrm.ru", a.Subdomain)
		case a.Domain != "" && !contains(amoDomains, a.Domain):
			return badBackend("amocrm.domain", "must be one of %s", strings.Join(amoDomains, ", "))
		case a.AccessToken == "" || len(a.AccessToken) > 4096 || strings.ContainsAny(a.AccessToken, " \t\r\n"):
			return badBackend("amocrm.access_token", "paste the account's long-lived access token (one line, no spaces)")
		}
	case CRMAPI:
		a := c.API
		if a == nil {
			return badBackend("api", `kind api needs {"url": "https://crm.example/owner?phone={{caller}}", "extension_field": ...}`)
		}
		if _, err := checkURL("api.url", strings.ReplaceAll(a.URL, "{{caller}}", "0"), false); err != nil {
			return err
		}
		if err := checkHeaders("api.headers", a.Headers); err != nil {
			return err
		}
		if !dottedPath.MatchString(a.ExtensionField) {
			return badBackend("api.extension_field", "name the answer's field with the extension number, e.g. extension or owner.extension")
		}
		if a.TimeoutMS != 0 && (a.TimeoutMS < 100 || a.TimeoutMS > 10000) {
			return badBackend("api.timeout_ms", "must be 100 to 10000 ms")
		}
	default:
		return badBackend("kind", "must be %s, %s or %s", CRMBitrix24, CRMAmoCRM, CRMAPI)
	}
	return nil
}

// Validate checks the endpoint, the answer's field, the language and the
// timeout.
func (c *RecognitionConfig) Validate() error {
	if _, err := checkURL("url", c.URL, false); err != nil {
		return err
	}
	if err := checkHeaders("headers", c.Headers); err != nil {
		return err
	}
	switch {
	case !dottedPath.MatchString(c.TextField):
		return badBackend("text_field", "name the answer's field with the recognised text, e.g. text or result.text")
	case !contains(store.Languages, c.Language):
		return badBackend("language", "must be one of %s", strings.Join(store.Languages, ", "))
	case c.TimeoutMS != 0 && (c.TimeoutMS < 500 || c.TimeoutMS > 30000):
		return badBackend("timeout_ms", "must be 500 to 30000 ms")
	}
	return nil
}

// Validate checks the endpoint, the model and the timeout.
func (c *LanguageModelConfig) Validate() error {
	if _, err := checkURL("url", c.URL, false); err != nil {
		return err
	}
	switch {
	case c.Model == "" || len(c.Model) > 200:
		return badBackend("model", "name the model, 1 to 200 characters")
	case len(c.APIKey) > 4096 || strings.ContainsAny(c.APIKey, " \t\r\n"):
		return badBackend("api_key", "paste the key on one line, without spaces")
	case c.TimeoutMS != 0 && (c.TimeoutMS < 1000 || c.TimeoutMS > 60000):
		return badBackend("timeout_ms", "must be 1000 to 60000 ms")
	}
	return nil
}

// checkURL checks an absolute http or https URL (https only when
// httpsOnly) with a host and no user information.
func checkURL(field, raw string, httpsOnly bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return nil, badBackend(field, "give the service's URL")
	case err != nil || u.Host == "" || u.Scheme != "https" && (httpsOnly || u.Scheme != "http"):
		if httpsOnly {
			return nil, badBackend(field, "%q is not an https:// URL", raw)
		}
		return nil, badBackend(field, "%q is not an http:// or https:// URL", raw)
	case u.User != nil:
		return nil, badBackend(field, "put credentials in headers, not in the URL")
	}
	return u, nil
}

// checkHeaders checks header names and values.
func checkHeaders(field string, h map[string]string) error {
	for name, v := range h {
		if name == "" || strings.ContainsAny(name, " :\t\r\n") || http.CanonicalHeaderKey(name) == "Host" {
			return badBackend(field, "%q is not a header name you may set", name)
		}
		if strings.ContainsAny(v, "\r\n") {
			return badBackend(field+"."+name, "a header value is one line")
		}
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// backendConfigured reports whether cfg's settings configure backend: a
// language model needs speech recognition too, to hear the caller.
func backendConfigured(cfg *store.Config, backend string) bool {
	ok := func(key string) bool {
		for _, st := range cfg.Settings {
			if st.Key == key {
				_, err := DecodeBackend(key, st.Value)
				return err == nil
			}
		}
		return false
	}
	if backend == BackendLanguageModel {
		return ok(BackendLanguageModel) && ok(BackendRecognition)
	}
	return ok(backend)
}

// crmSetting returns cfg's CRM configuration, or nil when it has none
// that validates.
func crmSetting(cfg *store.Config) *CRMConfig {
	for _, st := range cfg.Settings {
		if st.Key == BackendCRM {
			if v, err := DecodeBackend(BackendCRM, st.Value); err == nil {
				return v.(*CRMConfig)
			}
		}
	}
	return nil
}

// DecodeBackend decodes and validates the configuration of backend (a
// Backend* key) from raw, a setting's value; unknown fields are refused.
// BackendDialler has no configuration yet.
func DecodeBackend(backend string, raw json.RawMessage) (any, error) {
	var v interface{ Validate() error }
	switch backend {
	case BackendCRM:
		v = &CRMConfig{}
	case BackendRecognition:
		v = &RecognitionConfig{}
	case BackendLanguageModel:
		v = &LanguageModelConfig{}
	default:
		return nil, fmt.Errorf("scenario: no configuration for backend %q in this firmware", backend)
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			return nil, badBackend(ute.Field, "must be a %s", ute.Type)
		}
		return nil, badBackend("value", "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	return v, nil
}
