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

// TestHeldTransferFails: 101 holds the caller of a route with a hold
// prompt (its flash, as a SIP phone's hold is reported) and asks for a
// blind transfer to 102, which is busy. 101 is told so and stays in the
// call, the caller hears the hold melody again, and when 101 takes the
// call back (its next flash) the two talk.
func TestHeldTransferFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, HoldPromptID: ptr(int64(2))})
		o := newOffice(t, cfg, workingHours, tuesdayNoon)
		o.eng.o.Prompts = tonePrompts{melodyLevel}
		o.phones(calltest.Phone{AnswerAfter: time.Second}, "101")
		o.phones(calltest.Phone{Busy: true}, "102")
		caller := o.call("trunk/Provider", "+79160000000", did)
		time.Sleep(2 * time.Second)
		callee := o.sip.Last("101")
		if callee == nil || !callee.State().Answered {
			t.Fatal("101 is not talking to the caller 2 s into the call")
		}
		callee.Flashes() // hold
		time.Sleep(time.Second)
		callee.Transfers("102")
		time.Sleep(time.Second)
		if st := callee.State(); st.Ended || !slices.Equal(st.Transferred, []call.Cause{call.CauseBusy}) {
			t.Fatalf("101 after its transfer to a busy 102: %+v; want up, told busy", st)
		}
		before := heardMelody(caller)
		time.Sleep(2 * time.Second)
		if heard := heardMelody(caller) - before; heard < 75 {
			t.Errorf("after the failed transfer the caller heard %d melody frames in 2 s; want the hold melody (over 75)", heard)
		}
		callee.Flashes() // takes the call back
		time.Sleep(time.Second)
		back := heardMelody(caller)
		callee.Says(calltest.Tone(777))
		time.Sleep(2 * time.Second)
		if heardMelody(caller) != back || !slices.Contains(caller.Heard(), calltest.Tone(777)) {
			t.Errorf("after 101 took the call back the caller heard %d more melody frames, heard 101: %v; want none, and 101",
				heardMelody(caller)-back, slices.Contains(caller.Heard(), calltest.Tone(777)))
		}
		callee.HangsUp(call.CauseNormal)
	})
}
