package scenario

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// faxOffice is baseConfig with a fax machine: extension 106 on FXS port 4
// in fax mode (port 3, in voice mode, has no extension); calls on FXO line 1
// take scenario 1, src.
func faxOffice(src string, faxPort bool) *store.Config {
	cfg := withScenario(baseConfig(), 1, src, "")
	cfg.InboundRoutes = append(cfg.InboundRoutes, store.InboundRoute{ID: 1, Name: "City line", Source: store.SourceFXO,
		FXOLineID: ptr(int64(1)), ScenarioID: 1})
	cfg.Extensions = append(cfg.Extensions, store.Extension{ID: 6, Number: "106", Name: "Fax", OnDuty: true, Outbound: store.OutboundInternal})
	cfg.FXSPorts = append(cfg.FXSPorts, store.FXSPort{ID: 3, Port: 3, Mode: store.FXSVoice})
	if faxPort {
		cfg.FXSPorts = append(cfg.FXSPorts, store.FXSPort{ID: 4, Port: 4, ExtensionID: ptr(int64(6)), Mode: store.FXSFax})
	}
	return cfg
}

// TestFaxToneMovesTheCall: a fax tone on the caller's line stops the
// scenario while the caller waits (in a menu, while a group rings), or
// hangs up the person who answered, and puts the call through to the fax
// port; where there is no fax port, or the call is at the fax machine
// already, the scenario goes on as drawn.
func TestFaxToneMovesTheCall(t *testing.T) {
	t.Parallel()
	menu := `{"id": "menu", "type": "menu", "params": {"prompt": {"prompt_id": 1}, "keys": ["1"], "timeout": 10, "repeats": 1},
		"next": {"1": "bye", "no_input": "bye", "invalid": "bye"}}`
	group := `{"id": "g", "type": "group", "params": {"members": ["101", "102"], "strategy": "all", "total": 30}, "next": {"next": "bye"}}`
	tests := []struct {
		name      string
		elements  []string
		faxPort   bool
		tone      time.Duration // when the caller's fax sends CNG after the call came in
		answer    bool          // SIP phones 101 and 102 answer at once
		faxAnswer time.Duration // the fax machine answers after this long; calltest.Never: not at all
		wantPath  []string
		wantDest  string
		wantCause string
		wantFax   int // times the fax port was rung
	}{
		{name: "during a menu", elements: []string{`{"id": "in", "type": "incoming", "next": {"next": "menu"}}`, menu, bye},
			faxPort: true, tone: 3 * time.Second, faxAnswer: 2 * time.Second,
			wantPath: []string{"in:next", "menu:fax detected", "fax detected:ringing fxs/106"},
			wantDest: "fxs/106", wantCause: "normal", wantFax: 1},
		{name: "while a group rings", elements: []string{`{"id": "in", "type": "incoming", "next": {"next": "g"}}`, group, bye},
			faxPort: true, tone: 5 * time.Second, faxAnswer: 2 * time.Second,
			wantPath: []string{"in:next", "g:fax detected", "fax detected:ringing fxs/106"},
			wantDest: "fxs/106", wantCause: "normal", wantFax: 1},
		{name: "the fax port does not answer", elements: []string{`{"id": "in", "type": "incoming", "next": {"next": "menu"}}`, menu, bye},
			faxPort: true, tone: 3 * time.Second, faxAnswer: calltest.Never,
			wantPath:  []string{"in:next", "menu:fax detected", "fax detected:ringing fxs/106"},
			wantCause: "no_answer", wantFax: 1},
		{name: "no fax port", elements: []string{`{"id": "in", "type": "incoming", "next": {"next": "menu"}}`, menu, bye},
			tone: 3 * time.Second, faxAnswer: 2 * time.Second,
			wantPath:  []string{"in:next", "menu:no_input", "bye:normal"},
			wantCause: "normal"},
		{name: "after an answer", elements: []string{`{"id": "in", "type": "incoming", "next": {"next": "g"}}`, group, bye},
			faxPort: true, tone: 10 * time.Second, answer: true, faxAnswer: 2 * time.Second,
			wantPath: []string{"in:next", "g:answered", "fax detected:sip/101 leaves, ringing fxs/106"},
			wantDest: "fxs/106", wantCause: "normal", wantFax: 1},
		{name: "after an answer, no fax port", elements: []string{`{"id": "in", "type": "incoming", "next": {"next": "g"}}`, group, bye},
			tone: 10 * time.Second, answer: true, faxAnswer: 2 * time.Second,
			wantPath: []string{"in:next", "g:answered"},
			wantDest: "sip/101", wantCause: "normal"},
		{name: "in a fax element", elements: []string{`{"id": "in", "type": "incoming", "next": {"next": "f"}}`,
			`{"id": "f", "type": "fax", "params": {"extension": "106"}}`},
			faxPort: true, tone: 3 * time.Second, faxAnswer: 8 * time.Second,
			wantPath: []string{"in:next", "f:answered"},
			wantDest: "fxs/106", wantCause: "normal", wantFax: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t, faxOffice(doc(tt.elements...), tt.faxPort), workingHours, tuesdayNoon)
				if tt.answer {
					o.phones(calltest.Phone{}, "101")
				} else {
					o.phones(never, "101", "102")
				}
				o.fxs.Set("106", calltest.Phone{AnswerAfter: tt.faxAnswer})
				caller := calltest.NewFaxLeg("fxo/1", call.Party{Number: "+74951234567"})
				o.sw.Incoming(caller, "")
				time.Sleep(tt.tone)
				caller.SendsFaxTone()
				// Hold on until the fax port rings out (60 s) or the menu runs
				// out of repeats; once bridged, talk a little (the pump's
				// frames are slow under -race).
				if tt.faxAnswer == calltest.Never || !tt.faxPort {
					time.Sleep(2 * faxRingTime)
				} else {
					time.Sleep(12 * time.Second)
				}
				caller.HangsUp(call.CauseNormal)
				path := o.path()
				samePath(t, path, tt.wantPath...)
				rec := o.recs.All()[0]
				if rec.Destination != tt.wantDest || rec.Cause != tt.wantCause {
					t.Errorf("call record destination %q cause %q; want %q %q", rec.Destination, rec.Cause, tt.wantDest, tt.wantCause)
				}
				var fax int
				for _, d := range o.fxs.dials() {
					if d.address == "106" {
						fax++
					}
				}
				if fax != tt.wantFax {
					t.Errorf("the fax port was rung %d times (%v); want %d", fax, o.fxs.dials(), tt.wantFax)
				}
				if tt.wantDest == "fxs/106" && !slices.ContainsFunc(o.fxs.Legs(), func(l *calltest.Leg) bool { return l.State().Answered }) {
					t.Error("the fax port's leg was not answered")
				}
			})
		})
	}
}

// TestFaxPorts: the fax ports are the FXS ports in fax mode that have an
// extension, in port order.
func TestFaxPorts(t *testing.T) {
	t.Parallel()
	cfg := &store.Config{
		Extensions: []store.Extension{{ID: 1, Number: "201"}, {ID: 2, Number: "202"}, {ID: 3, Number: "203"}},
		FXSPorts: []store.FXSPort{
			{ID: 1, Port: 4, ExtensionID: ptr(int64(2)), Mode: store.FXSFax},
			{ID: 2, Port: 1, ExtensionID: ptr(int64(1)), Mode: store.FXSVoice},
			{ID: 3, Port: 2, Mode: store.FXSFax},                             // no extension
			{ID: 4, Port: 3, ExtensionID: ptr(int64(3)), Mode: store.FXSFax}, // before port 4
			{ID: 5, Port: 5, ExtensionID: ptr(int64(9)), Mode: store.FXSFax}, // no such extension
		},
	}
	got := faxPorts(cfg)
	want := []call.Target{{Kind: "fxs", Address: "203"}, {Kind: "fxs", Address: "202"}}
	if !slices.Equal(got, want) {
		t.Errorf("faxPorts = %v; want %v", got, want)
	}
}
