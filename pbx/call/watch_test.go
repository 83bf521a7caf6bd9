package call_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestWatch: Watch drops digits and returns the first flash, transfer
// request or hang-up of the legs it watches, without pumping their media.
func TestWatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := make(chan call.LegEvent, 4)
		r := newRig(t, func(ctx context.Context, c call.Control) {
			tr := c.(call.Transferrer)
			b, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
			if err != nil {
				return
			}
			c.Answer(ctx)
			ctx = context.WithoutCancel(ctx)
			for {
				ev, err := tr.Watch(ctx, tr.CallerLeg(), b)
				if err != nil {
					return
				}
				got <- ev
				if ev.Event.Kind == call.EventHangup {
					return
				}
			}
		}, map[string]calltest.Phone{"102": {}})
		caller := r.call("101", "102")
		synctest.Wait()
		callee := r.sip.Last("102")

		callee.Presses("5")
		callee.Flashes()
		if ev := recv(t, got); ev.Leg.Channel() != "sip/102" || ev.Event.Kind != call.EventFlash {
			t.Errorf("Watch = %s %v; want sip/102's flash (the digit dropped)", ev.Leg.Channel(), ev.Event.Kind)
		}
		caller.Transfers("103")
		if ev := recv(t, got); ev.Leg == nil || (ev.Leg.Channel() != "sip/101" || ev.Event.Kind != call.EventTransfer || ev.Event.Target != "103") {
			t.Errorf("Watch = %+v; want sip/101's transfer to 103", ev.Event)
		}
		callee.Says(calltest.Tone(700))
		callee.HangsUp(call.CauseNormal)
		if ev := recv(t, got); ev.Leg.Channel() != "sip/102" || ev.Event.Kind != call.EventHangup {
			t.Errorf("Watch = %s %v; want sip/102's hang-up", ev.Leg.Channel(), ev.Event.Kind)
		}
		if len(caller.Heard()) != 0 {
			t.Errorf("the caller heard %d frames while watched; want none", len(caller.Heard()))
		}
		r.shutdown()
	})
}
