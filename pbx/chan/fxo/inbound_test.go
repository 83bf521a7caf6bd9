package fxo

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

func TestIncomingCallerID(t *testing.T) {
	tests := []struct {
		name string
		// alert rings the line and sends caller ID the way the exchange does.
		alert func(t *testing.T, r *rig)
		want  call.Party
		// offerBy is when the call must have reached the switch, from the
		// start of the first ring.
		offerBy time.Duration
	}{
		{"fsk after the first ring", func(t *testing.T, r *rig) {
			l := r.lines[0]
			l.pstn.Ring(25, ruRing)
			time.Sleep(1500 * time.Millisecond) // EN 300 659-1: data after the first ring's end
			r.noCall(0)
			if s := r.state(1); s != "alerting" {
				t.Errorf("state after the first ring = %s; want alerting", s)
			}
			l.ex.play(fskCallerID(t, "+74951234567"))
		}, call.Party{Number: "+74951234567"}, 3 * time.Second},
		{"dtmf before the first ring", func(t *testing.T, r *rig) {
			m := dsp.DTMFCallerID{Number: "74951234567"}
			digits, err := m.Digits(dsp.DTMFCLIPA)
			if err != nil {
				t.Fatal(err)
			}
			r.lines[0].ex.play(dtmfSamples(t, digits, &dsp.DefaultDTMFCLIPGenOpts))
			time.Sleep(2500 * time.Millisecond)
			r.lines[0].pstn.Ring(25, ruRing)
		}, call.Party{Number: "74951234567"}, 3 * time.Second},
		{"withheld number (fsk)", func(t *testing.T, r *rig) {
			l := r.lines[0]
			l.pstn.Ring(25, ruRing)
			time.Sleep(1500 * time.Millisecond)
			m := dsp.CallerID{NumberAbsent: 'P'}
			frame, _ := m.AppendMDMF(nil)
			o := dsp.DefaultFSKModOpts
			buf := make([]int16, dsp.FSKBurstLen(&o, len(frame)))
			n, _ := dsp.FSKModulate(buf, &o, frame)
			l.ex.play(buf[:n])
		}, call.Party{Restricted: true}, 3 * time.Second},
		{"no caller id: offered at the second ring", func(t *testing.T, r *rig) {
			r.lines[0].pstn.Ring(25, ruRing)
			time.Sleep(4 * time.Second)
			r.noCall(0)
		}, call.Party{}, 5500 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{})
				start := time.Now()
				tc.alert(t, r)
				c := r.call(10 * time.Second)
				if d := time.Since(start); d > tc.offerBy+tc.offerBy/2 {
					t.Errorf("offered %v after the alert began; want by about %v", d, tc.offerBy)
				}
				info := c.Info()
				if info.Caller != tc.want || info.Channel != "fxo/1" || info.Called != "8495000001" {
					t.Errorf("call = caller %+v, channel %q, called %q; want %+v, fxo/1, 8495000001", info.Caller, info.Channel, info.Called, tc.want)
				}
				if s := r.state(1); s != "offered" {
					t.Errorf("state = %s; want offered", s)
				}
				if r.lines[0].pstn.Seized() {
					t.Error("the line was seized before the switch answered")
				}
				c.Hangup(context.Background(), call.CauseNormal)
			})
		})
	}
}

// TestIncomingAnswerThenBusyTone is flow 2's FXO half: the caller ID
// reaches the switch, the answer seizes the line, and an exchange that
// only plays busy tone after the caller hung up gets the line back within
// 3 s of the tone starting.
func TestIncomingAnswerThenBusyTone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{})
		l := r.lines[0]
		c := r.incoming("+74951234567")
		if got := c.Info().Caller.Number; got != "+74951234567" {
			t.Fatalf("caller = %q; want +74951234567", got)
		}
		time.Sleep(2 * time.Second) // the switch lets it ring a while
		if l.pstn.Seized() {
			t.Fatal("seized before the answer")
		}
		if err := c.Answer(context.Background()); err != nil {
			t.Fatalf("Answer: %v", err)
		}
		if !l.pstn.Seized() || r.state(1) != "connected" {
			t.Fatalf("after Answer: seized %v, state %s; want seized, connected", l.pstn.Seized(), r.state(1))
		}
		seizures := l.pstn.Seizures()
		time.Sleep(10 * time.Second) // a conversation: no rings, no clear-down
		if !l.pstn.Seized() {
			t.Fatal("the line was released during the call")
		}
		busy := plan(t, "RU").Busy
		l.ex.setTone(t, busy)
		toneStart := time.Now()
		took := r.waitReleased(1, 3*time.Second)
		t.Logf("released %v after the busy tone started", took)
		e := r.callEnded(time.Second)
		if e.Cause != call.CauseNormal {
			t.Errorf("call ended with %v; want normal", e.Cause)
		}
		if d := time.Since(toneStart); d > 3*time.Second {
			t.Errorf("call ended %v after the busy tone started; want within 3 s", d)
		}
		if l.pstn.Seizures() != seizures {
			t.Errorf("seized %d times; want once", l.pstn.Seizures())
		}
		r.waitState(1, "guard", 0)
		r.waitState(1, "idle", 2*time.Second)
	})
}

// TestCallerGivesUp: the rings stop before the answer; the leg ends and
// the line is never seized.
func TestCallerGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{})
		l := r.lines[0]
		l.pstn.Ring(25, ruRing)
		c := r.call(7 * time.Second)
		_ = c
		l.pstn.StopRinging()
		stopped := time.Now()
		e := r.callEnded(10 * time.Second)
		if e.Cause != call.CauseNormal || e.Channel != "fxo/1" {
			t.Errorf("call ended with %v on %q; want normal on fxo/1", e.Cause, e.Channel)
		}
		if d := time.Since(stopped); d > DefaultOpts.RingGap+time.Second {
			t.Errorf("ended %v after the rings stopped; want within the ring gap", d)
		}
		if l.pstn.Seizures() != 0 {
			t.Error("the line was seized")
		}
		r.waitState(1, "idle", time.Second)
	})
}

// TestUnansweredRefusedRingsOut: the switch hangs up an unanswered call;
// the line is not seized and the next rings of the same call are not
// offered again.
func TestUnansweredRefusedRingsOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{})
		l := r.lines[0]
		l.pstn.Ring(25, ruRing)
		c := r.call(7 * time.Second)
		c.Hangup(context.Background(), call.CauseRejected)
		r.callEnded(3 * time.Second)
		r.waitState(1, "refused", time.Second)
		r.noCall(12 * time.Second)
		l.pstn.StopRinging()
		r.waitState(1, "idle", 8*time.Second)
		if l.pstn.Seizures() != 0 {
			t.Error("the line was seized")
		}
		// The next call is offered again.
		l.pstn.Ring(25, ruRing)
		r.call(7*time.Second).Hangup(context.Background(), call.CauseNormal)
	})
}

// TestCallerIDNotCarriedOver: a call that rings soon after an answered
// one, without caller ID of its own, is not offered with the earlier
// call's number (it waits for the second ring, as any call without caller
// ID before the first ring does).
func TestCallerIDNotCarriedOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{})
		l := r.lines[0]
		c := r.incoming("+74951234567")
		if err := c.Answer(context.Background()); err != nil {
			t.Fatalf("Answer: %v", err)
		}
		time.Sleep(time.Second)
		c.Hangup(context.Background(), call.CauseNormal)
		r.callEnded(time.Second)
		r.waitState(1, "idle", 3*time.Second)

		l.pstn.Ring(25, ruRing) // within callerIDHold of the first caller ID
		start := time.Now()
		c = r.call(10 * time.Second)
		if got := c.Info().Caller; got != (call.Party{}) {
			t.Errorf("second call's caller = %+v; want none (the first call's number was carried over)", got)
		}
		if d := time.Since(start); d < 4*time.Second {
			t.Errorf("second call offered %v after its first ring; want at the second ring", d)
		}
		c.Hangup(context.Background(), call.CauseNormal)
	})
}
