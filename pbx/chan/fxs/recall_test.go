package fxs

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// TestCollectNumber: in a call, CollectNumber gives the phone the second
// dial tone and takes what it dials as the matcher says, without passing
// the digits to the switch; a flash, the phone hanging up and the tone
// timeout end it as call.NumberCollector says.
func TestCollectNumber(t *testing.T) {
	tests := []struct {
		name   string
		act    func(l *line)
		want   string
		wantIs error
	}{
		{"extension by DTMF", func(l *line) { l.ear.dial("103") }, "103", nil},
		{"outside number with #", func(l *line) { l.ear.dial("9555#") }, "9555", nil},
		{"outside number on the inter-digit timeout", func(l *line) { l.ear.dial("9555") }, "9555", nil},
		{"invalid number at once", func(l *line) { l.ear.dial("0") }, "0", nil},
		{"flash", func(l *line) { l.phone.Flash(context.Background(), 300*time.Millisecond) }, "", call.ErrFlash},
		{"hang-up", func(l *line) { l.phone.OnHook() }, "", call.ErrLegEnded},
		{"nothing dialled", func(l *line) {}, "", call.ErrNoInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, map[int]portSpec{1: {ext: "101"}}, nil)
				l := r.lines[1]
				leg, ev := answeredLeg(t, r, 1)
				type result struct {
					number string
					err    error
				}
				done := make(chan result, 1)
				go func() {
					n, err := leg.(call.NumberCollector).CollectNumber(t.Context())
					done <- result{n, err}
				}()
				waitFor(t, "the second dial tone", 5*time.Second, func() bool { return l.ear.tone("RU") == dsp.CPDial })
				tc.act(l)
				var got result
				select {
				case got = <-done:
				case <-time.After(time.Minute):
					t.Fatal("CollectNumber did not return within a minute")
				}
				if got.number != tc.want || !errors.Is(got.err, tc.wantIs) {
					t.Fatalf("CollectNumber = %q, %v; want %q, %v", got.number, got.err, tc.want, tc.wantIs)
				}
				if tc.wantIs == call.ErrLegEnded {
					return
				}
				if ev.has(call.EventDigit) || ev.has(call.EventFlash) {
					t.Errorf("events %v went to the switch during the recall", ev.kinds())
				}
				time.Sleep(2 * time.Second)
				if tone := l.ear.tone("RU"); tone == dsp.CPDial {
					t.Errorf("the phone still hears dial tone after the recall")
				}
				// The call goes on: digits reach the switch again.
				l.ear.dial("5")
				waitFor(t, "a digit event", 2*time.Second, func() bool { return ev.has(call.EventDigit) })
				l.phone.OnHook()
			})
		})
	}
}

// TestCollectNumberRefused: a port not in a call cannot collect a number.
func TestCollectNumberRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}}, nil)
		leg, err := r.ch.Dial(t.Context(), "port/1", call.Party{Number: "102"})
		if err != nil {
			t.Fatal(err)
		}
		logEvents(leg)
		if _, err := leg.(call.NumberCollector).CollectNumber(t.Context()); err == nil {
			t.Error("CollectNumber on a ringing port = nil error; want one")
		}
		leg.Hangup(t.Context(), call.CauseNormal)
	})
}
