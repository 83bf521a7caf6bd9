package webui

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// Telephony gives the web UI the live state of the box's ports, lines,
// trunks and calls, for the dashboard.
type Telephony interface {
	// Snapshot returns the state now. It is called every TelephonyPeriod
	// while a page is open, so it must return quickly; it must be safe for
	// concurrent use.
	Snapshot() TelephonyStatus
}

// TelephonyStatus is the live state that GET /api/telephony serves and the
// websocket pushes as a "telephony" event whenever it changes. Lists are
// never null.
type TelephonyStatus struct {
	Type          string               `json:"type,omitempty"` // "telephony" on the websocket
	At            time.Time            `json:"at"`             // when the snapshot was taken
	FXS           []FXSPortStatus      `json:"fxs"`
	FXO           []FXOLineStatus      `json:"fxo"`
	GSM           []GSMModuleStatus    `json:"gsm"`
	Trunks        []TrunkStatus        `json:"trunks"`
	Registrations []RegistrationStatus `json:"registrations"`
	Calls         []CallStatus         `json:"calls"`
}

// FXSPortStatus is an analog port where a phone or fax machine plugs in.
type FXSPortStatus struct {
	Port      int    `json:"port"`      // 1-based, as printed on the box
	Extension string `json:"extension"` // "" when the port is not assigned
	Mode      string `json:"mode"`      // "voice" or "fax"
	// State is "idle", "off-hook", "dialling", "ringing" or "in call"; a
	// phone that hears dial tone is "dialling".
	State string `json:"state"`
	// OffHook is whether the phone's handset is lifted: in every state but
	// idle and ringing.
	OffHook        bool `json:"off_hook"`
	MessageWaiting bool `json:"message_waiting"`
}

// FXOLineStatus is a PSTN line on an FXO port.
type FXOLineStatus struct {
	Port    int     `json:"port"`
	Name    string  `json:"name"`
	Number  string  `json:"number"` // the line's own number, if known
	Enabled bool    `json:"enabled"`
	State   string  `json:"state"` // the line's state machine: "idle", "alerting", "connected", ...
	Volts   float64 `json:"volts"` // tip-ring voltage (V), to 1 V
	Down    bool    `json:"down"`  // no line voltage
	InUse   bool    `json:"in_use"`
	Ringing bool    `json:"ringing"`
	Remote  string  `json:"remote,omitempty"` // the caller or the number dialled
}

// GSMModuleStatus is a GSM module and its SIM.
type GSMModuleStatus struct {
	Slot         int    `json:"slot"`
	Module       string `json:"module"` // the module's key in SMS and call records: "gsm/1"
	Name         string `json:"name"`
	Enabled      bool   `json:"enabled"`
	Operator     string `json:"operator"`
	SignalDBm    *int   `json:"signal_dbm"` // received signal (dBm); null when unknown
	Bars         int    `json:"bars"`       // 0-5
	Registration string `json:"registration"`
	Registered   bool   `json:"registered"`
	SIM          string `json:"sim"`        // the SIM's state, "READY" when usable; "" before any report
	ModemDown    bool   `json:"modem_down"` // not answering; being recovered
	InCall       bool   `json:"in_call"`
	CallState    string `json:"call_state,omitempty"`
	Up           bool   `json:"up"` // outbound rules may use it now
	// Usage against the limits; a limit of 0 means none.
	MinutesToday    int64    `json:"minutes_today"`
	MinutesMonth    int64    `json:"minutes_month"`
	SMSToday        int      `json:"sms_today"`
	MinutesPerDay   int      `json:"minutes_per_day"`
	MinutesPerMonth int      `json:"minutes_per_month"`
	SMSPerDay       int      `json:"sms_per_day"`
	Alarms          []string `json:"alarms"` // the limits reached, in words
}

// TrunkStatus is a SIP trunk's registration.
type TrunkStatus struct {
	Name  string    `json:"name"`
	State string    `json:"state"` // "registered", "registering", "failed", "static", "disabled"
	Up    bool      `json:"up"`
	Since time.Time `json:"since,omitzero"`
	Error string    `json:"error,omitempty"`
}

// RegistrationStatus is one registered SIP device.
type RegistrationStatus struct {
	Extension string    `json:"extension"`
	Device    string    `json:"device"`
	Contact   string    `json:"contact"`
	Transport string    `json:"transport"`
	UserAgent string    `json:"user_agent,omitempty"`
	Expires   time.Time `json:"expires"`
	Reachable bool      `json:"reachable"`
}

// CallStatus is a call in progress.
type CallStatus struct {
	ID         string    `json:"id"`
	Caller     string    `json:"caller"` // the caller's number
	CallerName string    `json:"caller_name,omitempty"`
	Called     string    `json:"called"`  // the number dialled
	Channel    string    `json:"channel"` // the caller's channel: "fxs/1"
	Peer       string    `json:"peer"`    // the channel it is bridged to; "" before
	Started    time.Time `json:"started"`
	Answered   time.Time `json:"answered,omitzero"`
	// DurationSec is how long the call has lasted at At (s). Changes of it
	// alone are not pushed: the page counts on from Started.
	DurationSec int64 `json:"duration_s"`
	// Path is the call's path so far, its latest steps after PathEarlier
	// others, ending with the element the call is in now (Running); never
	// null.
	Path        []CallStep `json:"path"`
	PathEarlier int        `json:"path_earlier,omitempty"`
}

// CallStep is one step of an active call's path: a scenario element, with
// its kind and label, or a step of the box ("ring fxs/1", "forward").
type CallStep struct {
	Step    string `json:"step"`            // the element's ID, or the box's step
	Type    string `json:"type,omitempty"`  // the element's kind: "menu", "group"
	Label   string `json:"label,omitempty"` // the element's label
	Outcome string `json:"outcome,omitempty"`
	Running bool   `json:"running,omitempty"` // the call is in this element now
}

// defaultTelephonyPeriod is how often a websocket feed looks for changes.
const defaultTelephonyPeriod = 500 * time.Millisecond

// liveState is what pbxd gives the web UI of the running box after New.
type liveState struct {
	mu  sync.Mutex
	tel Telephony
	sms SMSService

	// The feeds' shared snapshot: every open page checks for changes each
	// TelephonyPeriod, and one snapshot (which reads FXO line voltages over
	// SPI) serves all of them within half a period.
	shared       TelephonyStatus
	sharedStable []byte
	sharedAt     time.Time
}

// SetTelephony gives the Server the live state of the box; until it is set
// GET /api/telephony answers 503 and the websocket sends no telephony
// events. It is safe for concurrent use.
func (s *Server) SetTelephony(t Telephony) {
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	s.live.tel = t
	s.live.sharedStable = nil // the next feed check takes a snapshot of t
}

// telephonyNow takes a snapshot, with lists that are never null, and its
// stable form for change detection: the snapshot without its time and the
// calls' durations. ok is false while no source is set.
func (s *Server) telephonyNow() (t TelephonyStatus, stable []byte, ok bool) {
	s.live.mu.Lock()
	src := s.live.tel
	s.live.mu.Unlock()
	if src == nil {
		return t, nil, false
	}
	t = src.Snapshot()
	t.Type = ""
	t.FXS, t.FXO, t.GSM = nonNil(t.FXS), nonNil(t.FXO), nonNil(t.GSM)
	t.Trunks, t.Registrations, t.Calls = nonNil(t.Trunks), nonNil(t.Registrations), nonNil(t.Calls)
	for i := range t.GSM {
		t.GSM[i].Alarms = nonNil(t.GSM[i].Alarms)
	}
	c := t
	c.At = time.Time{}
	c.Calls = make([]CallStatus, len(t.Calls))
	for i := range t.Calls {
		t.Calls[i].Path = nonNil(t.Calls[i].Path)
		call := t.Calls[i]
		call.DurationSec = 0
		c.Calls[i] = call
	}
	stable, err := json.Marshal(c)
	if err != nil {
		s.log.Error("webui: telephony snapshot", "err", err)
		return t, nil, false
	}
	return t, stable, true
}

// telephonyShared is telephonyNow for the websocket feeds: a snapshot
// taken less than half a TelephonyPeriod ago is reused, so that pages open
// at once do not each read the hardware.
func (s *Server) telephonyShared() (TelephonyStatus, []byte, bool) {
	s.live.mu.Lock()
	if s.live.sharedStable != nil && time.Since(s.live.sharedAt) < s.telPeriod/2 {
		t, stable := s.live.shared, s.live.sharedStable
		s.live.mu.Unlock()
		return t, stable, true
	}
	s.live.mu.Unlock()
	t, stable, ok := s.telephonyNow()
	if ok {
		s.live.mu.Lock()
		s.live.shared, s.live.sharedStable, s.live.sharedAt = t, stable, time.Now()
		s.live.mu.Unlock()
	}
	return t, stable, ok
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// telephony serves GET /api/telephony.
func (s *Server) telephony(w http.ResponseWriter, r *http.Request) {
	t, _, ok := s.telephonyNow()
	if !ok {
		writeError(w, http.StatusServiceUnavailable, "the telephony is not running yet: reload the page in a moment", "")
		return
	}
	writeJSON(w, http.StatusOK, t)
}
