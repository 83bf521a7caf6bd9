package call_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestNotifyingLegs: legs that hand their events to the switch
// (call.EventNotifier, as SIP legs do) work as legs read by a goroutine:
// digits cross the bridge, a flash ends it, whoever hangs up ends the
// call, the other side is hung up, and the call record is written.
func TestNotifyingLegs(t *testing.T) {
	for _, callerHangs := range []bool{false, true} {
		name := "callee hangs up"
		if callerHangs {
			name = "caller hangs up"
		}
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ends := make(chan call.BridgeEnd)
				r := newRig(t, bridgeTo102(t, ends), map[string]calltest.Phone{"102": {Notify: true}})
				a := calltest.NewLeg("sip/101", call.Party{Number: "101"})
				r.sw.Incoming(calltest.NotifyingLeg{Leg: a}, "102")
				time.Sleep(time.Second)
				b := r.sip.Last("102")

				digitsCrossThenFlash(t, a, b, ends)

				hanger, other := b, a
				if callerHangs {
					hanger, other = a, b
				}
				hanger.HangsUp(call.CauseNormal)
				if end := recv(t, ends); end.ByCaller != callerHangs || end.Event.Kind != call.EventHangup {
					t.Errorf("Bridge ended with %+v; want a hang-up, by the caller %v", end, callerHangs)
				}
				synctest.Wait()
				if st := other.State(); !st.Ended || !st.ByUs || st.Cause != call.CauseNormal {
					t.Errorf("other side %s: %+v; want hung up by the switch, normal", other.Channel(), st)
				}
				if st := a.State(); st.Dropped != 0 {
					t.Errorf("caller dropped %d events; a notifying leg drops none", st.Dropped)
				}
				r.shutdown()
				recs := r.recs.All()
				if len(recs) != 1 || recs[0].Cause != "normal" || recs[0].Destination != "sip/102" {
					t.Errorf("records %+v; want one to sip/102 with cause normal", recs)
				}
			})
		})
	}
}

// TestNotifyingLegEndedBefore: a leg whose hang-up waits on Events when
// the switch asks for its events hands it over at once, and the call
// ends with its cause, though the handler never returns by itself.
func TestNotifyingLegEndedBefore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, func(ctx context.Context, c call.Control) {
			<-ctx.Done() // the caller's hang-up cancels it
		}, nil)
		a := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		a.HangsUp(call.CauseBusy)
		r.sw.Incoming(calltest.NotifyingLeg{Leg: a}, "102")
		synctest.Wait()
		recs := r.recs.All()
		if len(recs) != 1 || recs[0].Cause != call.CauseBusy.String() {
			t.Errorf("records %+v; want one with cause %v", recs, call.CauseBusy)
		}
		r.shutdown()
	})
}
