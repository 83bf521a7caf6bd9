package scenario

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// TestFaxToneOnAnyCall: a GSM call, whose channel has no fax-tone
// detector, goes to the fax port when its caller's PCM carries CNG: heard
// by the switch while the caller waits in a menu, or while it talks to
// 101, who is then hung up. A call that hears only speech, or the tone
// in a relayed trunk-to-SIP bridge, stays where the scenario put it.
func TestFaxToneOnAnyCall(t *testing.T) {
	t.Parallel()
	const sec = time.Second
	menu := `{"id": "menu", "type": "menu", "params": {"prompt": {"prompt_id": 1}, "keys": ["1"], "timeout": 10, "repeats": 1},
		"next": {"1": "alice", "no_input": "bye", "invalid": "bye"}}`
	alice := `{"id": "alice", "type": "internal", "params": {"extension": "101"}}`
	cng := calltest.Bursts(1100, -15, sec/2, 3*sec, 14*sec)
	tests := []struct {
		name     string
		channel  string // the caller's; a trunk's and 101's media relay
		keys     string // pressed 1 s into the call
		signal   []call.Frame
		at       time.Duration // when the caller sends it, after the call came in
		wantPath []string
		wantDest string
		want101  bool // 101 answered and was hung up for the fax port
	}{
		{name: "CNG in the menu", channel: "gsm/1", signal: cng, at: 3 * sec,
			wantPath: []string{"in:next", "menu:fax detected", "fax detected:ringing fxs/106"}, wantDest: "fxs/106"},
		{name: "CNG after 101 answered", channel: "gsm/1", keys: "1", signal: cng, at: 8 * sec,
			wantPath: []string{"in:next", "menu:1", "alice:answered", "fax detected:sip/101 leaves, ringing fxs/106"},
			wantDest: "fxs/106", want101: true},
		{name: "speech with 101", channel: "gsm/1", keys: "1", signal: calltest.Speech(-15, 20*sec, 7), at: 8 * sec,
			wantPath: []string{"in:next", "menu:1", "alice:answered"}, wantDest: "sip/101"},
		{name: "CNG in a relayed bridge", channel: "trunk/Provider", keys: "1", signal: cng, at: 8 * sec,
			wantPath: []string{"in:next", "menu:1", "alice:answered", "fax detected:sip/101 leaves, ringing fxs/106"},
			wantDest: "fxs/106", want101: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := faxOffice(doc(`{"id": "in", "type": "incoming", "next": {"next": "menu"}}`, menu, alice, bye), true)
				cfg.InboundRoutes = append(cfg.InboundRoutes,
					store.InboundRoute{ID: 2, Name: "SIM 1", Source: store.SourceGSM, GSMModuleID: ptr(int64(1)), ScenarioID: 1},
					store.InboundRoute{ID: 3, Name: "Provider", Source: store.SourceDID, DID: "+74950000000", SIPTrunkID: ptr(int64(1)), ScenarioID: 1})
				o := newOffice(t, cfg, workingHours, tuesdayNoon)
				party := call.Party{Number: "+79161234567"}
				caller := calltest.NewLeg(tt.channel, party)
				if tt.channel == "trunk/Provider" {
					caller = calltest.NewRelayLeg(tt.channel, party, false)
					o.phones(calltest.Phone{Media: calltest.Relay}, "101")
				} else {
					o.phones(calltest.Phone{}, "101")
				}
				o.fxs.Set("106", calltest.Phone{AnswerAfter: 2 * sec})
				o.sw.Incoming(caller, "+74950000000")
				time.Sleep(sec)
				if tt.keys != "" {
					caller.Presses(tt.keys)
				}
				time.Sleep(tt.at - sec)
				// Spoken in time, a frame per 20 ms: a relayed fake leg hands
				// what it says to the far end at once.
				go func() {
					for _, f := range tt.signal {
						caller.Says(f)
						time.Sleep(call.FrameDuration)
					}
				}()
				time.Sleep(30 * sec)
				if l := o.sip.Last("101"); l != nil && l.State().Ended != tt.want101 {
					t.Errorf("101's leg ended %v while the caller is on; want %v", l.State().Ended, tt.want101)
				}
				caller.HangsUp(call.CauseNormal)
				samePath(t, o.path(), tt.wantPath...)
				if rec := o.recs.All()[0]; rec.Destination != tt.wantDest {
					t.Errorf("call record destination %q; want %q", rec.Destination, tt.wantDest)
				}
				if l := o.sip.Last("101"); tt.want101 && (l == nil || !l.State().Answered) {
					t.Error("101 did not answer before the fax port took the call")
				}
				if tt.wantDest == "fxs/106" {
					fax := o.fxs.Last("106")
					if fax == nil || !fax.State().Answered {
						t.Fatal("the fax port was not answered")
					}
					if !heardTone(fax.Heard(), 1100) {
						t.Error("the fax port did not hear the caller's CNG")
					}
				}
			})
		})
	}
}

// heardTone reports whether frames hold a burst of hz: some frame whose
// zero crossings match it within 5 %.
func heardTone(frames []call.Frame, hz float64) bool {
	for _, f := range frames {
		crossings := 0
		for i := 1; i < len(f); i++ {
			if (f[i-1] < 0) != (f[i] < 0) {
				crossings++
			}
		}
		got := float64(crossings) / 2 / call.FrameDuration.Seconds()
		if got > hz*0.95 && got < hz*1.05 {
			return true
		}
	}
	return false
}
