package dsp

import (
	"fmt"
	"math"
	"math/cmplx"
)

// DTMF receiver (ITU-T Q.24; Telcordia LSSGR receiver conditions).
//
// A 4th-order high-pass filter at 600 Hz first takes out most of a dial
// tone (350 to 480 Hz) so that digits dialled over it still hold most of the
// energy; levels and twist are corrected for the filter's gain.
//
// The detector then cuts the signal into hops of 20 samples (2.5 ms) and runs one
// Goertzel filter per DTMF frequency over each hop, turning its result into
// the hop's DFT term against an absolute phase reference. Every hop it adds
// the last five hops into a 100-sample (12.5 ms) window DFT for each of the
// eight frequencies, and calls the window a digit when:
//   - the strongest tone of each group is above the minimum level;
//   - the twist (high group level minus low group level) is within limits;
//   - each of the two tones stands clear of the other tones of its group;
//   - the two tones hold most of the window's energy (not speech, not noise);
//   - each tone's frequency, measured from how its DFT phase turns between
//     windows 40 samples apart, is within the tolerance of the nominal one.
//
// The frequency measurement is what rejects tones beyond ±3.5 % while
// accepting ±1.5 %: a 100-sample window alone cannot tell them apart by
// level. A digit starts after dtmfStartHopss windows in a row agree (about
// 30 ms of tone) and ends after dtmfEndHops windows in a row do not (a break
// of about 25 ms), so a 10 ms interruption does not split it.

const (
	dtmfHop       = 20                 // samples per hop
	dtmfHops      = 5                  // hops per window
	dtmfWin       = dtmfHop * dtmfHops // samples per window
	dtmfLagHops   = 3                  // hops between the windows of a frequency measurement
	dtmfStartHops = 10                 // agreeing windows that start a digit
	dtmfEndHops   = 12                 // disagreeing windows that end it
	dtmfRunGap    = 1                  // failed windows a run may bridge
	dtmfPurity    = 0.70               // least share of window energy in the two tones
	dtmfGroupRel  = 6.0                // dB a tone must exceed the others of its group by
	dtmfHighPass  = 600                // corner of the high-pass pre-filter, Hz
)

// DTMFDetectorOpts configures a DTMFDetector.
type DTMFDetectorOpts struct {
	// MinDBm0 is the weakest tone accepted, in dBm0 per tone.
	MinDBm0 float64
	// MaxLowLouderDB is how many dB the low-group tone may be louder than the
	// high-group tone ("reverse twist").
	MaxLowLouderDB float64
	// MaxHighLouderDB is how many dB the high-group tone may be louder than
	// the low-group tone ("normal twist").
	MaxHighLouderDB float64
	// FreqTolerance is the largest accepted frequency deviation of each tone,
	// as a fraction of its nominal frequency.
	FreqTolerance float64
}

// DefaultDTMFDetectorOpts meets Q.24 and LSSGR: tones down to -38 dBm0 (the
// specification asks for -32 and rejection below -45), 8 dB of twist either
// way with 2 dB to spare, and ±2.5 % of frequency (accept ±1.5 %, reject
// beyond ±3.5 %).
var DefaultDTMFDetectorOpts = DTMFDetectorOpts{
	MinDBm0:         -38,
	MaxLowLouderDB:  11,
	MaxHighLouderDB: 8,
	FreqTolerance:   0.027,
}

// DTMFEvent is a digit starting or ending.
type DTMFEvent struct {
	// Digit is the digit: 0-9, *, #, A-D.
	Digit byte
	// End is false when the digit starts, true when it ends.
	End bool
	// At is the sample index (8 kHz samples since the detector started or
	// was reset) where the digit started or ended, estimated to within a
	// window (100 samples, 12.5 ms).
	At int64
}

// DTMFDetector finds DTMF digits in 16-bit PCM at 8 kHz. Process allocates
// nothing; a DTMFDetector is not safe for concurrent use, so give every
// channel its own.
type DTMFDetector struct {
	minPow     float64 // |DFT|² of a tone at MinDBm0
	lowLouder  float64 // power ratios
	highLouder float64
	tol        float64
	groupRel   float64

	coef [8]float64    // 2cos(ω) per frequency
	sinw [8]float64    // sin(ω)
	cosw [8]float64    // cos(ω)
	step [8]complex128 // e^(-jω·hop): advances the phase reference one hop
	rot  [8]complex128 // phase reference of the current hop
	nom  [8]float64    // nominal frequency, Hz
	gain [8]float64    // power gain of the pre-filter at nom

	hp [2]biquad // pre-filter

	s1, s2 [8]float64 // Goertzel state of the current hop
	energy float64    // Σx² of the current hop
	fill   int        // samples in the current hop

	hops   [dtmfHops][8]complex128 // DFT terms of the last hops
	hopE   [dtmfHops]float64       // their energies
	pos    int                     // next slot in hops
	lag    [dtmfLagHops][8]complex128
	lagPos int
	nhops  int64 // hops completed

	runDigit byte // digit of the current run of agreeing windows
	runLen   int  // agreeing windows in the run
	runGap   int  // failed windows since the run's last agreeing one
	runAt    int64
	cur      byte // digit being reported (0: none)
	miss     int  // disagreeing windows since cur was last seen
	lastAt   int64
}

// NewDTMFDetector returns a detector with the options o (nil:
// DefaultDTMFDetectorOpts).
func NewDTMFDetector(o *DTMFDetectorOpts) (*DTMFDetector, error) {
	if o == nil {
		o = &DefaultDTMFDetectorOpts
	}
	if o.FreqTolerance <= 0 || o.FreqTolerance > 0.05 {
		return nil, fmt.Errorf("dsp: dtmf detector: frequency tolerance %v; use a fraction above 0 and at most 0.05", o.FreqTolerance)
	}
	if o.MaxLowLouderDB < 0 || o.MaxHighLouderDB < 0 {
		return nil, fmt.Errorf("dsp: dtmf detector: negative twist limit; give dB as positive numbers")
	}
	if o.MinDBm0 > 0 || o.MinDBm0 < -60 {
		return nil, fmt.Errorf("dsp: dtmf detector: minimum level %v dBm0; use -60 to 0", o.MinDBm0)
	}
	a := dtmfWin * PeakFromDBm0(o.MinDBm0) / 2
	d := &DTMFDetector{
		minPow:     a * a,
		lowLouder:  math.Pow(10, o.MaxLowLouderDB/10),
		highLouder: math.Pow(10, o.MaxHighLouderDB/10),
		tol:        o.FreqTolerance,
		groupRel:   math.Pow(10, dtmfGroupRel/10),
	}
	for k := 0; k < 8; k++ {
		f := dtmfLowHz[k%4]
		if k >= 4 {
			f = dtmfHighHz[k-4]
		}
		w := 2 * math.Pi * f / SampleRate
		d.nom[k] = f
		d.coef[k] = 2 * math.Cos(w)
		d.cosw[k] = math.Cos(w)
		d.sinw[k] = math.Sin(w)
		d.step[k] = cmplx.Rect(1, -w*dtmfHop)
	}
	d.hp = highPass4(dtmfHighPass)
	for k := range d.gain {
		d.gain[k] = d.hp[0].powerGain(d.nom[k]) * d.hp[1].powerGain(d.nom[k])
	}
	d.Reset()
	return d, nil
}

// Reset forgets all signal and any digit in progress, and restarts the
// sample count of DTMFEvent.At at zero.
func (d *DTMFDetector) Reset() {
	for k := range d.rot {
		w := 2 * math.Pi * d.nom[k] / SampleRate
		// The Goertzel filter's output after a hop of n samples is the DFT
		// term delayed by n-1 samples; fold that delay into the reference.
		d.rot[k] = cmplx.Rect(1, -w*(dtmfHop-1))
	}
	d.s1, d.s2 = [8]float64{}, [8]float64{}
	d.hp[0].z1, d.hp[0].z2, d.hp[1].z1, d.hp[1].z2 = 0, 0, 0, 0
	d.energy, d.fill = 0, 0
	d.hops, d.hopE, d.pos = [dtmfHops][8]complex128{}, [dtmfHops]float64{}, 0
	d.lag, d.lagPos, d.nhops = [dtmfLagHops][8]complex128{}, 0, 0
	d.runDigit, d.runLen, d.runGap, d.runAt = 0, 0, 0, 0
	d.cur, d.miss, d.lastAt = 0, 0, 0
}

// Process consumes pcm and appends to events every digit start and end it
// finds, returning the extended slice. With enough capacity in events (two
// per 40 ms of pcm is ample) it allocates nothing.
func (d *DTMFDetector) Process(pcm []int16, events []DTMFEvent) []DTMFEvent {
	for len(pcm) > 0 {
		n := min(len(pcm), dtmfHop-d.fill)
		d.goertzel(pcm[:n])
		pcm = pcm[n:]
		d.fill += n
		if d.fill == dtmfHop {
			events = d.endHop(events)
		}
	}
	return events
}

// goertzel runs the pre-filter and the eight Goertzel filters over x.
func (d *DTMFDetector) goertzel(x []int16) {
	s1, s2 := d.s1, d.s2
	e := d.energy
	hp0, hp1 := d.hp[0], d.hp[1]
	for _, v := range x {
		f := hp1.filter(hp0.filter(float64(v)))
		e += f * f
		for k := range s1 {
			s1[k], s2[k] = f+d.coef[k]*s1[k]-s2[k], s1[k]
		}
	}
	d.s1, d.s2, d.energy = s1, s2, e
	d.hp[0], d.hp[1] = hp0, hp1
}

// endHop turns the Goertzel state into the hop's DFT terms, and decides on
// the window that ends with this hop.
func (d *DTMFDetector) endHop(events []DTMFEvent) []DTMFEvent {
	slot := &d.hops[d.pos]
	for k := range slot {
		// y = s[n-1] - e^(-jω)·s[n-2] = Σ x[m]·e^(jω(n-1-m))
		y := complex(d.s1[k]-d.cosw[k]*d.s2[k], d.sinw[k]*d.s2[k])
		slot[k] = d.rot[k] * y
		r := d.rot[k] * d.step[k]
		// Keep |rot| at 1 against rounding drift.
		g := 1.5 - 0.5*(real(r)*real(r)+imag(r)*imag(r))
		d.rot[k] = complex(real(r)*g, imag(r)*g)
	}
	d.hopE[d.pos] = d.energy
	d.pos = (d.pos + 1) % dtmfHops
	d.s1, d.s2 = [8]float64{}, [8]float64{}
	d.energy, d.fill = 0, 0
	d.nhops++

	var win [8]complex128
	var e float64
	for i := range d.hops {
		for k := range win {
			win[k] += d.hops[i][k]
		}
		e += d.hopE[i]
	}
	digit := byte(0)
	if d.nhops >= dtmfHops+dtmfLagHops {
		digit = d.classify(&win, e, &d.lag[d.lagPos])
	}
	d.lag[d.lagPos] = win
	d.lagPos = (d.lagPos + 1) % dtmfLagHops
	// The window of this hop spans [end-dtmfWin, end).
	end := d.nhops * dtmfHop
	return d.track(digit, end, events)
}

// classify returns the digit that the window DFT win (energy e) holds, or 0.
// old is the window DFT dtmfLagHops hops earlier.
func (d *DTMFDetector) classify(win *[8]complex128, e float64, old *[8]complex128) byte {
	var p [8]float64 // power at the input: corrected for the pre-filter
	for k, w := range win {
		p[k] = (real(w)*real(w) + imag(w)*imag(w)) / d.gain[k]
	}
	lo, hi := 0, 4
	for k := 1; k < 4; k++ {
		if p[k] > p[lo] {
			lo = k
		}
		if p[k+4] > p[hi] {
			hi = k + 4
		}
	}
	pl, ph := p[lo], p[hi]
	switch {
	case pl < d.minPow || ph < d.minPow:
		return 0
	case pl > ph*d.lowLouder || ph > pl*d.highLouder:
		return 0
	case 2*(pl*d.gain[lo]+ph*d.gain[hi])/dtmfWin < dtmfPurity*e:
		return 0
	}
	for k := 0; k < 4; k++ {
		if (k != lo && p[k]*d.groupRel > pl) || (k+4 != hi && p[k+4]*d.groupRel > ph) {
			return 0
		}
	}
	if !d.onFrequency(win[lo], old[lo], lo) || !d.onFrequency(win[hi], old[hi], hi) {
		return 0
	}
	return dtmfKeys[4*lo+hi-4]
}

// onFrequency reports whether the tone seen at DFT term now (and old,
// dtmfLagHops hops earlier) of frequency k is within tolerance: a tone off
// by δ Hz turns the term's phase by 2π·δ·lag/8000 between the two windows.
func (d *DTMFDetector) onFrequency(now, old complex128, k int) bool {
	pn := real(now)*real(now) + imag(now)*imag(now)
	po := real(old)*real(old) + imag(old)*imag(old)
	if po < pn/4 {
		// The earlier window holds too little of the tone to measure its
		// phase (the tone has just begun): let the later windows of the
		// run, which all must pass, decide.
		return true
	}
	z := now * cmplx.Conj(old)
	dev := math.Atan2(imag(z), real(z)) * SampleRate / (2 * math.Pi * dtmfLagHops * dtmfHop)
	return math.Abs(dev) <= d.tol*d.nom[k]
}

// track runs the digit state machine on one window's verdict; end is the
// sample index just past the window.
func (d *DTMFDetector) track(digit byte, end int64, events []DTMFEvent) []DTMFEvent {
	mid := end - dtmfWin/2
	switch {
	case digit == d.runDigit && digit != 0:
		d.runLen++
		d.runGap = 0
	case digit == 0 && d.runGap < dtmfRunGap:
		// Bridge a lone failed window inside a run (noise); it does not
		// count towards the run's length.
		d.runGap++
	case digit == 0:
		d.runDigit, d.runLen, d.runGap = 0, 0, 0
	default:
		d.runDigit, d.runLen, d.runGap, d.runAt = digit, 1, 0, mid
	}
	if d.cur != 0 {
		if digit == d.cur {
			d.miss = 0
			d.lastAt = mid
		} else {
			d.miss++
		}
		otherDigit := d.runDigit != 0 && d.runDigit != d.cur && d.runLen >= dtmfStartHops
		if otherDigit || d.miss >= dtmfEndHops {
			events = append(events, DTMFEvent{Digit: d.cur, End: true, At: d.lastAt})
			d.cur = 0
		}
	}
	if d.cur == 0 && d.runLen >= dtmfStartHops {
		d.cur, d.miss, d.lastAt = d.runDigit, 0, mid
		events = append(events, DTMFEvent{Digit: d.cur, At: d.runAt})
	}
	return events
}
