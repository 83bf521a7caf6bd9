package scenario

import (
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// melodyLevel is the level of every frame of every prompt in these tests.
const melodyLevel = 2100

// heardMelody counts the frames of the prompts that leg heard.
func heardMelody(leg *calltest.Leg) int {
	tone := calltest.Tone(melodyLevel)
	n := 0
	for _, f := range leg.Heard() {
		if f == tone {
			n++
		}
	}
	return n
}

// TestWaitingMelody: while the scenario rings 101 (for 5 s), the caller of
// a route with a waiting prompt hears the prompt, looped (each play lasts a
// second), as early media: it is not answered, so it does not pay for the
// ringing. Once 101 answers the melody stops, the caller is answered, and
// the call record's answer time is 101's answer, 5 s in, not the start of
// the melody. Without one the caller is told that the call rings, hears
// nothing from the box and is answered only by 101.
func TestWaitingMelody(t *testing.T) {
	tests := []struct {
		name    string
		waiting *int64
	}{
		{"melody", ptr(int64(1))},
		{"ringback", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, WaitingPromptID: tt.waiting})
				o := newOffice(t, cfg, workingHours, tuesdayNoon)
				o.eng.o.Prompts = tonePrompts{melodyLevel}
				o.phones(calltest.Phone{AnswerAfter: 5 * time.Second}, "101")
				caller := o.call("trunk/Provider", "+79160000000", did)
				time.Sleep(4 * time.Second)
				ringing, st := heardMelody(caller), caller.State()
				if callee := o.sip.Last("101"); callee == nil || callee.State().Answered {
					t.Fatal("101 is not ringing 4 s into the call")
				}
				if tt.waiting != nil {
					if ringing < 150 || st.Answered || !st.Early {
						t.Errorf("4 s into the ringing the caller heard %d melody frames, answered %v, early media %v; want over 150 (the prompt looped), not answered, early media",
							ringing, st.Answered, st.Early)
					}
				} else if ringing != 0 || st.Answered || !st.Progressed {
					t.Errorf("4 s into the ringing the caller heard %d melody frames, answered %v, told it rings %v; want none, not answered, told",
						ringing, st.Answered, st.Progressed)
				}
				time.Sleep(2 * time.Second) // 101 answered at 5 s
				talking := heardMelody(caller)
				time.Sleep(3 * time.Second)
				if after := heardMelody(caller); after != talking || !caller.State().Answered {
					t.Errorf("once 101 answered the caller heard %d more melody frames; want none", after-talking)
				}
				o.sip.Last("101").HangsUp(call.CauseNormal)
				if tt.waiting != nil {
					samePath(t, o.path(), "in:next", "early media:melody", "i:answered")
				} else {
					samePath(t, o.path(), "in:next", "i:answered")
				}
				r := o.recs.All()[0]
				if d := r.AnsweredAt.Sub(r.StartedAt); d < 5*time.Second || d > 5*time.Second+time.Second/10 {
					t.Errorf("the call record's answer time is %v into the call; want 101's answer, 5 s in", d)
				}
			})
		})
	}
}

// TestHoldMelody: when 101 holds the caller (its flash, as a SIP phone's
// hold is reported), the caller of a route with a hold prompt hears it,
// looped, until 101 flashes again and talks to the caller once more.
// Without one the flash leaves the two talking, as before.
func TestHoldMelody(t *testing.T) {
	tests := []struct {
		name string
		hold *int64
	}{
		{"melody", ptr(int64(2))},
		{"no melody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, HoldPromptID: tt.hold})
				o := newOffice(t, cfg, workingHours, tuesdayNoon)
				o.eng.o.Prompts = tonePrompts{melodyLevel}
				o.phones(calltest.Phone{AnswerAfter: time.Second}, "101")
				caller := o.call("trunk/Provider", "+79160000000", did)
				time.Sleep(2 * time.Second)
				callee := o.sip.Last("101")
				if callee == nil || !callee.State().Answered || heardMelody(caller) != 0 {
					t.Fatal("101 is not talking to the caller 2 s into the call, or the caller heard a melody")
				}
				callee.Flashes()
				time.Sleep(3 * time.Second)
				held := heardMelody(caller)
				if tt.hold != nil && held < 125 {
					t.Errorf("3 s into the hold the caller heard %d melody frames; want over 125 (the prompt looped)", held)
				}
				if tt.hold == nil && held != 0 {
					t.Errorf("after 101's flash the caller heard %d melody frames; want none", held)
				}
				if tt.hold != nil {
					callee.Flashes() // takes the call back
				}
				time.Sleep(time.Second)
				back := heardMelody(caller)
				callee.Says(calltest.Tone(777))
				time.Sleep(2 * time.Second)
				if heardMelody(caller) != back || !slices.Contains(caller.Heard(), calltest.Tone(777)) {
					t.Errorf("after the hold the caller heard %d more melody frames, heard 101: %v; want none, and 101",
						heardMelody(caller)-back, slices.Contains(caller.Heard(), calltest.Tone(777)))
				}
				callee.HangsUp(call.CauseNormal)
				path := o.path()
				if holds := slices.Contains(path, "hold:sip/101 holds the caller"); holds != (tt.hold != nil) {
					t.Errorf("path %q has the hold: %v; want %v", path, holds, tt.hold != nil)
				}
			})
		})
	}
}

// TestQueueWaitsWithTheWaitingMelody: a queue without music of its own
// plays the route's waiting prompt to the caller who waits in it; without
// either the caller waits in silence.
func TestQueueWaitsWithTheWaitingMelody(t *testing.T) {
	tests := []struct {
		name    string
		waiting *int64
	}{
		{"melody", ptr(int64(1))},
		{"silence", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := withScenario(baseConfig(), 1, queueDoc(`{"agents": ["101"], "strategy": "ring_all", "ring_time": 10, "max_wait": 60, "exit_key": "0"}`), did)
				cfg.RouteOptions = []store.RouteOptions{{ID: 1, RouteID: cfg.InboundRoutes[0].ID, AfterHoursAction: store.AfterHoursNone, WaitingPromptID: tt.waiting}}
				o := newOffice(t, cfg, workingHours, tuesdayNoon)
				o.eng.o.Prompts = tonePrompts{melodyLevel}
				o.phones(never, "101")
				caller := o.call("trunk/Provider", "+79160000000", did)
				time.Sleep(30 * time.Second)
				heard := heardMelody(caller)
				caller.HangsUp(call.CauseNormal)
				if path := o.path(); len(path) != 2 || !strings.HasPrefix(path[1], "q:") {
					t.Fatalf("path %q; want the caller to leave the queue", path)
				}
				if tt.waiting != nil && heard == 0 || tt.waiting == nil && heard != 0 {
					t.Errorf("30 s into the queue the caller heard %d melody frames; want some: %v", heard, tt.waiting != nil)
				}
			})
		})
	}
}

// TestVoicemailTakesTheRoutesGreeting: the voicemail element hands the
// route's voicemail greeting to the voicemail service, for a mailbox
// without a greeting of its own; a route without one hands none.
func TestVoicemailTakesTheRoutesGreeting(t *testing.T) {
	for _, greeting := range []*int64{ptr(int64(2)), nil} {
		synctest.Test(t, func(t *testing.T) {
			cfg := withScenario(baseConfig(), 1, doc(`{"id": "in", "type": "incoming", "next": {"next": "vm"}}`,
				`{"id": "vm", "type": "voicemail", "params": {"mailbox": "101"}}`), did)
			cfg.RouteOptions = []store.RouteOptions{{ID: 1, RouteID: cfg.InboundRoutes[0].ID, AfterHoursAction: store.AfterHoursNone,
				VoicemailGreetingPromptID: greeting}}
			o := newOffice(t, cfg, workingHours, tuesdayNoon)
			o.call("trunk/Provider", "+79160000000", did)
			time.Sleep(10 * time.Second) // the message takes 5 s
			samePath(t, o.path(), "in:next", "vm:recorded")
			want := int64(0)
			if greeting != nil {
				want = *greeting
			}
			o.vm.mu.Lock()
			defer o.vm.mu.Unlock()
			if !slices.Equal(o.vm.greetings, []int64{want}) {
				t.Errorf("the voicemail service was given greetings %v; want [%d]", o.vm.greetings, want)
			}
		})
	}
}
