package fxo

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
)

type rig struct {
	line *sim.PSTNLine
	daa  *sim.DAA
	dev  *Dev
}

func newRig(t *testing.T, o *Opts) *rig {
	t.Helper()
	line := sim.NewPSTNLine(nil)
	daa := sim.NewDAA(nil, "", line)
	d, err := New(daa.Port().Conn(), o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	runDev(t, d, daa)
	return &rig{line: line, daa: daa, dev: d}
}

// runDev runs d until the test ends, then checks that Run stopped on the
// cancelled context and that daa saw no SPI framing errors.
func runDev(t *testing.T, d *Dev, daa *sim.DAA) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v; want context.Canceled", err)
		}
		if errs := daa.ProtocolErrors(); len(errs) > 0 {
			t.Errorf("SPI framing errors seen by the chip: %q", errs)
		}
	})
}

func (r *rig) events(d time.Duration) []Event {
	var evs []Event
	deadline := time.After(d)
	for {
		select {
		case e := <-r.dev.Events():
			evs = append(evs, e)
		case <-deadline:
			return evs
		}
	}
}

func only(evs []Event, k EventKind) []Event {
	var r []Event
	for _, e := range evs {
		if e.Kind == k {
			r = append(r, e)
		}
	}
	return r
}

func TestRingCadenceDetected(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		start := time.Now()
		r.line.Ring(25, []time.Duration{time.Second, 4 * time.Second})
		evs := r.events(12 * time.Second) // rings at 0, 5, 10 s
		rings := only(evs, Ring)
		if len(rings) != 3 || len(only(evs, RingStart)) != 3 || len(evs) != 6 {
			t.Fatalf("events = %v; want 3 ring-start and 3 ring", evs)
		}
		for i, e := range rings {
			if d := e.Duration - time.Second; d < -2*DefaultOpts.PollInterval || d > 2*DefaultOpts.PollInterval {
				t.Errorf("ring %d lasted %v; want 1 s", i, e.Duration)
			}
			if at := e.At.Sub(start); math.Abs(float64(at-time.Duration(i)*5*time.Second)) > float64(2*DefaultOpts.PollInterval) {
				t.Errorf("ring %d at +%v; want +%v", i, at, time.Duration(i)*5*time.Second)
			}
		}
	})
}

func TestFalseRingsRejected(t *testing.T) {
	tests := []struct {
		name string
		hz   float64
		d    time.Duration
	}{
		{"single 50 ms burst", 25, 50 * time.Millisecond},
		{"150 ms burst", 25, 150 * time.Millisecond},
		{"100 Hz for 1 s", 100, time.Second},
		{"10 Hz for 1 s", 10, time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, nil)
				r.line.Burst(tc.hz, tc.d)
				if evs := r.events(3 * time.Second); len(evs) != 0 {
					t.Errorf("%v at %g Hz: events %v; want none", tc.d, tc.hz, evs)
				}
			})
		})
	}
}

func TestSeizeAnswersAndMeasures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		if v, err := r.dev.LineVoltage(); err != nil || v != -48 {
			t.Errorf("on-hook LineVoltage = %v, %v; want -48", v, err)
		}
		r.line.Ring(25, []time.Duration{time.Second, 4 * time.Second})
		var e Event
		for e = range r.dev.Events() {
			if e.Kind == RingStart {
				break
			}
		}
		if err := r.dev.Seize(); err != nil {
			t.Fatal(err)
		}
		if !r.line.Seized() {
			t.Fatal("line not seized")
		}
		time.Sleep(6 * time.Second)
		if rings := only(r.events(time.Second), RingStart); len(rings) != 0 {
			t.Errorf("rang again after answering: %v", rings)
		}
		if i, err := r.dev.LoopCurrent(); err != nil || math.Abs(i-30) > 1.5 {
			t.Errorf("LoopCurrent = %.1f mA, %v; want about 30", i, err)
		}
		if v, _ := r.dev.LineVoltage(); v != -8 {
			t.Errorf("off-hook LineVoltage = %v; want -8", v)
		}
		// The far end answers an outgoing call or clears down: reversal.
		r.line.ReversePolarity()
		if evs := r.events(500 * time.Millisecond); len(evs) != 1 || evs[0].Kind != Reversal {
			t.Errorf("events after reversal = %v; want [reversal]", evs)
		}
		if got := r.daa.Reg(5); got != 0x01 {
			t.Errorf("off-hook reg 5 = 0x%02x; want OH only", got)
		}
		if err := r.dev.Release(); err != nil || r.line.Seized() {
			t.Errorf("Release = %v, seized %v", err, r.line.Seized())
		}
		if got := r.daa.Reg(5); got != 0x08 {
			t.Errorf("released reg 5 = 0x%02x; want ONHM, the line monitor for caller ID", got)
		}
	})
}

func TestLineMonitoring(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		steps := []struct {
			do   func()
			want []EventKind
		}{
			{func() { r.line.SetParallelPhone(true) }, []EventKind{LineInUse}},
			{func() { r.line.SetParallelPhone(false) }, []EventKind{LineIdle}},
			{func() { r.line.SetPresent(false) }, []EventKind{LineDown}},
			{func() { r.line.SetPresent(true) }, []EventKind{LineUp}},
			{func() { r.line.ReversePolarity() }, []EventKind{Reversal}},
		}
		for i, s := range steps {
			s.do()
			evs := r.events(time.Second)
			ok := len(evs) == len(s.want)
			for j := 0; ok && j < len(evs); j++ {
				ok = evs[j].Kind == s.want[j]
			}
			if !ok {
				t.Errorf("step %d: events %v; want %v", i, evs, s.want)
			}
		}
	})
}

func TestRingValidationRegisters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		line := sim.NewPSTNLine(nil)
		daa := sim.NewDAA(nil, "", line)
		if _, err := New(daa.Port().Conn(), &Opts{Country: "TBR21", Timeslot: 4}); err != nil {
			t.Fatal(err)
		}
		// 15..68 Hz: RAS = ceil(33.3 ms / 2 ms) = 17,
		// RMX = floor(17 - 7.35 ms / 2 ms) + 1 = 14.
		for _, c := range []struct{ reg, want byte }{
			{24, 0x80 | 17}, {22, 14}, {23, 2<<3 | 2},
			{30, 2}, {26, 0xc2}, {31, 0x28}, // TBR21 termination, FOH kept at 128 ms
			{34, 32}, {36, 32}, {33, 0x28}, // PCM slot 4
			{6, 0}, {5, 0x08}, // on-hook with the line monitor on for caller ID
		} {
			if got := daa.Reg(c.reg); got != c.want {
				t.Errorf("reg %d = 0x%02x; want 0x%02x", c.reg, got, c.want)
			}
		}
		if _, err := New(daa.Port().Conn(), &Opts{Country: "XX"}); err == nil {
			t.Error("New accepted an unknown country")
		}
	})
}

// With PCMLinear the DAA's register 33 selects 16-bit linear (PCME, PCMF
// 11) and the start counts stay in PCLK cycles of the 8-bit slot; an odd
// slot cannot start a 16-bit channel and is refused.
func TestLinearPCMRegisters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		daa := sim.NewDAA(nil, "", sim.NewPSTNLine(nil))
		if _, err := New(daa.Port().Conn(), &Opts{Timeslot: 6, PCMLinear: true}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ reg, want byte }{{34, 48}, {35, 0}, {36, 48}, {37, 0}, {33, 0x38}} {
			if got := daa.Reg(c.reg); got != c.want {
				t.Errorf("reg %d = 0x%02x; want 0x%02x", c.reg, got, c.want)
			}
		}
		if p := daa.PCM(); p.Format != sim.PCMLinear16 || len(daa.ProtocolErrors()) != 0 {
			t.Errorf("emulated DAA decodes %v, errors %q; want 16-bit linear", p.Format, daa.ProtocolErrors())
		}
		_, err := New(daa.Port().Conn(), &Opts{Timeslot: 5, PCMLinear: true})
		if err == nil || !strings.Contains(err.Error(), "timeslot 5: 16-bit linear PCM") {
			t.Errorf("New(ts 5, linear) = %v; want the odd slot refused", err)
		}
	})
}
