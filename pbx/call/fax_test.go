package call_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// toFaxOnTone is a handler that answers and, when the caller's channel hears
// a fax tone within a minute, rings the fax machine on FXS 104 and bridges
// the caller to it; without a tone it hangs up with no answer.
func toFaxOnTone(t *testing.T) func(context.Context, call.Control) {
	return func(ctx context.Context, c call.Control) {
		fd, ok := c.(call.FaxDetector)
		if !ok {
			t.Errorf("the Control %T is not a call.FaxDetector", c)
			return
		}
		c.Answer(ctx)
		select {
		case <-fd.FaxTone():
		case <-time.After(time.Minute):
			c.Hangup(ctx, call.CauseNoAnswer)
			return
		case <-ctx.Done():
			return
		}
		leg, err := c.Ring(ctx, []call.Target{{Kind: "fxs", Address: "104"}}, 30*time.Second)
		if err != nil {
			c.Hangup(ctx, causeOf(err))
			return
		}
		c.Bridge(ctx, leg)
	}
}

// TestFaxTone: a call passes on its caller leg's fax tone, so that a
// handler can move it to a fax port; a caller whose channel does not
// listen for fax tones gives a channel that never receives.
func TestFaxTone(t *testing.T) {
	tests := []struct {
		name      string
		detects   bool // the caller leg is a call.FaxDetector
		sendsTone bool
		wantDest  string
		wantCause string
	}{
		{"fax tone", true, true, "fxs/104", "normal"},
		{"no tone", true, false, "", "no_answer"},
		{"no detector", false, false, "", "no_answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, toFaxOnTone(t), nil)
				r.fxs.Set("104", calltest.Phone{AnswerAfter: 3 * time.Second})
				party := call.Party{Number: "+74951234567"}
				var caller *calltest.Leg
				if tt.detects {
					fl := calltest.NewFaxLeg("fxo/1", party)
					caller = fl.Leg
					r.sw.Incoming(fl, "")
					time.Sleep(5 * time.Second)
					if tt.sendsTone {
						fl.SendsFaxTone()
						fl.SendsFaxTone() // a second tone changes nothing
					}
				} else {
					caller = calltest.NewLeg("fxo/1", party)
					r.sw.Incoming(caller, "")
				}
				time.Sleep(2 * time.Minute)
				caller.HangsUp(call.CauseNormal)
				r.shutdown()
				recs := r.recs.All()
				if len(recs) != 1 {
					t.Fatalf("%d call records; want 1", len(recs))
				}
				if rec := recs[0]; rec.Destination != tt.wantDest || rec.Cause != tt.wantCause {
					t.Errorf("call record destination %q cause %q; want %q %q", rec.Destination, rec.Cause, tt.wantDest, tt.wantCause)
				}
				if got, want := len(r.fxs.Legs()), map[bool]int{true: 1}[tt.sendsTone]; got != want {
					t.Errorf("the fax port was rung %d times; want %d", got, want)
				}
			})
		})
	}
}
