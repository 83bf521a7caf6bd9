package dsp

import (
	"fmt"
	"math"
	"math/bits"
)

// realFFT computes the discrete Fourier transform of real sequences of m
// points, m a power of two, and its inverse. It is the textbook method: the
// m real points are packed into m/2 complex points z[j] = x[2j] + i·x[2j+1],
// transformed by an iterative radix-2 decimation-in-time FFT (Cooley and
// Tukey 1965), and the spectrum of x is then split out of Z by
//
//	X[k] = (Z[k] + Z*[n-k])/2 - i·W^k·(Z[k] - Z*[n-k])/2,  W = e^(-2πi/m),
//
// for k = 0 … n, n = m/2 (the other half of X is the conjugate of this one).
// Spectra are kept as n+1 real and n+1 imaginary parts ("split" format).
//
// forward is unscaled, inverse divides by m, so inverse(forward(x)) = x.
// The work buffers belong to the value: a realFFT is not safe for
// concurrent use, and transforms allocate nothing.
type realFFT struct {
	m, n   int
	rev    []int32   // bit reversal permutation of n points
	wr, wi []float32 // split twiddles e^(-2πi·k/m), k <= n
	zr, zi []float32 // packed sequence, n points
	passes []fftPass
}

// fftPass holds the twiddles of one radix-2² pass over groups of 4h
// points: w1[j] = e^(-2πi·j/2h) and w2[j] = e^(-2πi·j/4h), j < h.
type fftPass struct {
	w1r, w1i, w2r, w2i []float32
}

// newRealFFT returns a transform of m points (a power of two, 8 or more).
func newRealFFT(m int) *realFFT {
	if m < 8 || m&(m-1) != 0 {
		panic(fmt.Sprintf("dsp: fft: %d points; want a power of two of at least 8", m))
	}
	n := m / 2
	f := &realFFT{
		m: m, n: n,
		rev: make([]int32, n),
		wr:  make([]float32, n+1), wi: make([]float32, n+1),
		zr: make([]float32, n), zi: make([]float32, n),
	}
	shift := bits.UintSize - bits.TrailingZeros(uint(n))
	for j := range f.rev {
		f.rev[j] = int32(bits.Reverse(uint(j)) >> shift)
	}
	h := 1
	if bits.TrailingZeros(uint(n))%2 == 1 {
		h = 2
	}
	for ; h < n; h *= 4 {
		p := fftPass{make([]float32, h), make([]float32, h), make([]float32, h), make([]float32, h)}
		for j := range h {
			s, c := math.Sincos(-2 * math.Pi * float64(j) / float64(2*h))
			p.w1r[j], p.w1i[j] = float32(c), float32(s)
			s, c = math.Sincos(-2 * math.Pi * float64(j) / float64(4*h))
			p.w2r[j], p.w2i[j] = float32(c), float32(s)
		}
		f.passes = append(f.passes, p)
	}
	for k := range f.wr {
		s, c := math.Sincos(-2 * math.Pi * float64(k) / float64(m))
		f.wr[k], f.wi[k] = float32(c), float32(s)
	}
	return f
}

// forward writes the spectrum of x (m points) into re and im (n+1 bins
// each, bin k at k·8000/m Hz for 8 kHz samples).
func (f *realFFT) forward(x, re, im []float32) {
	n := f.n
	x = x[:2*n]
	re, im = re[:n+1], im[:n+1]
	zr, zi := f.zr[:n], f.zi[:n]
	for j, r := range f.rev[:n] {
		zr[j], zi[j] = x[2*r], x[2*r+1]
	}
	f.butterflies(zr, zi)
	re[0], im[0] = zr[0]+zi[0], 0
	re[n], im[n] = zr[0]-zi[0], 0
	wr, wi := f.wr[:n+1], f.wi[:n+1]
	for k := 1; k <= n/2; k++ {
		j := n - k
		// Even part E = (Z[k] + Z*[j])/2, odd part O = (Z[k] - Z*[j])/(2i).
		er, ei := (zr[k]+zr[j])*0.5, (zi[k]-zi[j])*0.5
		or, oi := (zi[k]+zi[j])*0.5, (zr[j]-zr[k])*0.5
		// X[k] = E + W^k·O and, as W^(n-k) = -W^-k, X[n-k] = (E - W^k·O)*.
		tr := wr[k]*or - wi[k]*oi
		ti := wr[k]*oi + wi[k]*or
		re[k], im[k] = er+tr, ei+ti
		re[j], im[j] = er-tr, ti-ei
	}
}

// inverse writes into x (m points) the real sequence whose spectrum is re,
// im (n+1 bins; the imaginary parts of bins 0 and n are ignored), divided
// by m: the inverse of forward.
func (f *realFFT) inverse(re, im, x []float32) {
	n := f.n
	re, im = re[:n+1], im[:n+1]
	x = x[:2*n]
	zr, zi := f.zr[:n], f.zi[:n]
	wr, wi := f.wr[:n+1], f.wi[:n+1]
	// Z[k] = E[k] + i·O[k] with E[k] = (X[k] + X*[n-k])/2 and
	// O[k] = (X[k] - X*[n-k])·W^-k/2; the inverse complex FFT is run as a
	// forward one on the conjugate, so conj(Z) is stored, bit-reversed.
	for k := 0; k <= n/2; k++ {
		j := n - k
		er, ei := (re[k]+re[j])*0.5, (im[k]-im[j])*0.5
		dr, di := (re[k]-re[j])*0.5, (im[k]+im[j])*0.5
		// O = (dr + i·di)·(wr - i·wi)
		or := dr*wr[k] + di*wi[k]
		oi := di*wr[k] - dr*wi[k]
		// Z[k] = E + i·O; Z[j] = E* + i·O* (the conjugate-symmetric pair).
		zkr, zki := er-oi, ei+or
		zjr, zji := er+oi, or-ei
		if k == 0 {
			// Bin n folds onto bin 0 of the packed sequence.
			zkr, zki = (re[0]+re[n])*0.5, (re[0]-re[n])*0.5
			zr[f.rev[0]], zi[f.rev[0]] = zkr, -zki
			continue
		}
		zr[f.rev[k]], zi[f.rev[k]] = zkr, -zki
		if j != k {
			zr[f.rev[j]], zi[f.rev[j]] = zjr, -zji
		}
	}
	f.butterflies(zr, zi)
	s := 1 / float32(n)
	for j := range zr {
		x[2*j], x[2*j+1] = zr[j]*s, -zi[j]*s
	}
}

// butterflies runs the stages of an in-place decimation-in-time FFT of n
// points on zr, zi, which hold the input in bit-reversed order. The radix-2
// stages are taken two at a time (a radix-2² pass: three complex multiplies
// per four points instead of four, and half the passes over the data); a
// lone radix-2 stage comes first when log2(n) is odd.
func (f *realFFT) butterflies(zr, zi []float32) {
	n := len(zr)
	zi = zi[:n]
	h, p := 1, 0
	if bits.TrailingZeros(uint(n))%2 == 1 {
		for a := 0; a+1 < n; a += 2 {
			xr, xi := zr[a+1], zi[a+1]
			zr[a+1], zi[a+1] = zr[a]-xr, zi[a]-xi
			zr[a], zi[a] = zr[a]+xr, zi[a]+xi
		}
		h = 2
	} else {
		// A radix-2² pass with h = 1: every twiddle is 1.
		for a := 0; a+3 < n; a += 4 {
			b0r, b0i := zr[a]+zr[a+1], zi[a]+zi[a+1]
			b1r, b1i := zr[a]-zr[a+1], zi[a]-zi[a+1]
			b2r, b2i := zr[a+2]+zr[a+3], zi[a+2]+zi[a+3]
			b3r, b3i := zr[a+2]-zr[a+3], zi[a+2]-zi[a+3]
			zr[a], zi[a] = b0r+b2r, b0i+b2i
			zr[a+2], zi[a+2] = b0r-b2r, b0i-b2i
			zr[a+1], zi[a+1] = b1r+b3i, b1i-b3r
			zr[a+3], zi[a+3] = b1r-b3i, b1i+b3r
		}
		h, p = 4, 1
	}
	for ; h < n; p, h = p+1, h*4 {
		tw := f.passes[p]
		w1r, w1i := tw.w1r[:h], tw.w1i[:h]
		w2r, w2i := tw.w2r[:h], tw.w2i[:h]
		for start := 0; start < n; start += 4 * h {
			r0, r1, r2, r3 := zr[start:start+h], zr[start+h:start+2*h], zr[start+2*h:start+3*h], zr[start+3*h:start+4*h]
			i0, i1, i2, i3 := zi[start:start+h], zi[start+h:start+2*h], zi[start+2*h:start+3*h], zi[start+3*h:start+4*h]
			for j := range r0 {
				// First stage: (a0, a1) and (a2, a3) with w1.
				ar, ai := w1r[j], w1i[j]
				t1r := ar*r1[j] - ai*i1[j]
				t1i := ar*i1[j] + ai*r1[j]
				t3r := ar*r3[j] - ai*i3[j]
				t3i := ar*i3[j] + ai*r3[j]
				b0r, b0i := r0[j]+t1r, i0[j]+t1i
				b1r, b1i := r0[j]-t1r, i0[j]-t1i
				b2r, b2i := r2[j]+t3r, i2[j]+t3i
				b3r, b3i := r2[j]-t3r, i2[j]-t3i
				// Second stage: (b0, b2) with w2, (b1, b3) with -i·w2.
				cr, ci := w2r[j], w2i[j]
				u2r := cr*b2r - ci*b2i
				u2i := cr*b2i + ci*b2r
				u3r := cr*b3i + ci*b3r // -i·w2·b3
				u3i := ci*b3i - cr*b3r
				r0[j], i0[j] = b0r+u2r, b0i+u2i
				r2[j], i2[j] = b0r-u2r, b0i-u2i
				r1[j], i1[j] = b1r+u3r, b1i+u3i
				r3[j], i3[j] = b1r-u3r, b1i-u3i
			}
		}
	}
}
