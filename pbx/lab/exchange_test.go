package lab

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/pbx/dsp"
)

// fxoDev brings up the real FXO driver on slot and records its events.
type fxoDev struct {
	*fxo.Dev
	mu     sync.Mutex
	events []fxo.EventKind
}

func (r *rig) fxoDev(slot string) *fxoDev {
	r.t.Helper()
	c, err := r.w.SPI(r.module(slot))
	if err != nil {
		r.t.Fatal(err)
	}
	d, err := fxo.New(c, nil)
	if err != nil {
		r.t.Fatalf("fxo.New(%s): %v", slot, err)
	}
	fd := &fxoDev{Dev: d}
	go d.Run(r.ctx)
	go func() {
		for {
			select {
			case e := <-d.Events():
				fd.mu.Lock()
				fd.events = append(fd.events, e.Kind)
				fd.mu.Unlock()
			case <-r.ctx.Done():
				return
			}
		}
	}()
	return fd
}

func (d *fxoDev) count(k fxo.EventKind) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, e := range d.events {
		if e == k {
			n++
		}
	}
	return n
}

func TestExchangeRingsWithCallerID(t *testing.T) {
	tests := []struct {
		format, want string
		reversal     bool
	}{
		{CLIPFSK, "fsk:+74951234567:Office", false},
		{CLIPDTMF, "dtmf:74951234567", true},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, nil)
				d := r.fxoDev("fxo1")
				bx := r.newBox("fxo1")
				x, _ := r.lab.Exchange("fxo1")
				name := "Office"
				if tc.format == CLIPDTMF {
					name = ""
				}
				if err := x.Ring(RingRequest{CallerID: "+74951234567", Name: name, Format: tc.format}); err != nil {
					t.Fatal(err)
				}
				if s := x.State(); !s.Ringing || s.State != "alerting" || s.CallerID == nil {
					t.Errorf("state %+v; want alerting with a caller ID", s)
				}
				waitFor(t, 8*time.Second, "caller ID at the box", func() bool { _, cid, _, _ := bx.get(); return len(cid) > 0 })
				if _, cid, _, _ := bx.get(); cid[0] != tc.want {
					t.Errorf("box decoded %q; want %q", cid, tc.want)
				}
				waitFor(t, 12*time.Second, "two rings", func() bool { return d.count(fxo.Ring) >= 2 })
				if got := d.count(fxo.Reversal) > 0; got != tc.reversal {
					t.Errorf("driver saw a reversal: %v; want %v", got, tc.reversal)
				}
				if err := d.Seize(); err != nil {
					t.Fatal(err)
				}
				waitFor(t, time.Second, "talking", func() bool { return x.State().State == "talking" })
				if err := x.Tone(ToneRequest{Hz: 1000, DBm0: -10}); err != nil {
					t.Fatal(err)
				}
				waitFor(t, time.Second, "remote tone at the box", func() bool { _, _, _, l := bx.get(); return l > -10.2 && l < -9.8 })
				d.Release()
				waitFor(t, time.Second, "idle", func() bool { return x.State().State == "idle" })
			})
		})
	}
}

func TestExchangeOutgoingCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, &Opts{AnswerAfter: 2 * time.Second, AnswerReversal: true, DigitTimeout: time.Second})
		d := r.fxoDev("fxo2")
		bx := r.newBox("fxo2")
		x, _ := r.lab.Exchange("fxo2")
		if err := d.Seize(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 3*time.Second, "dial tone at the box", func() bool { _, _, h, _ := bx.get(); return h == dsp.CPDial })
		bx.send(dtmfPCM("84951234567"))
		waitFor(t, 4*time.Second, "number complete", func() bool { return x.State().State == "ringback" })
		if s := x.State(); s.Dialled != "84951234567" {
			t.Errorf("dialled %q; want 84951234567", s.Dialled)
		}
		waitFor(t, 4*time.Second, "ringback at the box", func() bool { _, _, h, _ := bx.get(); return h == dsp.CPRingback || x.State().State == "talking" })
		waitFor(t, 3*time.Second, "answer", func() bool { return x.State().State == "talking" })
		waitFor(t, time.Second, "answer reversal", func() bool { return d.count(fxo.Reversal) == 1 })

		// The remote party hangs up with busy tone only.
		if err := x.Hangup(HangupBusy); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 3*time.Second, "busy at the box", func() bool { _, _, h, _ := bx.get(); return h == dsp.CPBusy })
		if n := d.count(fxo.Reversal); n != 1 {
			t.Errorf("%d reversals; a busy-tone clear-down has none after the answer", n)
		}
		d.Release()
		waitFor(t, time.Second, "idle", func() bool { return x.State().State == "idle" && !x.State().Reversed })
	})
}

func TestExchangeClearDownAndLineDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, &Opts{AnswerAfter: -1, DigitTimeout: 500 * time.Millisecond})
		d := r.fxoDev("fxo1")
		bx := r.newBox("fxo1")
		x, _ := r.lab.Exchange("fxo1")
		d.Seize()
		bx.send(dtmfPCM("1"))
		waitFor(t, 3*time.Second, "ringback", func() bool { return x.State().State == "ringback" })
		time.Sleep(5 * time.Second)
		if s := x.State().State; s != "ringback" {
			t.Fatalf("state %s; with answer_after_ms -1 the remote answers only when told", s)
		}
		if err := x.Answer(nil); err != nil {
			t.Fatal(err)
		}
		if err := x.Hangup(HangupDrop); err != nil {
			t.Fatal(err)
		}
		// The driver reports line conditions on-hook only; off-hook the
		// channel sees the loop current drop.
		loop := func() float64 { mA, _ := d.LoopCurrent(); return mA }
		waitFor(t, time.Second, "loop current drop", func() bool { return loop() < 1 })
		waitFor(t, 2*time.Second, "loop current back", func() bool { return loop() > 10 })
		d.Release()
		waitFor(t, time.Second, "idle", func() bool { return x.State().State == "idle" })

		x.SetPresent(false)
		waitFor(t, time.Second, "line down", func() bool { return d.count(fxo.LineDown) == 1 })
		if s := x.State(); s.State != "down" || s.Present {
			t.Errorf("state %+v; want down", s)
		}
		if err := x.Ring(RingRequest{CallerID: "1"}); err == nil {
			t.Error("Ring on a dead line succeeded")
		}
		x.SetPresent(true)
		if s := x.State().State; s != "idle" {
			t.Errorf("state %s after the line came back; want idle", s)
		}
	})
}

func TestClipSequenceRefuses(t *testing.T) {
	plan, _ := dsp.BuiltinPlan("RU")
	tests := []struct {
		r     RingRequest
		field string
	}{
		{RingRequest{CallerID: "12a"}, "caller_id"},
		{RingRequest{CallerID: "+"}, "caller_id"},
		{RingRequest{CallerID: "1", Format: "morse"}, "format"},
		{RingRequest{CallerID: "1", Name: "Bob", Format: CLIPDTMF}, "name"},
	}
	for _, tc := range tests {
		_, err := clipSequence(tc.r, &plan, time.Now())
		le, ok := err.(*Error)
		if !ok || le.Field != tc.field {
			t.Errorf("clipSequence(%+v) = %v; want an error about %s", tc.r, err, tc.field)
		}
	}
	if s, err := clipSequence(RingRequest{Format: CLIPNone}, &plan, time.Now()); s != nil || err != nil {
		t.Errorf("clipSequence(none) = %v, %v; want no sequence", s, err)
	}
}
