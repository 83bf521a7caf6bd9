package dsp

import (
	"math"
	"math/cmplx"
)

// toneBin measures one frequency over hops of a fixed number of samples: a
// Goertzel filter whose result at the end of each hop is turned into the
// hop's DFT term against an absolute phase reference (sample 0 of the
// stream), so that the terms of successive hops can be compared in phase.
// A tone off the bin by δ Hz turns the term by 2π·δ·hop/8000 per hop.
type toneBin struct {
	coef       float64    // 2cos(ω)
	cosw, sinw float64    // cos(ω), sin(ω)
	step       complex128 // e^(-jω·hop): advances the reference one hop
	rot        complex128 // phase reference of the current hop
	w          float64    // ω, rad/sample
	hop        int        // samples per hop
	s1, s2     float64    // Goertzel state
}

// newToneBin returns a bin at freq Hz for hops of hop samples.
func newToneBin(freq float64, hop int) toneBin {
	w := 2 * math.Pi * freq / SampleRate
	b := toneBin{
		coef: 2 * math.Cos(w),
		cosw: math.Cos(w),
		sinw: math.Sin(w),
		step: cmplx.Rect(1, -w*float64(hop)),
		w:    w,
		hop:  hop,
	}
	b.reset()
	return b
}

// reset forgets the hop in progress and restarts the phase reference at
// sample 0.
func (b *toneBin) reset() {
	// The Goertzel filter's output after a hop of n samples is the DFT term
	// delayed by n-1 samples; fold that delay into the reference.
	b.rot = cmplx.Rect(1, -b.w*float64(b.hop-1))
	b.s1, b.s2 = 0, 0
}

// feed runs the Goertzel filter over x, part of the current hop.
func (b *toneBin) feed(x []float64) {
	s1, s2, c := b.s1, b.s2, b.coef
	for _, v := range x {
		s1, s2 = v+c*s1-s2, s1
	}
	b.s1, b.s2 = s1, s2
}

// term ends the hop and returns its DFT term Σ x[n]·e^(-jωn) (n counted
// from the start of the stream). A sine of peak a exactly on the bin gives
// a term of magnitude a·hop/2.
func (b *toneBin) term() complex128 {
	// y = s[n-1] - e^(-jω)·s[n-2] = Σ x[m]·e^(jω(n-1-m))
	y := complex(b.s1-b.cosw*b.s2, b.sinw*b.s2)
	t := b.rot * y
	r := b.rot * b.step
	// Keep |rot| at 1 against rounding drift.
	g := 1.5 - 0.5*(real(r)*real(r)+imag(r)*imag(r))
	b.rot = complex(real(r)*g, imag(r)*g)
	b.s1, b.s2 = 0, 0
	return t
}

// abs2 returns |z|².
func abs2(z complex128) float64 { return real(z)*real(z) + imag(z)*imag(z) }

// binGain returns the power response of a hop-sample DFT bin to a sine off
// the bin by dev Hz, relative to one on it: the Dirichlet kernel squared.
func binGain(dev float64, hop int) float64 {
	x := math.Pi * dev / SampleRate
	if math.Abs(x) < 1e-12 {
		return 1
	}
	g := math.Sin(x*float64(hop)) / (float64(hop) * math.Sin(x))
	return g * g
}

// fillHop copies samples from pcm into hop, from *fill on, until hop is
// full or pcm runs out. It returns the samples of pcm it did not take and
// whether hop is now full; a full hop starts over (*fill is 0 again), so
// the caller measures it before the next call.
func fillHop(hop []float64, fill *int, pcm []int16) (rest []int16, full bool) {
	n := min(len(pcm), len(hop)-*fill)
	for i, v := range pcm[:n] {
		hop[*fill+i] = float64(v)
	}
	*fill += n
	if *fill < len(hop) {
		return pcm[n:], false
	}
	*fill = 0
	return pcm[n:], true
}
