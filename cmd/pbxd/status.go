package main

import (
	"math"
	"slices"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/chan/sip"
	"github.com/hookflash/firmware/webui"
)

// liveStatus is the web UI's telephony source (webui.Telephony): the
// dashboard's snapshot of the channels' Status methods, the SIP channel's
// trunks and registrations, and the switch's calls. It is safe for
// concurrent use.
type liveStatus struct {
	lines *lineChannels
	sip   *sip.Channel
	sw    *call.Switch
	now   func() time.Time
}

// Snapshot implements webui.Telephony.
func (l *liveStatus) Snapshot() webui.TelephonyStatus {
	now := l.now()
	t := webui.TelephonyStatus{At: now}
	if l.lines.fxs != nil {
		for _, p := range l.lines.fxs.Status() {
			t.FXS = append(t.FXS, webui.FXSPortStatus{Port: p.Port, Extension: p.Extension, Mode: p.Mode,
				State: p.State, OffHook: p.State != "idle" && p.State != "ringing", MessageWaiting: p.MessageWaiting})
		}
	}
	if l.lines.fxo != nil {
		for _, s := range l.lines.fxo.Status() {
			t.FXO = append(t.FXO, webui.FXOLineStatus{Port: s.Port, Name: s.Name, Number: s.Number, Enabled: s.Enabled,
				State: s.State, Volts: wholeVolts(s.Volts), Down: s.Down, InUse: s.InUse, Ringing: s.Ringing, Remote: s.Remote})
		}
	}
	if l.lines.gsm != nil {
		for _, s := range l.lines.gsm.Status() {
			m := webui.GSMModuleStatus{Slot: s.Slot, Module: s.Channel, Name: s.Name, Enabled: s.Enabled, Operator: s.Operator,
				Bars: s.Bars, Registration: s.Registration, Registered: s.Registered, SIM: s.SIM, ModemDown: s.ModemDown,
				InCall: s.InCall, CallState: s.CallState, Up: s.Up,
				MinutesToday: s.CallSecondsToday / 60, MinutesMonth: s.CallSecondsMonth / 60, SMSToday: s.SMSToday,
				MinutesPerDay: s.MinutesPerDay, MinutesPerMonth: s.MinutesPerMonth, SMSPerDay: s.SMSPerDay, Alarms: s.Alarms}
			if s.SignalKnown {
				m.SignalDBm = &s.SignalDBm
			}
			t.GSM = append(t.GSM, m)
		}
	}
	l.addFailed(&t)
	for _, s := range l.sip.Trunks() {
		t.Trunks = append(t.Trunks, webui.TrunkStatus{Name: s.Name, State: string(s.State), Up: s.Up, Since: s.Since, Error: s.Error})
	}
	for _, b := range l.sip.Registrar().Bindings() {
		t.Registrations = append(t.Registrations, webui.RegistrationStatus{Extension: b.Extension, Device: b.Device,
			Contact: b.Contact, Transport: b.Transport, UserAgent: b.UserAgent, Expires: b.Expires, Reachable: b.Reachable})
	}
	for _, c := range l.sw.Active() {
		t.Calls = append(t.Calls, webui.CallStatus{ID: c.ID, Caller: c.Caller.Number, CallerName: c.Caller.Name, Called: c.Called,
			Channel: c.Channel, Peer: c.Peer, Started: c.Started, Answered: c.Answered, DurationSec: int64(now.Sub(c.Started) / time.Second),
			Path: callSteps(c), PathEarlier: c.PathEarlier})
	}
	return t
}

// wholeVolts rounds a line voltage to 1 V, so that the dashboard is not
// pushed a new state for every millivolt of noise; NaN reads as 0.
func wholeVolts(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return math.Round(v)
}

// addFailed lists the board's modules that did not open, in their port's
// place: FXS ports and FXO lines in state "failed", GSM modules as down
// with the reason among their alarms.
func (l *liveStatus) addFailed(t *webui.TelephonyStatus) {
	for _, f := range l.lines.failed {
		switch f.kind {
		case hal.KindFXS:
			t.FXS = append(t.FXS, webui.FXSPortStatus{Port: f.number, State: "failed"})
		case hal.KindFXO:
			t.FXO = append(t.FXO, webui.FXOLineStatus{Port: f.number, State: "failed", Down: true})
		case hal.KindGSM:
			t.GSM = append(t.GSM, webui.GSMModuleStatus{Slot: f.number, Module: gsmKey(f.number), ModemDown: true,
				Alarms: []string{"module " + f.slot + " failed to start: " + f.err.Error()}})
		}
	}
	slices.SortFunc(t.FXS, func(a, b webui.FXSPortStatus) int { return a.Port - b.Port })
	slices.SortFunc(t.FXO, func(a, b webui.FXOLineStatus) int { return a.Port - b.Port })
	slices.SortFunc(t.GSM, func(a, b webui.GSMModuleStatus) int { return a.Slot - b.Slot })
}

// callSteps is a call's path so far for the dashboard, ending with the
// element it is in now.
func callSteps(c call.CallInfo) []webui.CallStep {
	out := make([]webui.CallStep, 0, len(c.Path)+1)
	for _, p := range c.Path {
		out = append(out, webui.CallStep{Step: p.Step, Type: p.Type, Label: p.Label, Outcome: p.Outcome})
	}
	if r := c.Running; r.Step != "" {
		out = append(out, webui.CallStep{Step: r.Step, Type: r.Type, Label: r.Label, Running: true})
	}
	return out
}
