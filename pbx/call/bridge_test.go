package call_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestBridgeMedia checks which way the media of a bridge go: through the
// PCM pump, or through Relay when both legs offer it, falling back to the
// pump when Relay says no. Either way a frame said at one far end arrives at
// the other unchanged.
func TestBridgeMedia(t *testing.T) {
	tests := []struct {
		name      string
		caller    calltest.Media
		callee    calltest.Media
		wantRelay bool
	}{
		{"PCM both sides: pump", calltest.PCM, calltest.PCM, false},
		{"one Relayer: pump", calltest.Relay, calltest.PCM, false},
		{"two Relayers: relay", calltest.Relay, calltest.Relay, true},
		{"Relay says no: pump", calltest.Relay, calltest.RelayRefused, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, ringAndBridge(sip("102")), map[string]calltest.Phone{"102": {Media: tt.callee}})
				a := newCaller("101", tt.caller)
				r.sw.Incoming(a, "102")
				time.Sleep(time.Second)
				b := r.sip.Last("102")
				if b == nil || !b.State().Answered {
					t.Fatal("102 was not dialled and answered")
				}
				readsBefore := a.PCM().Reads() + b.PCM().Reads()

				hello, bye := calltest.Tone(1000), calltest.Tone(-2000)
				a.Says(hello)
				b.Says(bye)
				time.Sleep(100 * time.Millisecond)
				if !contains(b.Heard(), hello) {
					t.Errorf("frame said at the caller's end did not arrive at the callee's")
				}
				if !contains(a.Heard(), bye) {
					t.Errorf("frame said at the callee's end did not arrive at the caller's")
				}
				pumped := a.PCM().Reads() + b.PCM().Reads() - readsBefore
				relayed := false
				if ra, ok := a.Audio().(*calltest.RelayAudio); ok {
					relayed = ra.Relays() > 0
				}
				if relayed != tt.wantRelay {
					t.Errorf("relayed = %v; want %v", relayed, tt.wantRelay)
				}
				if tt.wantRelay && pumped != 0 {
					t.Errorf("the pump read %d frames of relayed legs", pumped)
				}
				if !tt.wantRelay && pumped == 0 {
					t.Errorf("the pump read no frames")
				}
				if n := a.PCM().Misuse() + b.PCM().Misuse(); n != 0 {
					t.Errorf("audio used %d times while relayed", n)
				}
				b.HangsUp(call.CauseNormal)
				synctest.Wait()
				r.shutdown()
			})
		})
	}
}

func newCaller(number string, m calltest.Media) *calltest.Leg {
	p := call.Party{Number: number}
	switch m {
	case calltest.Relay:
		return calltest.NewRelayLeg("sip/"+number, p, false)
	case calltest.RelayRefused:
		return calltest.NewRelayLeg("sip/"+number, p, true)
	}
	return calltest.NewLeg("sip/"+number, p)
}

// TestBridgeHangup: whoever hangs up, Bridge says who, the other side is
// hung up normally, and the call ends.
func TestBridgeHangup(t *testing.T) {
	tests := []struct {
		name         string
		callerHangs  bool
		cause        call.Cause
		wantByCaller bool
	}{
		{"callee hangs up", false, call.CauseNormal, false},
		{"caller hangs up", true, call.CauseNormal, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ends := make(chan call.BridgeEnd, 1)
				r := newRig(t, func(ctx context.Context, c call.Control) {
					leg, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
					if err != nil {
						t.Errorf("Ring: %v", err)
						return
					}
					end, err := c.Bridge(ctx, leg)
					if err != nil {
						t.Errorf("Bridge: %v", err)
					}
					ends <- end
				}, map[string]calltest.Phone{"102": {}})
				a := r.call("101", "102")
				time.Sleep(10 * time.Second)
				b := r.sip.Last("102")
				hanger, other := b, a
				if tt.callerHangs {
					hanger, other = a, b
				}
				hanger.HangsUp(tt.cause)
				end := recv(t, ends)
				synctest.Wait()
				if end.ByCaller != tt.wantByCaller || end.Event.Kind != call.EventHangup || end.Event.Cause != tt.cause {
					t.Errorf("Bridge ended with %+v; want by caller %v, hangup %v", end, tt.wantByCaller, tt.cause)
				}
				if st := other.State(); !st.Ended || !st.ByUs || st.Cause != call.CauseNormal {
					t.Errorf("other side %s: %+v; want hung up by the switch, normal", other.Channel(), st)
				}
				r.shutdown()
				recs := r.recs.All()
				if len(recs) != 1 || recs[0].Cause != "normal" {
					t.Errorf("records %+v; want one with cause normal", recs)
				}
			})
		})
	}
}

// TestBridgeEvents: digits cross a pumped bridge; a hook flash or a
// transfer request ends the bridge with both legs up, and bridging again
// works.
func TestBridgeEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ends := make(chan call.BridgeEnd)
		r := newRig(t, bridgeTo102(t, ends), map[string]calltest.Phone{"102": {}})
		a := r.call("101", "102")
		time.Sleep(time.Second)
		b := r.sip.Last("102")

		digitsCrossThenFlash(t, a, b, ends)
		b.Transfers("103")
		if end := recv(t, ends); end.ByCaller || end.Event.Kind != call.EventTransfer || end.Event.Target != "103" {
			t.Errorf("after REFER: %+v; want the callee's transfer to 103", end)
		}
		if a.State().Ended || b.State().Ended {
			t.Fatal("a flash or transfer request hung a leg up")
		}
		hello := calltest.Tone(77)
		a.Says(hello)
		time.Sleep(100 * time.Millisecond)
		if !contains(b.Heard(), hello) {
			t.Error("no media after bridging again")
		}
		a.HangsUp(call.CauseNormal)
		recv(t, ends)
		r.shutdown()
	})
}

// TestBlindTransfer: A calls B, B transfers A to C; A and C end up bridged,
// B leaves, and the call record names C.
func TestBlindTransfer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, func(ctx context.Context, c call.Control) {
			leg, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
			if err != nil {
				t.Errorf("Ring: %v", err)
				return
			}
			end, err := c.Bridge(ctx, leg)
			for err == nil && end.Event.Kind == call.EventTransfer {
				end, err = c.Transfer(ctx, []call.Target{sip(end.Event.Target)}, time.Minute)
			}
		}, map[string]calltest.Phone{"102": {}, "103": {AnswerAfter: 4 * time.Second}})
		a := r.call("101", "102")
		time.Sleep(time.Second)
		b := r.sip.Last("102")
		b.Transfers("103")
		time.Sleep(100 * time.Millisecond) // the pump stops within a frame
		if st := b.State(); !st.Ended || !st.ByUs {
			t.Errorf("transferring party: %+v; want hung up by the switch", st)
		}
		time.Sleep(5 * time.Second)
		c := r.sip.Last("103")
		if c == nil || !c.State().Answered {
			t.Fatal("103 was not rung and answered")
		}
		if got := r.sw.Active(); len(got) != 1 || got[0].Peer != "sip/103" {
			t.Errorf("Active() = %+v; want one call bridged to sip/103", got)
		}
		hello, back := calltest.Tone(5), calltest.Tone(6)
		a.Says(hello)
		c.Says(back)
		time.Sleep(100 * time.Millisecond)
		if !contains(c.Heard(), hello) || !contains(a.Heard(), back) {
			t.Error("A and C do not hear each other")
		}
		if contains(b.Heard(), hello) {
			t.Error("B heard A after it left")
		}
		c.HangsUp(call.CauseNormal)
		r.shutdown()
		recs := r.recs.All()
		if len(recs) != 1 {
			t.Fatalf("%d call records; want 1", len(recs))
		}
		if rec := recs[0]; rec.Destination != "sip/103" || rec.Source != "sip/101" || rec.Cause != "normal" {
			t.Errorf("record %s -> %s, %s; want sip/101 -> sip/103, normal", rec.Source, rec.Destination, rec.Cause)
		}
	})
}

func TestBridgeRefusesForeignLeg(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errs := make(chan error, 1)
		r := newRig(t, func(ctx context.Context, c call.Control) {
			_, err := c.Bridge(ctx, calltest.NewLeg("sip/999", call.Party{}))
			errs <- err
		}, nil)
		r.call("101", "102")
		if err := recv(t, errs); err != call.ErrNotInCall {
			t.Errorf("Bridge(foreign leg) = %v; want ErrNotInCall", err)
		}
		r.shutdown()
	})
}
