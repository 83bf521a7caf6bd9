package call_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// heardTap keeps what a tap heard, by side.
type heardTap struct {
	mu             sync.Mutex
	caller, callee []call.Frame
}

func (h *heardTap) Tapped(caller bool, f *call.Frame) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if caller {
		h.caller = append(h.caller, *f)
	} else {
		h.callee = append(h.callee, *f)
	}
}

func (h *heardTap) frames() (caller, callee []call.Frame) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]call.Frame(nil), h.caller...), append([]call.Frame(nil), h.callee...)
}

// TestTapHearsBothSides: a tapped bridge of two legs that could be relayed
// is pumped instead, the tap hears each side's frames as that side's, and
// the frames still reach the other side. Without a tap the same legs are
// relayed.
func TestTapHearsBothSides(t *testing.T) {
	for _, tapped := range []bool{true, false} {
		name := map[bool]string{true: "tapped", false: "untapped"}[tapped]
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tap := &heardTap{}
				r := newRig(t, func(ctx context.Context, c call.Control) {
					leg, err := c.Ring(ctx, []call.Target{sip("102")}, 30*time.Second)
					if err != nil {
						return
					}
					if tapped {
						c.(call.Tapper).SetTap(tap)
					}
					c.Bridge(ctx, leg)
				}, map[string]calltest.Phone{"102": {Media: calltest.Relay}})
				a := newCaller("101", calltest.Relay)
				r.sw.Incoming(a, "102")
				time.Sleep(time.Second)
				b := r.sip.Last("102")
				if b == nil || !b.State().Answered {
					t.Fatal("102 was not dialled and answered")
				}
				hello, bye := calltest.Tone(1000), calltest.Tone(-2000)
				a.Says(hello)
				b.Says(bye)
				time.Sleep(100 * time.Millisecond)
				if !contains(b.Heard(), hello) || !contains(a.Heard(), bye) {
					t.Errorf("the frames did not cross the bridge")
				}
				relayed := a.Audio().(*calltest.RelayAudio).Relays() > 0
				if relayed == tapped {
					t.Errorf("relayed = %v; want %v", relayed, !tapped)
				}
				fromCaller, fromCallee := tap.frames()
				if tapped {
					if !contains(fromCaller, hello) || contains(fromCaller, bye) {
						t.Errorf("the tap's caller side lacks the caller's frame or has the callee's")
					}
					if !contains(fromCallee, bye) || contains(fromCallee, hello) {
						t.Errorf("the tap's callee side lacks the callee's frame or has the caller's")
					}
				} else if len(fromCaller)+len(fromCallee) != 0 {
					t.Errorf("an unset tap heard %d frames", len(fromCaller)+len(fromCallee))
				}
				b.HangsUp(call.CauseNormal)
				synctest.Wait()
				r.shutdown()
			})
		})
	}
}

// TestTapFollowsTheCallerThroughJoins: in a tapped call, 102 flashes,
// consults 103 (a join of 102 and 103, which is not the caller's and is
// not tapped) and hangs up: the caller is joined to 103 (attended), and
// that join is tapped, each side as its own, with the caller's frames on
// the caller's side whichever leg Join is given first.
func TestTapFollowsTheCallerThroughJoins(t *testing.T) {
	for _, callerFirst := range []bool{true, false} {
		t.Run(map[bool]string{true: "caller first", false: "caller second"}[callerFirst], func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tap := &heardTap{}
				consulting := make(chan struct{})
				r := newRig(t, func(ctx context.Context, c call.Control) {
					tr := c.(call.Transferrer)
					c.(call.Tapper).SetTap(tap)
					b, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
					if err != nil {
						return
					}
					if end, err := c.Bridge(ctx, b); err != nil || end.Event.Kind != call.EventFlash {
						return
					}
					ctx = context.WithoutCancel(ctx)
					k, err := tr.Consult(ctx, b.Remote(), []call.Target{sip("103")}, time.Minute)
					if err != nil {
						return
					}
					third, _, err := k.Wait(ctx, b)
					if err != nil || third == nil {
						return
					}
					close(consulting)
					if ev, err := tr.Join(ctx, b, third); err != nil || ev.Leg != b {
						return
					}
					a := tr.CallerLeg()
					if callerFirst {
						tr.Join(ctx, a, third)
					} else {
						tr.Join(ctx, third, a)
					}
				}, map[string]calltest.Phone{"102": {}, "103": {}})
				a := r.call("200", "102")
				time.Sleep(time.Second)
				b := r.sip.Last("102")
				b.Flashes()
				recv(t, consulting)
				c := r.sip.Last("103")
				private := calltest.Tone(777)
				b.Says(private)
				c.Says(private)
				time.Sleep(200 * time.Millisecond)
				fromCaller, fromCallee := tap.frames()
				if contains(fromCaller, private) || contains(fromCallee, private) {
					t.Errorf("the tap heard the consultation between 102 and 103")
				}
				b.HangsUp(call.CauseNormal)
				time.Sleep(200 * time.Millisecond)
				hello, bye := calltest.Tone(1000), calltest.Tone(-2000)
				a.Says(hello)
				c.Says(bye)
				time.Sleep(200 * time.Millisecond)
				if !contains(c.Heard(), hello) || !contains(a.Heard(), bye) {
					t.Fatalf("the caller and 103 were not joined")
				}
				fromCaller, fromCallee = tap.frames()
				if !contains(fromCaller, hello) || contains(fromCaller, bye) {
					t.Errorf("the tap's caller side lacks the caller's frame in the join, or has 103's")
				}
				if !contains(fromCallee, bye) || contains(fromCallee, hello) {
					t.Errorf("the tap's other side lacks 103's frame in the join, or has the caller's")
				}
				c.HangsUp(call.CauseNormal)
				r.shutdown()
			})
		})
	}
}
