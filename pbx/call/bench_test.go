package call_test

import (
	"context"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// discard is a call record store that keeps nothing.
type discard struct{}

func (discard) Create(context.Context, *store.CallRecord) error { return nil }

// BenchmarkCall measures one whole call through the switch with fakes: the
// caller comes in, the handler rings one target, which answers at once,
// bridges them (relayed media, so no pump), the caller hangs up, both legs
// are hung up and the call record is built. The fakes' own allocations are
// included; BenchmarkCallNoRing shows the switch alone.
func BenchmarkCall(b *testing.B) {
	d := calltest.NewDialer("sip", map[string]calltest.Phone{"102": {Media: calltest.Relay}})
	sw := call.New(call.Options{
		Dialers: map[string]call.Dialer{"sip": d},
		Handler: func(ctx context.Context, c call.Control) {
			leg, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
			if err == nil {
				c.Bridge(ctx, leg)
			}
		},
		Records: discard{},
		Logger:  quietLogger(),
	})
	events, cancel := sw.Subscribe()
	defer cancel()
	party := call.Party{Number: "101"}
	b.ReportAllocs()
	for b.Loop() {
		caller := calltest.NewRelayLeg("sip/101", party, false)
		sw.Incoming(caller, "102")
		for e := range events {
			if e.Kind == call.CallBridged {
				break
			}
		}
		caller.HangsUp(call.CauseNormal)
		for e := range events {
			if e.Kind == call.CallEnded {
				break
			}
		}
		d.Forget()
	}
	b.StopTimer()
	sw.Shutdown(context.Background())
}

// BenchmarkCallNoRing measures the switch's fixed cost of a call: take the
// leg, run a handler that answers and hangs up, build the record, end.
func BenchmarkCallNoRing(b *testing.B) {
	sw := call.New(call.Options{
		Handler: func(ctx context.Context, c call.Control) {
			c.Answer(ctx)
			c.Hangup(ctx, call.CauseNormal)
		},
		Records: discard{},
		Logger:  quietLogger(),
	})
	events, cancel := sw.Subscribe()
	defer cancel()
	party := call.Party{Number: "101"}
	b.ReportAllocs()
	for b.Loop() {
		sw.Incoming(calltest.NewRelayLeg("sip/101", party, false), "102")
		for e := range events {
			if e.Kind == call.CallEnded {
				break
			}
		}
	}
	b.StopTimer()
	sw.Shutdown(context.Background())
}
