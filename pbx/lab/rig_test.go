package lab

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/dsp"
)

// rig is the sim board's world with a running lab. Build it inside a
// testing/synctest bubble.
type rig struct {
	t   *testing.T
	b   *hal.BoardProfile
	w   *sim.World
	lab *Lab
	ctx context.Context
}

func newRig(t *testing.T, o *Opts) *rig {
	t.Helper()
	b, err := hal.Board("sim")
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(w, o)
	if err != nil {
		w.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v; want context.Canceled", err)
		}
		l.Close()
		w.Close()
	})
	return &rig{t: t, b: b, w: w, lab: l, ctx: ctx}
}

// module returns the board's module in slot.
func (r *rig) module(slot string) hal.Module {
	for _, m := range r.b.Modules {
		if m.Slot == slot {
			return m
		}
	}
	r.t.Fatalf("no module %s", slot)
	return hal.Module{}
}

// waitFor polls cond every 20 ms until it holds or within passes.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(hal.FrameDuration)
	}
}

// box is the box's side of a module's audio, as a channel driver would
// use it: it plays what it is given and listens for DTMF and call progress
// tones.
type box struct {
	mu     sync.Mutex
	tone   *dsp.ToneGen
	burst  []int16
	dtmf   *dsp.DTMFDetector
	cp     *dsp.CallProgressDetector
	fsk    *dsp.CallerIDReceiver
	dclip  *dsp.DTMFCLIPReceiver
	faxDet *dsp.FaxToneDetector
	fax    []dsp.FaxTone // fax tones heard, at their start
	digits []byte
	cid    []string
	heard  dsp.CPTone
	level  float64
}

// newBox starts the box side of m's audio until the test ends.
func (r *rig) newBox(slot string) *box {
	r.t.Helper()
	s, err := r.w.PCM(r.module(slot))
	if err != nil {
		r.t.Fatal(err)
	}
	plan, _ := dsp.BuiltinPlan("RU")
	d, _ := dsp.NewDTMFDetector(nil)
	cp, _ := dsp.NewCallProgressDetector(&plan, nil)
	fd, _ := dsp.NewFaxToneDetector(nil)
	bx := &box{dtmf: d, cp: cp, faxDet: fd, fsk: dsp.NewCallerIDReceiver(), dclip: dsp.NewDTMFCLIPReceiver()}
	go func() {
		var in, out hal.Frame
		var evs []dsp.DTMFEvent
		var faxEvs []dsp.FaxToneEvent
		for r.ctx.Err() == nil {
			if s.ReadFrame(&in) != nil {
				return
			}
			bx.mu.Lock()
			evs = bx.dtmf.Process(in[:], evs[:0])
			for _, e := range evs {
				if !e.End {
					bx.digits = append(bx.digits, e.Digit)
				}
			}
			faxEvs = bx.faxDet.Process(in[:], faxEvs[:0])
			for _, e := range faxEvs {
				if !e.End {
					bx.fax = append(bx.fax, e.Tone)
				}
			}
			bx.cp.Process(in[:], nil)
			bx.heard = bx.cp.Tone()
			bx.level = dsp.PowerDBm0(in[:])
			if m, ok, _ := bx.fsk.Process(in[:]); ok {
				bx.cid = append(bx.cid, "fsk:"+m.Number+":"+m.Name)
			}
			if m, ok, _ := bx.dclip.Process(in[:]); ok {
				bx.cid = append(bx.cid, "dtmf:"+m.Number)
			}
			out = hal.Frame{}
			if n := copy(out[:], bx.burst); n > 0 {
				bx.burst = bx.burst[n:]
			} else if bx.tone != nil {
				bx.tone.Generate(out[:])
			}
			bx.mu.Unlock()
			s.WriteFrame(&out)
		}
	}()
	return bx
}

// play makes the box play t (nil: silence).
func (b *box) play(t *dsp.Tone) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tone = nil
	if t != nil {
		b.tone, _ = dsp.NewToneGen(*t)
	}
}

// send makes the box send pcm once, before any tone.
func (b *box) send(pcm []int16) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.burst = append(b.burst, pcm...)
}

func (b *box) get() (digits string, cid []string, heard dsp.CPTone, level float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.digits), append([]string(nil), b.cid...), b.heard, b.level
}

// dtmfPCM returns digits as a telephone dials them, with a frame of
// silence after.
func dtmfPCM(digits string) []int16 {
	g, _ := dsp.NewDTMFGen(nil)
	g.Send(digits)
	pcm := make([]int16, len(digits)*1280+hal.FrameSamples)
	g.Generate(pcm)
	return pcm
}

// faxTones returns the fax tones the box heard.
func (b *box) faxTones() []dsp.FaxTone {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]dsp.FaxTone(nil), b.fax...)
}
