package dsp

import (
	"fmt"
	"math"
	"math/cmplx"
)

// Fax and modem tone detection: the calling tone CNG of ITU-T T.30 (1100 Hz,
// 0.5 s on, 3 s off), the called station's tone CED of T.30 and the answer
// tone ANS of ITU-T V.25 (2100 Hz for 2.6 to 4 s), ANS with phase reversals
// every 450 ms (/ANS, V.25), and the amplitude-modulated answer tone ANSam of
// ITU-T V.8 (15 Hz, 20 % modulation; /ANSam with phase reversals).
//
// The detector cuts the signal into hops of 40 samples (5 ms) and takes one
// DFT term per hop at 1100 Hz and at 2100 Hz (see toneBin), all against one
// phase reference. A hop holds a tone when its term carries at least half of
// the hop's energy. Consecutive such hops form a run, which may bridge gaps
// of up to 15 ms (the dip where a phase reversal cancels the tone). Over a run
// the detector measures:
//   - the tone's frequency, from how the term's phase turns from hop to hop
//     (a tone δ Hz off turns it by 2π·δ·40/8000 per hop);
//   - its level, from the mean power of the terms corrected for the bin's
//     response at that frequency, so that noise outside the bin (which the
//     -50 dBm0 noise of the CNG test puts 7 dB under a -43 dBm0 tone) does not
//     count;
//   - phase reversals, as a turn of about π between hops on top of the
//     frequency's own turn;
//   - amplitude modulation at 15 Hz, from a DFT of the hops' magnitudes.
//
// CNG is reported when a run of 400 to 700 ms ends (T.30 allows 0.5 s
// ± 15 %); the answer tones when a run has lasted 400 ms, and again whenever
// a reversal or the modulation changes what it is.

const (
	faxHop        = 40   // samples per hop
	faxPurity     = 0.5  // least share of a hop's energy in the tone's term
	faxMaxGap     = 3    // hops a run may miss
	faxGateDB     = 8    // dB under MinDBm0 that a hop's tone may be and still count
	faxMeanHops   = 8    // phase turns measured before reversals are looked for
	faxRevMinHops = 20   // hops between two reversals, at least (100 ms)
	faxSlewHz     = 40   // Hz beyond the tolerance that one hop's turn may show
	faxAMHz       = 15.0 // ANSam modulation frequency
	faxAMDepth    = 0.1  // least modulation depth taken as ANSam (V.8 sends 0.2)
	faxANSHops    = 80   // run length that declares an answer tone (400 ms)
	faxCNGMinHops = 80   // shortest CNG burst (400 ms)
	faxCNGMaxHops = 140  // longest CNG burst (700 ms)
	faxCNGHz      = 1100
	faxANSHz      = 2100
)

// FaxTone is a fax or modem tone reported by a FaxToneDetector.
type FaxTone int

// Fax and modem tones.
const (
	// FaxToneNone is no tone.
	FaxToneNone FaxTone = iota
	// FaxToneCNG is the fax calling tone (T.30): 1100 Hz, 0.5 s on, 3 s off.
	FaxToneCNG
	// FaxToneANS is 2100 Hz without reversals or modulation: the fax
	// called station's CED (T.30) or a modem's ANS (V.25).
	FaxToneANS
	// FaxToneANSPR is 2100 Hz with phase reversals every 450 ms (/ANS,
	// V.25): echo cancellers and suppressors on the path are to be disabled.
	FaxToneANSPR
	// FaxToneANSam is 2100 Hz amplitude-modulated at 15 Hz (ANSam, V.8).
	FaxToneANSam
	// FaxToneANSamPR is ANSam with phase reversals (/ANSam, V.8).
	FaxToneANSamPR
)

// String returns the tone's name as the recommendations write it.
func (t FaxTone) String() string {
	switch t {
	case FaxToneNone:
		return "none"
	case FaxToneCNG:
		return "CNG"
	case FaxToneANS:
		return "ANS"
	case FaxToneANSPR:
		return "/ANS"
	case FaxToneANSam:
		return "ANSam"
	case FaxToneANSamPR:
		return "/ANSam"
	}
	return fmt.Sprintf("FaxTone(%d)", int(t))
}

// FaxToneEvent is a tone recognised, its reading changed, or its end.
type FaxToneEvent struct {
	// Tone is the tone.
	Tone FaxTone
	// End is true when the tone has stopped.
	End bool
	// At is the sample index (8 kHz samples since the detector started or
	// was reset), to within a hop (5 ms): where the tone started for the
	// first event of a tone, where its reading changed for a later one, and
	// where it stopped for an end.
	At int64
}

// FaxToneDetectorOpts configures a FaxToneDetector.
type FaxToneDetectorOpts struct {
	// MinDBm0 is the weakest tone reported, in dBm0.
	MinDBm0 float64
	// CNGMaxDevHz is the largest deviation from 1100 Hz accepted for CNG, Hz.
	CNGMaxDevHz float64
	// ANSMaxDevHz is the largest deviation from 2100 Hz accepted for the
	// answer tones, Hz.
	ANSMaxDevHz float64
}

// DefaultFaxToneDetectorOpts detects CNG within ±46 Hz and the answer tones
// within ±23 Hz (the deviations the tests require), rejects both beyond
// ±80 Hz, and takes tones down to -43.5 dBm0: -43 dBm0 is detected,
// -44 dBm0 is not.
var DefaultFaxToneDetectorOpts = FaxToneDetectorOpts{MinDBm0: -43.5, CNGMaxDevHz: 62, ANSMaxDevHz: 50}

// faxRun follows one frequency: the run of hops that hold it.
type faxRun struct {
	bin   toneBin
	tolHz float64

	on       bool
	startHop int64 // first hop of the run
	lastHop  int64 // last hop that held the tone
	last     complex128
	n        int        // hops that held the tone
	sumP     float64    // Σ|X|²
	sumZ     complex128 // Σ X_k·conj(X_k-1) over consecutive hops
	nZ       int
	sumA     float64    // Σ|X|
	amA      complex128 // Σ|X|·e^(-jΩk)
	amE      complex128 // Σe^(-jΩk)
	revs     int
	revHop   int64
	tone     FaxTone // reported reading (FaxToneNone: not yet)
	am       bool    // modulation seen (sticky)
	declared bool
}

// FaxToneDetector finds fax and modem tones (CNG, CED/ANS, /ANS, ANSam,
// /ANSam) in 16-bit PCM at 8 kHz. Process allocates nothing; a
// FaxToneDetector is not safe for concurrent use, so give every channel its
// own.
type FaxToneDetector struct {
	gatePow float64 // |X|² of a tone faxGateDB under MinDBm0
	minDBm0 float64
	cng     faxRun
	ans     faxRun
	amStep  complex128 // e^(-jΩ) per hop
	amRot   complex128
	buf     [faxHop]float64
	fill    int
	nhops   int64
}

// NewFaxToneDetector returns a detector with the options o (nil:
// DefaultFaxToneDetectorOpts).
func NewFaxToneDetector(o *FaxToneDetectorOpts) (*FaxToneDetector, error) {
	if o == nil {
		o = &DefaultFaxToneDetectorOpts
	}
	if o.MinDBm0 > 0 || o.MinDBm0 < -60 || math.IsNaN(o.MinDBm0) {
		return nil, fmt.Errorf("dsp: fax tone detector: minimum level %v dBm0; use -60 to 0", o.MinDBm0)
	}
	if !(o.CNGMaxDevHz > 0 && o.CNGMaxDevHz <= 80) || !(o.ANSMaxDevHz > 0 && o.ANSMaxDevHz <= 80) {
		return nil, fmt.Errorf("dsp: fax tone detector: tolerances %v and %v Hz; use above 0 and at most 80 Hz", o.CNGMaxDevHz, o.ANSMaxDevHz)
	}
	a := faxHop * PeakFromDBm0(o.MinDBm0-faxGateDB) / 2
	d := &FaxToneDetector{
		gatePow: a * a,
		minDBm0: o.MinDBm0,
		cng:     faxRun{bin: newToneBin(faxCNGHz, faxHop), tolHz: o.CNGMaxDevHz},
		ans:     faxRun{bin: newToneBin(faxANSHz, faxHop), tolHz: o.ANSMaxDevHz},
		amStep:  cmplx.Rect(1, -2*math.Pi*faxAMHz*faxHop/SampleRate),
	}
	d.Reset()
	return d, nil
}

// Reset forgets all signal and any tone in progress, and restarts the
// sample count of FaxToneEvent.At at zero.
func (d *FaxToneDetector) Reset() {
	for _, r := range []*faxRun{&d.cng, &d.ans} {
		bin, tol := r.bin, r.tolHz
		bin.reset()
		*r = faxRun{bin: bin, tolHz: tol}
	}
	d.amRot = 1
	d.fill, d.nhops = 0, 0
}

// Process consumes pcm and appends to events the tones it finds, returning
// the extended slice. With enough capacity in events (four per 20 ms frame
// is ample) it allocates nothing.
func (d *FaxToneDetector) Process(pcm []int16, events []FaxToneEvent) []FaxToneEvent {
	for len(pcm) > 0 {
		var full bool
		if pcm, full = fillHop(d.buf[:], &d.fill, pcm); full {
			events = d.endHop(events)
		}
	}
	return events
}

// endHop measures the hop in d.buf and advances both runs.
func (d *FaxToneDetector) endHop(events []FaxToneEvent) []FaxToneEvent {
	var e float64
	for _, v := range d.buf {
		e += v * v
	}
	hop := d.nhops
	d.nhops++
	am := d.amRot
	r := d.amRot * d.amStep
	g := 1.5 - 0.5*abs2(r)
	d.amRot = complex(real(r)*g, imag(r)*g)

	d.cng.bin.feed(d.buf[:])
	d.ans.bin.feed(d.buf[:])
	xc, xa := d.cng.bin.term(), d.ans.bin.term()
	events = d.step(&d.cng, xc, e, hop, am, FaxToneCNG, events)
	return d.step(&d.ans, xa, e, hop, am, FaxToneANS, events)
}

// step advances run r by one hop whose term is x and energy e.
func (d *FaxToneDetector) step(r *faxRun, x complex128, e float64, hop int64, am complex128, kind FaxTone, events []FaxToneEvent) []FaxToneEvent {
	p := abs2(x)
	good := e > 0 && 2*p >= faxPurity*faxHop*e && p >= d.gatePow
	if good && r.on {
		good = r.extend(x, p, hop, am)
	}
	switch {
	case good && !r.on:
		r.start(x, p, hop, am)
	case !good && r.on && hop-r.lastHop > faxMaxGap:
		events = d.end(r, kind, events)
	}
	if kind == FaxToneANS && r.on {
		events = d.readAnswer(r, hop, events)
	}
	return events
}

// start begins a run at hop.
func (r *faxRun) start(x complex128, p float64, hop int64, am complex128) {
	bin, tol := r.bin, r.tolHz
	*r = faxRun{bin: bin, tolHz: tol, on: true, startHop: hop, revHop: -faxRevMinHops}
	r.add(x, p, hop, am)
}

// add counts hop in the run's level and modulation sums.
func (r *faxRun) add(x complex128, p float64, hop int64, am complex128) {
	a := math.Sqrt(p)
	r.n++
	r.sumP += p
	r.sumA += a
	r.amA += complex(a, 0) * am
	r.amE += am
	r.last, r.lastHop = x, hop
}

// extend adds a hop holding the tone to a run, checking its phase against
// the run's frequency; it reports false if the hop does not continue the
// run (its own turn is too far off).
func (r *faxRun) extend(x complex128, p float64, hop int64, am complex128) bool {
	m := hop - r.lastHop
	z := x * cmplx.Conj(r.last)
	maxTurn := 2 * math.Pi * (r.tolHz + faxSlewHz) * faxHop / SampleRate
	if r.nZ >= faxMeanHops {
		perHop := cmplx.Phase(r.sumZ)
		res := cmplx.Phase(z * cmplx.Rect(1, -float64(m)*perHop))
		if math.Abs(res) > math.Pi/2 {
			// A phase reversal (V.25: every 450 ms): the tone goes on with
			// its phase turned by π.
			if hop-r.revHop >= faxRevMinHops {
				r.revs++
				r.revHop = hop
			}
			r.add(x, p, hop, am)
			return true
		}
	}
	if m == 1 {
		if math.Abs(cmplx.Phase(z)) > maxTurn {
			return false
		}
		r.sumZ += z
		r.nZ++
	}
	r.add(x, p, hop, am)
	return true
}

// devHz returns the run's frequency deviation from its bin, Hz.
func (r *faxRun) devHz() float64 {
	return cmplx.Phase(r.sumZ) * SampleRate / (2 * math.Pi * faxHop)
}

// levelDBm0 returns the run's tone level, dBm0, corrected for the bin's
// response at the measured frequency.
func (r *faxRun) levelDBm0() float64 {
	a := 2 * math.Sqrt(r.sumP/float64(r.n)) / faxHop
	return 10*math.Log10(a*a/2/zeroDBm0Power) - 10*math.Log10(binGain(r.devHz(), faxHop))
}

// valid reports whether the run so far is a tone within the frequency
// tolerance and above the level limit, held in most of its hops.
func (d *FaxToneDetector) valid(r *faxRun, hop int64) bool {
	span := hop - r.startHop + 1
	return r.nZ > 0 && 5*int64(r.n) >= 4*span &&
		math.Abs(r.devHz()) <= r.tolHz && r.levelDBm0() >= d.minDBm0
}

// modDepth returns the run's amplitude modulation depth at 15 Hz.
func (r *faxRun) modDepth() float64 {
	mean := r.sumA / float64(r.n)
	if mean == 0 {
		return 0
	}
	c := r.amA - complex(mean, 0)*r.amE
	return 2 * cmplx.Abs(c) / (float64(r.n) * mean)
}

// readAnswer declares an answer tone once its run is long enough, and
// reports a change of reading (reversals, modulation) after that.
func (d *FaxToneDetector) readAnswer(r *faxRun, hop int64, events []FaxToneEvent) []FaxToneEvent {
	if hop-r.startHop+1 < faxANSHops {
		return events
	}
	if !r.declared {
		if !d.valid(r, hop) {
			return events
		}
		r.declared = true
	}
	if !r.am && r.modDepth() >= faxAMDepth {
		r.am = true
	}
	t := FaxToneANS
	switch {
	case r.am && r.revs > 0:
		t = FaxToneANSamPR
	case r.am:
		t = FaxToneANSam
	case r.revs > 0:
		t = FaxToneANSPR
	}
	if t != r.tone {
		at := (hop + 1) * faxHop
		if r.tone == FaxToneNone {
			at = r.startHop * faxHop
		}
		r.tone = t
		events = append(events, FaxToneEvent{Tone: t, At: at})
	}
	return events
}

// end closes a run: an answer tone reported ends, and a CNG burst of the
// right length is reported with its end.
func (d *FaxToneDetector) end(r *faxRun, kind FaxTone, events []FaxToneEvent) []FaxToneEvent {
	r.on = false
	endAt := (r.lastHop + 1) * faxHop
	switch kind {
	case FaxToneANS:
		if r.tone != FaxToneNone {
			events = append(events, FaxToneEvent{Tone: r.tone, End: true, At: endAt})
		}
	case FaxToneCNG:
		span := r.lastHop - r.startHop + 1
		if span >= faxCNGMinHops && span <= faxCNGMaxHops && d.valid(r, r.lastHop) {
			events = append(events,
				FaxToneEvent{Tone: FaxToneCNG, At: r.startHop * faxHop},
				FaxToneEvent{Tone: FaxToneCNG, End: true, At: endAt})
		}
	}
	r.tone = FaxToneNone
	return events
}
