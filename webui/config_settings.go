package webui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/store"
)

// settingInfo is what the API shows of a box-wide setting.
type settingInfo struct {
	Key string `json:"key"`
	// Value is the setting's value, without secrets; when Default is true
	// the setting is not set and Value is what the box uses instead (null
	// when the box goes without).
	Value   any  `json:"value"`
	Default bool `json:"default"`
	// Warning says what the change means for the rest of the box, when an
	// admin must act on it.
	Warning string `json:"warning,omitempty"`
}

// settingProblem is a value a setting refuses: what is wrong and the field
// ("value", or "value.host" inside an object).
type settingProblem struct{ msg, field string }

func (p *settingProblem) Error() string { return p.msg }

func badSetting(field, format string, args ...any) error {
	return &settingProblem{msg: fmt.Sprintf(format, args...), field: field}
}

// settingSpec is one setting that the web UI may read and write.
type settingSpec struct {
	// def is shown while the setting is unset.
	def any
	// put checks the value the API got (raw) and returns what to store;
	// old is the stored value, nil when unset. A *settingProblem is
	// shown to the user.
	put func(raw, old json.RawMessage) (any, error)
	// show returns what the API shows of the stored value; nil shows it
	// as it is.
	show func(stored json.RawMessage) (any, error)
	// warn returns a warning for a change from old to stored, or "".
	warn func(ctx context.Context, s *Server, old, stored json.RawMessage) (string, error)
}

// Setting keys the web UI serves besides sipauth's.
const (
	smtpSettingKey     = "smtp"      // voicemail's mail server, read by pbxd as voicemail.SMTPConfig
	countrySettingKey  = "country"   // ISO 3166-1 alpha-2, upper case
	timeZoneSettingKey = "time_zone" // IANA name
)

// settingSpecs returns the settings the API serves, by key.
func settingSpecs() map[string]settingSpec {
	specs := map[string]settingSpec{
		sipauth.RealmSetting:            {def: sipauth.DefaultRealm, put: putRealm, warn: warnRealm},
		sipauth.AlgorithmsSetting:       {def: []string{sipauth.MD5, sipauth.SHA256}, put: putAlgorithms},
		smtpSettingKey:                  {def: nil, put: putSMTP, show: showSMTP},
		countrySettingKey:               {def: nil, put: putCountry},
		timeZoneSettingKey:              {def: nil, put: putTimeZone},
		ntpSettingKey:                   {def: nil, put: putNTPServers}, // config_system_time.go
		networkSettingKey:               {def: networkSetting{Mode: networkDHCP}, put: putNetwork},
		store.RecordingRetentionSetting: {def: store.DefaultRecordingRetentionDays, put: putRecordingRetention},
	}
	for _, k := range backendSettings {
		specs[k] = backendSpec(k)
	}
	return specs
}

// settingKeys returns the keys of settingSpecs, sorted.
func settingKeys() []string {
	var keys []string
	for k := range settingSpecs() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// listSettings serves GET /api/settings: every setting the API serves.
func (s *Server) listSettings(w http.ResponseWriter, r *http.Request) {
	var out []settingInfo
	for _, key := range settingKeys() {
		info, err := s.readSetting(r.Context(), key)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		out = append(out, info)
	}
	writeJSON(w, http.StatusOK, out)
}

// getSetting serves GET /api/settings/{key}.
func (s *Server) getSetting(w http.ResponseWriter, r *http.Request) {
	key, ok := pathSetting(w, r)
	if !ok {
		return
	}
	info, err := s.readSetting(r.Context(), key)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}

// putSetting serves PUT /api/settings/{key} {"value": ...}.
func (s *Server) putSetting(w http.ResponseWriter, r *http.Request) {
	key, ok := pathSetting(w, r)
	if !ok {
		return
	}
	var body struct {
		Value json.RawMessage `json:"value"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	if len(body.Value) == 0 || string(body.Value) == "null" {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(
			"value is missing: send {\"value\": ...}; to go back to the default, DELETE /api/settings/%s", key), "value")
		return
	}
	ctx := r.Context()
	spec := settingSpecs()[key]
	old, err := s.storedSetting(ctx, key)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	v, err := spec.put(body.Value, old)
	var p *settingProblem
	if errors.As(err, &p) {
		writeError(w, http.StatusBadRequest, p.msg, p.field)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if err := s.st.PutSetting(ctx, key, v); err != nil {
		s.writeStoreError(w, r, "setting "+key, err)
		return
	}
	info, err := s.readSetting(ctx, key)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if spec.warn != nil {
		stored, _ := json.Marshal(v)
		if info.Warning, err = spec.warn(ctx, s, old, stored); err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	s.log.Info("webui: setting changed", "key", key)
	writeJSON(w, http.StatusOK, info)
}

// deleteSetting serves DELETE /api/settings/{key}: the setting goes back
// to its default. Deleting an unset setting succeeds.
func (s *Server) deleteSetting(w http.ResponseWriter, r *http.Request) {
	key, ok := pathSetting(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	row, err := s.st.Settings().FindBy(ctx, "key", key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		w.WriteHeader(http.StatusNoContent)
		return
	case err != nil:
		s.writeStoreError(w, r, "setting "+key, err)
		return
	}
	if err := s.st.Settings().Delete(ctx, row.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.writeStoreError(w, r, "setting "+key, err)
		return
	}
	s.log.Info("webui: setting reset to its default", "key", key)
	w.WriteHeader(http.StatusNoContent)
}

// pathSetting reads the {key} path value; an unknown key is answered 404.
func pathSetting(w http.ResponseWriter, r *http.Request) (string, bool) {
	key := r.PathValue("key")
	if _, ok := settingSpecs()[key]; !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("there is no setting %q here: the settings are %s",
			key, strings.Join(settingKeys(), ", ")), "key")
		return "", false
	}
	return key, true
}

// storedSetting returns the stored JSON value of key, or nil when unset.
func (s *Server) storedSetting(ctx context.Context, key string) (json.RawMessage, error) {
	row, err := s.st.Settings().FindBy(ctx, "key", key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return row.Value, nil
}

// readSetting returns what the API shows of setting key.
func (s *Server) readSetting(ctx context.Context, key string) (settingInfo, error) {
	spec := settingSpecs()[key]
	raw, err := s.storedSetting(ctx, key)
	if err != nil {
		return settingInfo{}, err
	}
	if raw == nil {
		return settingInfo{Key: key, Value: spec.def, Default: true}, nil
	}
	var v any = raw
	if spec.show != nil {
		if v, err = spec.show(raw); err != nil {
			return settingInfo{}, fmt.Errorf("webui: setting %s: %w", key, err)
		}
	}
	return settingInfo{Key: key, Value: v}, nil
}

// decodeSetting decodes raw into v strictly: one JSON value of v's type, no
// unknown fields.
func decodeSetting(raw json.RawMessage, v any, want string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			f = strings.Trim(f, `"`)
			return badSetting("value."+f, "unknown field %q: remove it or check its spelling", f)
		}
		return badSetting("value", "value must be %s", want)
	}
	return nil
}

func putRealm(raw, _ json.RawMessage) (any, error) {
	var realm string
	if err := decodeSetting(raw, &realm, `a JSON string such as "hookflash"`); err != nil {
		return nil, err
	}
	if realm == "" || len(realm) > 64 || strings.IndexFunc(realm, func(c rune) bool {
		return c <= ' ' || c > '~' || c == '"' || c == '\\'
	}) >= 0 {
		return nil, badSetting("value", "the realm must be 1 to 64 letters, digits or punctuation without spaces or quotes, such as hookflash or pbx.example.com")
	}
	return realm, nil
}

// warnRealm reminds that a new realm invalidates every stored SIP hash.
func warnRealm(ctx context.Context, s *Server, old, stored json.RawMessage) (string, error) {
	before := sipauth.DefaultRealm
	if old != nil {
		json.Unmarshal(old, &before)
	}
	var after string
	json.Unmarshal(stored, &after)
	if before == after {
		return "", nil
	}
	devs, err := s.st.SIPDevices().List(ctx)
	if err != nil || len(devs) == 0 {
		return "", err
	}
	return fmt.Sprintf("the realm is part of every stored SIP password hash: set the password of each of the %d SIP devices again, "+
		"or they cannot register", len(devs)), nil
}

func putAlgorithms(raw, _ json.RawMessage) (any, error) {
	var algs []string
	if err := decodeSetting(raw, &algs, `a JSON list such as ["MD5", "SHA-256"]`); err != nil {
		return nil, err
	}
	if len(algs) == 0 {
		return nil, badSetting("value", `name at least one digest algorithm: ["MD5"], ["SHA-256"] or both in the order phones are challenged`)
	}
	for i, a := range algs {
		if a != sipauth.MD5 && a != sipauth.SHA256 {
			return nil, badSetting("value", "%q is not a digest algorithm the box offers: use MD5 or SHA-256", a)
		}
		if slices.Contains(algs[:i], a) {
			return nil, badSetting("value", "%s is named twice: name each algorithm once", a)
		}
	}
	return algs, nil
}

// smtpStored is the smtp setting as stored: the field names of
// voicemail.SMTPConfig, which pbxd decodes it into.
type smtpStored struct {
	Host       string
	Port       int
	From       string
	Username   string
	Password   string
	RequireTLS bool
	HelloName  string
	Timeout    time.Duration `json:",omitempty"`
}

// smtpInput is the API form of the smtp setting. The password is written
// but never shown: an empty one keeps the stored password, clear_password
// removes it.
type smtpInput struct {
	Host          string `json:"host"`
	Port          int    `json:"port"` // 0: 587
	From          string `json:"from"`
	Username      string `json:"username"`
	Password      string `json:"password"`
	ClearPassword bool   `json:"clear_password"`
	RequireTLS    bool   `json:"require_tls"`
	HelloName     string `json:"hello_name"`
}

// smtpShown is what the API shows of the smtp setting.
type smtpShown struct {
	Host        string `json:"host"`
	Port        int    `json:"port"`
	From        string `json:"from"`
	Username    string `json:"username"`
	PasswordSet bool   `json:"password_set"`
	RequireTLS  bool   `json:"require_tls"`
	HelloName   string `json:"hello_name"`
}

func putSMTP(raw, old json.RawMessage) (any, error) {
	var in smtpInput
	if err := decodeSetting(raw, &in, "an object with host, port, from, username, password and require_tls"); err != nil {
		return nil, err
	}
	var prev smtpStored
	if old != nil {
		if err := json.Unmarshal(old, &prev); err != nil {
			return nil, fmt.Errorf("webui: stored smtp setting: %w", err)
		}
	}
	in.Host = strings.TrimSpace(in.Host)
	switch {
	case in.Host == "" || strings.ContainsAny(in.Host, " /:@"):
		return nil, badSetting("value.host", "host must be the mail server's name or address, such as smtp.example.com, without a port")
	case in.Port < 0 || in.Port > 65535:
		return nil, badSetting("value.port", "port %d is not a TCP port: use 587 (submission), 465 or 25", in.Port)
	case in.ClearPassword && in.Password != "":
		return nil, badSetting("value.clear_password", "clear_password and a new password contradict each other: send one of them")
	}
	if _, err := mail.ParseAddress(in.From); err != nil {
		return nil, badSetting("value.from", "from must be the sender's e-mail address, such as PBX <pbx@example.com>")
	}
	password := in.Password
	if password == "" && !in.ClearPassword {
		password = prev.Password
	}
	if password != "" && in.Username == "" {
		return nil, badSetting("value.username", "a password needs the user name it belongs to: set username, or clear the password")
	}
	return smtpStored{Host: in.Host, Port: in.Port, From: in.From, Username: in.Username, Password: password,
		RequireTLS: in.RequireTLS, HelloName: in.HelloName, Timeout: prev.Timeout}, nil
}

func showSMTP(stored json.RawMessage) (any, error) {
	var c smtpStored
	if err := json.Unmarshal(stored, &c); err != nil {
		return nil, err
	}
	return smtpShown{Host: c.Host, Port: c.Port, From: c.From, Username: c.Username, PasswordSet: c.Password != "",
		RequireTLS: c.RequireTLS, HelloName: c.HelloName}, nil
}

func putCountry(raw, _ json.RawMessage) (any, error) {
	var c string
	if err := decodeSetting(raw, &c, `a JSON string such as "RU"`); err != nil {
		return nil, err
	}
	if len(c) != 2 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return nil, badSetting("value", "%q is not a country code: use the two capital letters of ISO 3166, such as RU, PL or US", c)
	}
	return c, nil
}

func putTimeZone(raw, _ json.RawMessage) (any, error) {
	var tz string
	if err := decodeSetting(raw, &tz, `a JSON string such as "Europe/Moscow"`); err != nil {
		return nil, err
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
		return nil, badSetting("value", "%q is not a time zone the box knows: use an IANA name such as Europe/Moscow or America/New_York", tz)
	}
	return tz, nil
}
