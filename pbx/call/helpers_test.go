package call_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// rig is a switch with fake SIP, FXS and trunk dialers and an in-memory
// call record store.
type rig struct {
	t     *testing.T
	sw    *call.Switch
	sip   *calltest.Dialer
	fxs   *calltest.Dialer
	trunk *calltest.Dialer
	recs  *calltest.Records
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newRig returns a rig whose calls run handler; phones are SIP extensions.
func newRig(t *testing.T, handler func(context.Context, call.Control), phones map[string]calltest.Phone) *rig {
	r := &rig{
		t:     t,
		sip:   calltest.NewDialer("sip", phones),
		fxs:   calltest.NewDialer("fxs", nil),
		trunk: calltest.NewDialer("trunk", nil),
		recs:  &calltest.Records{},
	}
	r.sw = call.New(call.Options{
		Dialers: map[string]call.Dialer{"sip": r.sip, "fxs": r.fxs, "trunk": r.trunk},
		Handler: handler,
		Records: r.recs,
		Logger:  quietLogger(),
	})
	t.Cleanup(func() { // also after a failed test, so that its goroutines end
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		r.sw.Shutdown(ctx)
	})
	return r
}

// call makes a call from the SIP extension from to the number to.
func (r *rig) call(from, to string) *calltest.Leg {
	caller := calltest.NewLeg("sip/"+from, call.Party{Number: from, Name: "Ext " + from})
	r.sw.Incoming(caller, to)
	return caller
}

// shutdown ends every call and checks that the switch stopped cleanly.
// It must run in a synctest bubble.
func (r *rig) shutdown() {
	r.t.Helper()
	time.Sleep(100 * time.Millisecond) // let what the test did last take effect:
	synctest.Wait()                    // a bridge's pump stops within a frame
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := r.sw.Shutdown(ctx); err != nil {
		r.t.Fatalf("Shutdown: %v", err)
	}
}

func sip(n string) call.Target { return call.Target{Kind: "sip", Address: n} }

// ringAndBridge is the simplest handler: ring targets for 30 s, bridge the
// answer, hang up with the ring's cause when nobody answers.
func ringAndBridge(targets ...call.Target) func(context.Context, call.Control) {
	return func(ctx context.Context, c call.Control) {
		leg, err := c.Ring(ctx, targets, 30*time.Second)
		var cause call.Cause
		switch {
		case errors.As(err, &cause):
			c.Hangup(ctx, cause)
			return
		case err != nil:
			return
		}
		c.Bridge(ctx, leg)
	}
}

// causeOf returns the Cause in err, or 0.
func causeOf(err error) call.Cause {
	var c call.Cause
	errors.As(err, &c)
	return c
}

// contains reports whether frames holds f.
func contains(frames []call.Frame, f call.Frame) bool {
	for _, g := range frames {
		if g == f {
			return true
		}
	}
	return false
}

// bridgeTo102 is a handler that rings 102 and bridges the caller to it
// again and again, sending each end of the bridge on ends, until one ends
// with a hang-up.
func bridgeTo102(t *testing.T, ends chan<- call.BridgeEnd) func(context.Context, call.Control) {
	return func(ctx context.Context, c call.Control) {
		leg, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
		if err != nil {
			t.Errorf("Ring: %v", err)
			return
		}
		for {
			end, err := c.Bridge(ctx, leg)
			if err != nil {
				return
			}
			ends <- end
			if end.Event.Kind == call.EventHangup {
				return
			}
		}
	}
}

// digitsCrossThenFlash checks that digits pressed on a bridged caller a
// and callee b reach the other, and that a's flash ends the bridge.
func digitsCrossThenFlash(t *testing.T, a, b *calltest.Leg, ends <-chan call.BridgeEnd) {
	t.Helper()
	b.Presses("5#")
	a.Presses("1")
	synctest.Wait()
	if got := a.State().SentDigits; got != "5#" {
		t.Errorf("caller was sent %q; want 5#", got)
	}
	if got := b.State().SentDigits; got != "1" {
		t.Errorf("callee was sent %q; want 1", got)
	}
	a.Flashes()
	if end := recv(t, ends); !end.ByCaller || end.Event.Kind != call.EventFlash {
		t.Errorf("after a flash: %+v; want the caller's flash", end)
	}
}

// recv receives from ch, failing the test when nothing comes within an
// hour of the bubble's fake time (a stuck test fails fast instead of
// spinning the fake clock until the test binary times out).
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Hour):
		t.Fatalf("nothing received in an hour")
		panic("unreachable")
	}
}
