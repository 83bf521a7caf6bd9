package fxs

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Tones of the call waiting tests: each phone speaks its own frequency,
// and the held party hears holdHz.
const (
	cwHz     = 425 // the Russian call waiting tone
	holdHz   = 600
	speechDB = -10.0
)

var holdMusic = dsp.Tone{Hz: []float64{holdHz}, DBm0: -16}

// hearsTone says whether line l heard hz at about speechDB (within 3 dB)
// or the hold music, over the last second.
func hearsTone(l *line, hz float64) bool { return l.ear.powerAt(hz) > -20 }

// waitingRig is a box where 101 (port 1) talks to 102 (port 2) and 103
// (port 3) calls 101, which hears the call waiting tone. Each phone
// speaks: port 2 at 1000 Hz, port 3 at 1400 Hz.
func waitingRig(t *testing.T) *rig {
	t.Helper()
	r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: {ext: "102"}, 3: {ext: "103"}}, &Opts{HoldMusic: &holdMusic})
	a, b, c := r.lines[1], r.lines[2], r.lines[3]
	r.offHookDialTone(1, "RU")
	a.ear.dial("102")
	waitFor(t, "port 2 to ring", 5*time.Second, b.phone.Ringing)
	b.phone.OffHook()
	waitFor(t, "the first bridge", 5*time.Second, func() bool { return len(r.sw.Active()) == 1 && r.sw.Active()[0].Peer == "fxs/2" })
	b.ear.speak(1000, speechDB)
	r.offHookDialTone(3, "RU")
	c.ear.dial("101")
	waitFor(t, "port 3 to hear ringback", 15*time.Second, func() bool { return c.ear.tone("RU") == dsp.CPRingback })
	waitFor(t, "the call waiting tone on port 1", 7*time.Second, func() bool { return a.ear.powerAt(cwHz) > -30 })
	if got := b.ear.powerAt(cwHz); got > -50 {
		t.Errorf("port 2 (the far party) hears the call waiting tone at %.1f dBm0; want nothing", got)
	}
	if a.phone.Ringing() {
		t.Error("port 1 rings while off-hook; want the call waiting tone only")
	}
	c.ear.speak(1400, speechDB)
	return r
}

// flash gives a 300 ms hook flash on line n.
func (r *rig) flash(n int) {
	if err := r.lines[n].phone.Flash(context.Background(), 300*time.Millisecond); err != nil {
		r.t.Fatal(err)
	}
}

// talksTo waits until port 1 hears hz (the party it talks to) and the
// party whose phone speaks holdOf hears the hold music.
func (r *rig) talksTo(what string, hz float64, held int) {
	r.t.Helper()
	a := r.lines[1]
	waitFor(r.t, what, 5*time.Second, func() bool {
		return hearsTone(a, hz) && (held == 0 || hearsTone(r.lines[held], holdHz))
	})
}

// TestCallWaiting walks a port's call waiting: the tone, the flash that
// answers, toggling, the parties hanging up and the recall.
func TestCallWaiting(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, r *rig)
	}{
		{"flash answers and holds, flash toggles", func(t *testing.T, r *rig) {
			r.flash(1)
			r.talksTo("port 1 to talk to 103, 102 held", 1400, 2)
			if hearsTone(r.lines[3], 1000) {
				t.Error("port 3 hears port 2")
			}
			r.flash(1)
			r.talksTo("port 1 back to 102, 103 held", 1000, 3)
			r.flash(1)
			r.talksTo("port 1 to 103 again, 102 held", 1400, 2)
		}},
		{"the waiting caller gives up", func(t *testing.T, r *rig) {
			r.lines[3].phone.OnHook()
			waitFor(t, "the tone to stop", 12*time.Second, func() bool { return r.lines[1].ear.powerAt(cwHz) < -50 })
			r.talksTo("port 1 still with 102", 1000, 0)
		}},
		{"no answer within the ring timeout", func(t *testing.T, r *rig) {
			waitFor(t, "port 3 to hear busy", 70*time.Second, func() bool { return r.lines[3].ear.tone("RU") == dsp.CPBusy })
			waitFor(t, "the tone to stop", 12*time.Second, func() bool { return r.lines[1].ear.powerAt(cwHz) < -50 })
			r.talksTo("port 1 still with 102", 1000, 0)
		}},
		{"held party hangs up", func(t *testing.T, r *rig) {
			r.flash(1)
			r.talksTo("port 1 to talk to 103", 1400, 2)
			r.lines[2].phone.OnHook()
			waitFor(t, "one call left", 5*time.Second, func() bool { return len(r.sw.Active()) == 1 })
			r.flash(1) // one call: the flash goes to the switch again
			waitFor(t, "a flash event", 5*time.Second, func() bool { return r.bridgeEnded(call.EventFlash) })
			r.talksTo("port 1 still with 103", 1400, 0)
		}},
		{"talking party hangs up, flash takes the held one", func(t *testing.T, r *rig) {
			r.flash(1)
			r.talksTo("port 1 to talk to 103", 1400, 2)
			r.lines[3].phone.OnHook()
			waitFor(t, "busy tone on port 1", 5*time.Second, func() bool { return r.lines[1].ear.tone("RU") == dsp.CPBusy })
			r.flash(1)
			r.talksTo("port 1 back to 102", 1000, 0)
		}},
		{"hang-up with a call waiting rings it", func(t *testing.T, r *rig) {
			r.lines[1].phone.OnHook()
			waitFor(t, "port 1 to ring", 5*time.Second, r.lines[1].phone.Ringing)
			r.lines[1].phone.OffHook()
			r.talksTo("port 1 to talk to 103", 1400, 0)
		}},
		{"hang-up with a call on hold rings it back", func(t *testing.T, r *rig) {
			r.flash(1)
			r.talksTo("port 1 to talk to 103", 1400, 2)
			r.lines[1].phone.OnHook()
			waitFor(t, "port 1 to ring", 5*time.Second, r.lines[1].phone.Ringing)
			waitFor(t, "the music on port 2 while it rings", 5*time.Second, func() bool { return hearsTone(r.lines[2], holdHz) })
			r.lines[1].phone.OffHook()
			r.talksTo("port 1 back to 102", 1000, 0)
		}},
		{"a held call rung back and not answered", func(t *testing.T, r *rig) {
			r.flash(1)
			r.talksTo("port 1 to talk to 103", 1400, 2)
			r.lines[1].phone.OnHook()
			waitFor(t, "port 1 to ring", 5*time.Second, r.lines[1].phone.Ringing)
			waitFor(t, "port 2 to hear busy", DefaultOpts.RecallTime+5*time.Second, func() bool { return r.lines[2].ear.tone("RU") == dsp.CPBusy })
			waitFor(t, "port 1 to stop ringing", 5*time.Second, func() bool { return !r.lines[1].phone.Ringing() })
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				r := waitingRig(t)
				tc.run(t, r)
				if r.bridgeEnded(call.EventFlash) && tc.name != "held party hangs up" {
					t.Errorf("a flash reached the switch with two calls on the port")
				}
			})
		})
	}
}

// TestCallWaitingRefused: a fax port, a port with a call waiting already,
// and a port that is dialling stay busy.
func TestCallWaitingRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := waitingRig(t)
		if _, err := r.ch.Dial(t.Context(), "101", call.Party{Number: "104"}); err == nil {
			t.Error("Dial to a port with a call waiting = nil error; want call.CauseBusy")
		}
	})
}

// bridgeEnded says whether an event of kind ended a bridge of the rig's
// handler.
func (r *rig) bridgeEnded(kind call.EventKind) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ev := range r.events {
		if ev.Kind == kind {
			return true
		}
	}
	return false
}
