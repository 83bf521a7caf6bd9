package dsp

import (
	"errors"
	"fmt"
	"math"
)

// Call progress detection for FXO lines: which tone the exchange plays
// (ITU-T E.180 tones, as in the line's country TonePlan), told apart by
// cadence. Its main use is hang-up detection: an exchange that only plays
// busy or congestion tone after the far end clears.
//
// The detector takes one DFT term per 10 ms hop at every frequency of the
// plan's dial, busy, congestion and ringback tones (see toneBin) and adds
// each two successive hops into a 20 ms window, whose bins are 50 Hz wide
// (fine enough to keep speech energy near those tones out). A window holds
// tone when the terms carry at least half of its energy and their power is
// at least MinDBm0; because a window that half covers a tone carries about
// half of its energy in the tone, on and off edges are found without bias,
// to within a hop. The on/off state changes after two windows in a row
// agree, which delays both edges alike.
//
// Each completed on or off stretch is matched against the cadence of every
// cadenced tone of the plan, at every alignment that starts with an "on"
// step; a stretch fits a step of d ms when it lasts d ± (Tolerance·d +
// SlackMs). A tone is recognised after Cycles full periods fit (the state
// Cycles(tone) counts them), and ends as soon as a stretch, even one still
// in progress, cannot fit the cadence any more. A continuous tone that lasts
// longer than any cadenced tone's "on" step can is dial tone (when the plan's
// dial tone is continuous), so it is never taken for busy.

const (
	cpHop      = 80 // samples per hop (10 ms)
	cpHopMs    = cpHop * 1000 / SampleRate
	cpPurity   = 0.5 // least share of a window's energy in the plan's tones
	cpDebounce = 2   // windows in a row that change the on/off state
	cpMaxFreqs = 4 * MaxToneFreqs
	cpDialPad  = 100 // ms beyond the longest "on" step that makes a tone dial tone
)

// CPTone is a call progress tone recognised by a CallProgressDetector.
type CPTone int

// Call progress tones.
const (
	// CPNone is no recognised tone.
	CPNone CPTone = iota
	// CPDial is dial tone: a continuous tone of the plan.
	CPDial
	// CPBusy is the plan's busy tone (the called line is busy, or the far
	// end has cleared).
	CPBusy
	// CPCongestion is the plan's congestion (reorder) tone.
	CPCongestion
	// CPRingback is the plan's ringing tone.
	CPRingback
)

// String returns the tone's name.
func (t CPTone) String() string {
	switch t {
	case CPNone:
		return "none"
	case CPDial:
		return "dial"
	case CPBusy:
		return "busy"
	case CPCongestion:
		return "congestion"
	case CPRingback:
		return "ringback"
	}
	return fmt.Sprintf("CPTone(%d)", int(t))
}

// CPEvent is a call progress tone recognised, or its end.
type CPEvent struct {
	// Tone is the tone.
	Tone CPTone
	// End is true when the tone has stopped or no longer fits its cadence.
	End bool
	// At is the sample index (8 kHz samples since the detector started or
	// was reset), to within 10 ms: for a start, where the first matching
	// stretch of the tone began; for an end, where the detector saw it end.
	At int64
}

// CallProgressOpts configures a CallProgressDetector.
type CallProgressOpts struct {
	// Cycles is how many full periods of a cadence must fit before its tone
	// is reported (at least 1).
	Cycles int
	// Tolerance is the fraction by which an on or off stretch may differ
	// from the plan's duration.
	Tolerance float64
	// SlackMs is added to the tolerance, in ms, for the detector's own
	// resolution (edges are found to within 10 ms).
	SlackMs int
	// MinDBm0 is the weakest tone accepted: the power of all its components
	// together, in dBm0.
	MinDBm0 float64
}

// DefaultCallProgressOpts reports a tone after two periods of its cadence,
// with ±10 % + 25 ms on every stretch (US busy, 500/500 ms, is accepted
// from 425 to 575 ms), down to -40 dBm0.
var DefaultCallProgressOpts = CallProgressOpts{Cycles: 2, Tolerance: 0.10, SlackMs: 25, MinDBm0: -40}

// cpCadence matches stretches against one tone's cadence.
type cpCadence struct {
	tone   CPTone
	n      int               // steps in the cadence (even)
	lo, hi [maxToneSteps]int // accepted length of each step, hops
	alive  uint32            // alignments (first step index) still fitting
	run    int               // stretches fitted in a row
	at     int64             // sample where the fitting stretches began
}

// CallProgressDetector recognises the call progress tones of one country's
// TonePlan in 16-bit PCM at 8 kHz. Process allocates nothing; a
// CallProgressDetector is not safe for concurrent use, so give every line
// its own.
type CallProgressDetector struct {
	cycles  int
	minPow  float64 // Σ|X|² of a MinDBm0 tone in a window
	bins    [cpMaxFreqs]toneBin
	nbins   int
	prev    [cpMaxFreqs]complex128 // terms of the previous hop
	prevE   float64
	cads    [3]cpCadence
	ncads   int
	dial    bool // the plan's dial tone is continuous
	dialMin int  // on stretch, hops, that makes dial tone

	buf   [cpHop]float64
	fill  int
	nhops int64

	on      bool  // debounced state
	agree   int   // windows in a row that disagree with on
	since   int64 // hop where the current stretch began
	started bool  // a first edge has been seen (the first stretch is partial)
	cur     CPTone
	curAt   int64
}

// NewCallProgressDetector returns a detector of the tones of plan (its
// dial, busy, congestion and ringback tones) with the options o (nil:
// DefaultCallProgressOpts).
func NewCallProgressDetector(plan *TonePlan, o *CallProgressOpts) (*CallProgressDetector, error) {
	if o == nil {
		o = &DefaultCallProgressOpts
	}
	if o.Cycles < 1 || o.Tolerance < 0 || o.Tolerance > 0.5 || o.SlackMs < 0 || o.SlackMs > 200 {
		return nil, fmt.Errorf("dsp: call progress: %d cycles, tolerance %v, slack %d ms; use at least 1 cycle, a tolerance of 0 to 0.5 and 0 to 200 ms of slack", o.Cycles, o.Tolerance, o.SlackMs)
	}
	if o.MinDBm0 > 0 || o.MinDBm0 < -60 || math.IsNaN(o.MinDBm0) {
		return nil, fmt.Errorf("dsp: call progress: minimum level %v dBm0; use -60 to 0", o.MinDBm0)
	}
	if err := plan.Validate(); err != nil {
		return nil, fmt.Errorf("dsp: call progress: %w", err)
	}
	a := cpHop * PeakFromDBm0(o.MinDBm0) // |X| of the window: 2 hops · a/2
	d := &CallProgressDetector{cycles: o.Cycles, minPow: a * a}
	addFreqs := func(hz []float64) {
	next:
		for _, f := range hz {
			for i := 0; i < d.nbins; i++ {
				if d.bins[i].w == 2*math.Pi*f/SampleRate {
					continue next
				}
			}
			d.bins[d.nbins] = newToneBin(f, cpHop)
			d.nbins++
		}
	}
	longestOn := 0
	for _, c := range []struct {
		tone CPTone
		t    Tone
	}{{CPBusy, plan.Busy}, {CPCongestion, plan.Congestion}, {CPRingback, plan.Ringback}, {CPDial, plan.Dial}} {
		if len(c.t.Hz) == 0 {
			continue // absent, or given as steps (not a call progress tone)
		}
		addFreqs(c.t.Hz)
		if len(c.t.Cadence) == 0 {
			if c.tone == CPDial {
				d.dial = true
			}
			continue
		}
		if c.tone == CPDial {
			continue // a cadenced dial tone (stutter) is not reported
		}
		cad := cpCadence{tone: c.tone, n: len(c.t.Cadence)}
		for i, ms := range c.t.Cadence {
			dev := o.Tolerance*float64(ms) + float64(o.SlackMs)
			cad.lo[i] = int(math.Ceil((float64(ms) - dev) / cpHopMs))
			cad.hi[i] = int(math.Floor((float64(ms) + dev) / cpHopMs))
			if i%2 == 0 {
				longestOn = max(longestOn, cad.hi[i])
			}
		}
		d.cads[d.ncads] = cad
		d.ncads++
	}
	if d.ncads == 0 && !d.dial {
		return nil, errors.New("dsp: call progress: the plan has no busy, congestion, ringback or continuous dial tone")
	}
	d.dialMin = max(longestOn+cpDialPad/cpHopMs, 1000/cpHopMs)
	d.Reset()
	return d, nil
}

// Reset forgets all signal and any tone in progress, and restarts the
// sample count of CPEvent.At at zero.
func (d *CallProgressDetector) Reset() {
	for i := 0; i < d.nbins; i++ {
		d.bins[i].reset()
	}
	d.prev, d.prevE = [cpMaxFreqs]complex128{}, 0
	for i := 0; i < d.ncads; i++ {
		d.cads[i].alive, d.cads[i].run = 0, 0
	}
	d.fill, d.nhops = 0, 0
	d.on, d.agree, d.since, d.started = false, 0, 0, false
	d.cur, d.curAt = CPNone, 0
}

// Tone returns the tone recognised now (CPNone if none).
func (d *CallProgressDetector) Tone() CPTone { return d.cur }

// Cycles returns how many full periods of tone's cadence the last stretches
// of the signal fit, in a row: the detector's state on the way to
// recognising it (it is reported at CallProgressOpts.Cycles).
func (d *CallProgressDetector) Cycles(tone CPTone) int {
	for i := 0; i < d.ncads; i++ {
		if d.cads[i].tone == tone {
			return d.cads[i].run / d.cads[i].n
		}
	}
	return 0
}

// Process consumes pcm and appends to events the tones recognised and
// ended, returning the extended slice. With enough capacity in events (two
// per 20 ms frame is ample) it allocates nothing.
func (d *CallProgressDetector) Process(pcm []int16, events []CPEvent) []CPEvent {
	for len(pcm) > 0 {
		var full bool
		if pcm, full = fillHop(d.buf[:], &d.fill, pcm); full {
			events = d.endHop(events)
		}
	}
	return events
}

// endHop classifies the window that ends with this hop and runs the
// cadence matching.
func (d *CallProgressDetector) endHop(events []CPEvent) []CPEvent {
	var e float64
	for _, v := range d.buf {
		e += v * v
	}
	var p float64
	for i := 0; i < d.nbins; i++ {
		b := &d.bins[i]
		b.feed(d.buf[:])
		x := b.term()
		p += abs2(x + d.prev[i])
		d.prev[i] = x
	}
	we := e + d.prevE
	d.prevE = e
	hop := d.nhops
	d.nhops++
	// A sine of peak a on a bin gives |X| = a·160/2 over the window and
	// energy a²/2·160: the share is 2|X|²/(160·E).
	tone := hop > 0 && we > 0 && 2*p >= cpPurity*2*cpHop*we && p >= d.minPow

	if tone != d.on {
		d.agree++
	} else {
		d.agree = 0
	}
	if d.agree >= cpDebounce {
		// The stretch ended cpDebounce-1 hops ago (the debounce delay, the
		// same for both edges).
		edge := hop - (cpDebounce - 1)
		if d.started {
			events = d.stretch(d.on, int(edge-d.since), d.since, edge, events)
		}
		d.started = true
		d.on, d.agree, d.since = tone, 0, edge
	}
	return d.inProgress(hop+1-(cpDebounce-1), events)
}

// stretch matches a completed stretch (on or off, hops long, from hop
// start to hop end) against every cadence.
func (d *CallProgressDetector) stretch(on bool, hops int, start, end int64, events []CPEvent) []CPEvent {
	if d.cur == CPDial && on {
		events = append(events, CPEvent{Tone: CPDial, End: true, At: end * cpHop})
		d.cur = CPNone
	}
	for i := 0; i < d.ncads; i++ {
		d.cads[i].fit(on, hops, start*cpHop)
	}
	return d.report(end, events)
}

// fit advances the cadence's alignments by one completed stretch.
func (c *cpCadence) fit(on bool, hops int, at int64) {
	var keep uint32
	for r := 0; r < c.n; r += 2 {
		if c.alive&(1<<r) != 0 {
			k := (r + c.run) % c.n
			if hops >= c.lo[k] && hops <= c.hi[k] {
				keep |= 1 << r
			}
		}
	}
	if keep != 0 {
		c.alive = keep
		c.run++
		return
	}
	// Start again: this stretch may be the first step of the cadence.
	c.alive, c.run = 0, 0
	if !on {
		return
	}
	for r := 0; r < c.n; r += 2 {
		if hops >= c.lo[r] && hops <= c.hi[r] {
			c.alive |= 1 << r
		}
	}
	if c.alive != 0 {
		c.run, c.at = 1, at
	}
}

// broken reports whether a stretch still in progress, hops long so far,
// has outlasted every step it could be.
func (c *cpCadence) broken(hops int) bool {
	if c.alive == 0 {
		return false
	}
	for r := 0; r < c.n; r += 2 {
		if c.alive&(1<<r) != 0 && hops <= c.hi[(r+c.run)%c.n] {
			return false
		}
	}
	return true
}

// inProgress checks the stretch in progress at hop now: it ends a tone
// whose cadence it has outlasted, and reports dial tone.
func (d *CallProgressDetector) inProgress(now int64, events []CPEvent) []CPEvent {
	if !d.started {
		return events
	}
	hops := int(now - d.since)
	for i := 0; i < d.ncads; i++ {
		c := &d.cads[i]
		if c.broken(hops) {
			c.alive, c.run = 0, 0
		}
	}
	events = d.report(now, events)
	if d.dial && d.on && hops >= d.dialMin && d.cur == CPNone {
		d.cur, d.curAt = CPDial, d.since*cpHop
		events = append(events, CPEvent{Tone: CPDial, At: d.curAt})
	}
	return events
}

// report ends the current cadenced tone if its cadence no longer fits, and
// reports the first tone (busy, congestion, ringback) whose cadence has
// fitted Cycles periods.
func (d *CallProgressDetector) report(now int64, events []CPEvent) []CPEvent {
	if d.cur != CPNone && d.cur != CPDial {
		for i := 0; i < d.ncads; i++ {
			if c := &d.cads[i]; c.tone == d.cur && c.run < d.cycles*c.n {
				events = append(events, CPEvent{Tone: d.cur, End: true, At: now * cpHop})
				d.cur = CPNone
			}
		}
	}
	if d.cur != CPNone {
		return events
	}
	for i := 0; i < d.ncads; i++ {
		if c := &d.cads[i]; c.run >= d.cycles*c.n {
			d.cur, d.curAt = c.tone, c.at
			return append(events, CPEvent{Tone: c.tone, At: c.at})
		}
	}
	return events
}
