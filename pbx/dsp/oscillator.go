package dsp

import "math"

// oscillator is a sine generator that rotates a unit phasor by a fixed angle
// every sample: two multiplications and two additions per sample, with the
// phasor's length pulled back to 1 once per call to keep rounding from
// drifting the level.
type oscillator struct {
	re, im float64 // phasor e^(jφ)
	cr, ci float64 // rotation e^(jω) per sample
	amp    float64 // peak, 16-bit PCM units
}

// newOscillator returns an oscillator at freq Hz with the peak amp in 16-bit
// PCM units, starting at phase 0 (a sine starts at zero: no click).
func newOscillator(freq, amp float64) oscillator {
	w := 2 * math.Pi * freq / SampleRate
	return oscillator{re: 1, cr: math.Cos(w), ci: math.Sin(w), amp: amp}
}

// add adds the oscillator's next len(acc) samples to acc.
func (o *oscillator) add(acc []float64) {
	re, im, cr, ci, a := o.re, o.im, o.cr, o.ci, o.amp
	for i := range acc {
		acc[i] += a * im
		re, im = re*cr-im*ci, re*ci+im*cr
	}
	// One Newton step towards |phasor| = 1.
	k := 1.5 - 0.5*(re*re+im*im)
	o.re, o.im = re*k, im*k
}
