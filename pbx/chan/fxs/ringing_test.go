package fxs

import (
	"errors"
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// TestInboundCallerID rings a port from Alice (101) with each caller ID
// setting: the phone decodes it, rings with its country's cadence, and the
// line is reversed for the data when the sequence asks.
func TestInboundCallerID(t *testing.T) {
	tests := []struct {
		callerID string
		country  string
		on, off  time.Duration // the country's ring cadence
		reversal bool
		dtmf     bool
	}{
		{store.CallerIDETSIBeforeRing, "RU", time.Second, 4 * time.Second, true, false},
		{store.CallerIDETSIAfterRing, "RU", time.Second, 4 * time.Second, false, false},
		{store.CallerIDBell202, "US", 2 * time.Second, 4 * time.Second, false, false},
		{store.CallerIDDTMF, "RU", time.Second, 4 * time.Second, true, true},
		{store.CallerIDOff, "RU", time.Second, 4 * time.Second, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.callerID, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: {ext: "102", callerID: tc.callerID, country: tc.country}}, nil)
				l := r.lines[2]
				leg, err := r.ch.Dial(t.Context(), "102", call.Party{Number: "101"})
				if err != nil {
					t.Fatal(err)
				}
				ev := logEvents(leg)
				time.Sleep(16 * time.Second)
				if !ev.has(call.EventProgress) {
					t.Errorf("events %v; want progress", ev.kinds())
				}
				if leg.Channel() != "fxs/2" || leg.Remote() != (call.Party{Number: "102", Name: "Bob"}) {
					t.Errorf("leg %s to %+v; want fxs/2 to 102 Bob", leg.Channel(), leg.Remote())
				}
				switch {
				case tc.callerID == store.CallerIDOff:
					if got := l.ear.callerIDs(); len(got) != 0 {
						t.Errorf("caller ID %+v sent on a port without caller ID", got)
					}
				case tc.dtmf:
					got := l.ear.dtmfCallerIDs()
					if len(got) != 1 || got[0].Number != "101" {
						t.Errorf("DTMF caller ID %+v; want 101 once", got)
					}
				default:
					got := l.ear.callerIDs()
					if len(got) != 1 || got[0].Number != "101" || got[0].Name != "Alice" || len(got[0].Time) != 8 {
						t.Errorf("caller ID %+v; want 101 Alice with the time, once", got)
					}
				}
				if revs := l.phone.Reversals(); (len(revs) > 0) != tc.reversal || len(revs)%2 != 0 {
					t.Errorf("polarity reversals at %v; want reversal %v, back to normal", revs, tc.reversal)
				}
				checkCadence(t, l.phone.RingLog(), tc.on, tc.off, 3)
				leg.Hangup(t.Context(), call.CauseNormal)
				<-ev.done
				if l.phone.Ringing() || r.ch.Status()[1].State != "idle" {
					t.Errorf("still ringing after Hangup")
				}
			})
		})
	}
}

// checkCadence checks that log has at least n rings of on with off
// between them, within a frame time.
func checkCadence(t *testing.T, log []sim.RingSegment, on, off time.Duration, n int) {
	t.Helper()
	near := func(got, want time.Duration) bool { return (got - want).Abs() <= 25*time.Millisecond }
	rings := 0
	for i, s := range log {
		if s.Duration == 0 {
			break // the segment still going
		}
		want := off
		if s.On {
			want = on
			rings++
		}
		if !near(s.Duration, want) {
			t.Errorf("ring segment %d (on %v) lasted %v; want %v (log %+v)", i, s.On, s.Duration, want, log)
			return
		}
	}
	if rings < n {
		t.Errorf("%d complete rings; want at least %d (log %+v)", rings, n, log)
	}
}

func TestDialErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: {}}, nil)
		r.lines[1].phone.OffHook()
		time.Sleep(time.Second)
		tests := []struct {
			address string
			want    call.Cause
		}{
			{"101", call.CauseBusy},
			{"port/1", call.CauseBusy},
			{"port/2", 0},
			{"port/3", call.CauseUnavailable},
			{"port/x", call.CauseUnavailable},
			{"999", call.CauseUnavailable},
		}
		for _, tc := range tests {
			leg, err := r.ch.Dial(t.Context(), tc.address, call.Party{})
			var cause call.Cause
			errors.As(err, &cause)
			if cause != tc.want {
				t.Errorf("Dial(%q) = %v; want cause %v", tc.address, err, tc.want)
			}
			if leg != nil {
				leg.Hangup(t.Context(), call.CauseNormal)
			}
		}
	})
}

// TestCallBetweenPorts is the first end-to-end flow on the channel alone:
// port 1 dials 102, port 2 rings with caller ID and answers, a 1 kHz tone
// crosses both ways at its level, port 2 hangs up and port 1 hears busy.
func TestCallBetweenPorts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: {ext: "102", callerID: store.CallerIDETSIBeforeRing}}, nil)
		a, b := r.lines[1], r.lines[2]
		r.offHookDialTone(1, "RU")
		a.ear.dial("102")
		waitFor(t, "port 2 to ring", 5*time.Second, b.phone.Ringing)
		if got := b.ear.callerIDs(); len(got) != 1 || got[0].Number != "101" || got[0].Name != "Alice" {
			t.Errorf("port 2 shows caller ID %+v; want 101 Alice", got)
		}
		b.phone.OffHook()
		waitFor(t, "the bridge", 5*time.Second, func() bool { return len(r.sw.Active()) == 1 && r.sw.Active()[0].Peer == "fxs/2" })
		if st := r.ch.Status(); st[0].State != "in call" || st[1].State != "in call" {
			t.Errorf("Status = %+v; want both in call", st)
		}

		const level = -10.0
		for _, dir := range []struct {
			name          string
			mouth, others *line
		}{{"1 to 2", a, b}, {"2 to 1", b, a}} {
			dir.mouth.ear.speak(1000, level)
			time.Sleep(2 * time.Second)
			got := dir.others.ear.level(50)
			if math.Abs(got-level) > 1 {
				t.Errorf("%s: 1 kHz at %.1f dBm0 arrives at %.2f dBm0; want within 1 dB", dir.name, level, got)
			}
			if lv := dir.others.ear.powerAt(1000); math.Abs(lv-level) > 1 {
				t.Errorf("%s: the 1 kHz component arrives at %.2f dBm0; want within 1 dB of %.1f", dir.name, lv, level)
			}
			dir.mouth.ear.speak(0, 0)
		}

		b.phone.OnHook()
		waitFor(t, "busy tone on port 1", 5*time.Second, func() bool { return a.ear.tone("RU") == dsp.CPBusy })
		a.phone.OnHook()
		waitFor(t, "both idle", 5*time.Second, func() bool {
			st := r.ch.Status()
			return st[0].State == "idle" && st[1].State == "idle" && len(r.sw.Active()) == 0
		})
	})
}
