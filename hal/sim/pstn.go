package sim

import (
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
)

// PSTNLine models an exchange line as an FXO port sees it: -48 V on-hook
// (sign by polarity), a ringing signal of a frequency in bursts, loop
// current when the box seizes it, a parallel phone that can take the line,
// polarity reversals. Safe for concurrent use.
type PSTNLine struct {
	clock hal.Clock

	mu       sync.Mutex
	daa      *DAA
	present  bool
	reversed bool
	parallel bool
	seized   bool
	ringing  bool
	ringHz   float64
	cadGen   int
	seizures int
}

// NewPSTNLine returns an idle, connected line (nil clock: hal.SystemClock).
func NewPSTNLine(clock hal.Clock) *PSTNLine {
	return &PSTNLine{clock: hal.OrSystem(clock), present: true}
}

func (l *PSTNLine) attach(d *DAA) {
	l.mu.Lock()
	l.daa = d
	l.mu.Unlock()
}

// notify tells the DAA the line changed. Never called with l.mu held.
func (l *PSTNLine) notify() {
	l.mu.Lock()
	d := l.daa
	l.mu.Unlock()
	if d != nil {
		d.lineChanged()
	}
}

// Ring rings the line at hz with cadence (alternating on, off, starting
// with on), repeating until StopRinging or the box seizes the line.
func (l *PSTNLine) Ring(hz float64, cadence []time.Duration) {
	l.mu.Lock()
	l.cadGen++
	gen := l.cadGen
	l.mu.Unlock()
	l.step(gen, hz, cadence, 0)
}

func (l *PSTNLine) step(gen int, hz float64, cadence []time.Duration, i int) {
	l.mu.Lock()
	if gen != l.cadGen || l.seized {
		l.mu.Unlock()
		return
	}
	on := i%2 == 0
	l.ringing, l.ringHz = on, hz
	l.mu.Unlock()
	l.notify()
	l.clock.AfterFunc(cadence[i%len(cadence)], func() { l.step(gen, hz, cadence, i+1) })
}

// Burst puts one ringing burst of hz on the line for d (line noise, a
// tinkle, a test).
func (l *PSTNLine) Burst(hz float64, d time.Duration) {
	l.mu.Lock()
	l.cadGen++
	gen := l.cadGen
	l.ringing, l.ringHz = true, hz
	l.mu.Unlock()
	l.notify()
	l.clock.AfterFunc(d, func() {
		l.mu.Lock()
		if gen == l.cadGen {
			l.ringing = false
		}
		l.mu.Unlock()
		l.notify()
	})
}

// StopRinging ends ringing (the caller gave up).
func (l *PSTNLine) StopRinging() {
	l.mu.Lock()
	l.cadGen++
	l.ringing = false
	l.mu.Unlock()
	l.notify()
}

// ReversePolarity swaps tip and ring (answer or clear-down signalling).
func (l *PSTNLine) ReversePolarity() {
	l.mu.Lock()
	l.reversed = !l.reversed
	l.mu.Unlock()
	l.notify()
}

// SetParallelPhone lifts (true) or hangs up a phone wired in parallel.
func (l *PSTNLine) SetParallelPhone(offHook bool) {
	l.mu.Lock()
	l.parallel = offHook
	l.mu.Unlock()
	l.notify()
}

// SetPresent connects or cuts the line.
func (l *PSTNLine) SetPresent(present bool) {
	l.mu.Lock()
	l.present = present
	if !present {
		l.ringing = false
		l.cadGen++
	}
	l.mu.Unlock()
	l.notify()
}

// Seized reports whether the box holds the line off-hook.
func (l *PSTNLine) Seized() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seized
}

// Seizures counts the box's off-hook transitions.
func (l *PSTNLine) Seizures() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seizures
}

// setSeized is called by the DAA when its hook changes; answering stops
// the ringing, as the exchange's ring trip does.
func (l *PSTNLine) setSeized(on bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if on && !l.seized {
		l.seizures++
		l.ringing = false
		l.cadGen++
	}
	l.seized = on
}

// lineState is what the DAA measures.
type lineState struct {
	volts   float64 // tip-ring, signed by polarity
	mA      float64 // loop current through the DAA
	ringing bool
	ringHz  float64
}

// state returns the line's electrical state given the DAA's hook.
func (l *PSTNLine) state() lineState {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.present {
		return lineState{}
	}
	sign := -1.0
	if l.reversed {
		sign = 1
	}
	s := lineState{ringing: l.ringing, ringHz: l.ringHz}
	switch {
	case l.seized && l.parallel:
		s.volts, s.mA = sign*6, 18 // two loops share the feed
	case l.seized:
		s.volts, s.mA = sign*8, 30
	case l.parallel:
		s.volts = sign * 8
	default:
		s.volts = sign * 48
	}
	return s
}
