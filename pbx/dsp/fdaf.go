package dsp

import "math"

// Partitioned-block frequency-domain adaptive filter: the multi-delay
// filter (MDF) of J.-S. Soo and K. K. Pang, "Multidelay block frequency
// domain adaptive filter", IEEE Trans. ASSP 38(2), 1990.
//
// A filter of K·N taps is cut into K partitions of N taps. Every N input
// samples (one block) the newest 2N input samples are transformed (2N-point
// FFT) into the spectrum X_0; the spectra of the K-1 blocks before it are
// kept as X_1 … X_(K-1). Partition k holds the spectrum W_k of its N taps
// padded with N zeros, and the output of the block is the last N samples
// of the inverse transform of Σ_k W_k·X_k (overlap-save).
//
// Adaptation (per bin f, E the spectrum of the block's error padded in
// front with N zeros):
//
//	W_k(f) += μ·g_k·X_k*(f)·E(f) / (Σ_j g_j·|X_j(f)|² + δ)
//
// the per-bin normalised step of frequency-domain NLMS, which whitens the
// update across frequency so that coloured signals such as speech converge
// about as fast as white noise. The gains g_k (summing to 1) are
// proportionate to the size of each partition as in improved PNLMS (J.
// Benesty and S. L. Gay, "An improved PNLMS algorithm", ICASSP 2002),
// applied per partition rather than per tap as in the proportionate MDF of
// P. Loganathan, A. W. H. Khong and P. A. Naylor ("A class of
// sparseness-controlled algorithms for echo cancellation", IEEE Trans.
// ASLP 17(8), 2009): a hybrid's echo path is a bulk delay and a few ms of
// dispersion, so most partitions are near zero, and steering the step to
// the ones that are not speeds convergence severalfold.
//
// The update of every partition leaves taps in its second half (wrap-
// around of the circular correlation); the gradient constraint removes
// them with an inverse and a forward FFT per partition. While the filter
// converges it is applied to every partition on every block: applied to
// one partition per block in turn (the cheaper alternating constraint) it
// left enough wrap-around in the others to cost 2 to 5 dB of ERLE in the
// first seconds of a call. Once the filter has settled, the alternating
// constraint is enough.
//
// A hybrid's echo path is nothing up to its bulk delay. Taps that the
// filter holds before it only answer the onsets of far-end bursts before
// their echo arrives, with what they picked up while the filter was far
// from converged; leakLeading lets them fade once the filter knows where
// the echo starts.

// fdafSpectrum is the spectrum of one block or one partition: N+1 bins of
// a 2N-point real FFT in split format.
type fdafSpectrum struct{ re, im []float32 }

// fdafInput is the ring of the last K input spectra and their powers,
// shared by every filter that runs on the same input.
type fdafInput struct {
	n, k int // block size N, partitions K
	head int // slot of X_0
	x    []fdafSpectrum
	pow  [][]float32 // |X_k(f)|² per slot
}

func newFDAFInput(n, k int) *fdafInput {
	in := &fdafInput{n: n, k: k, x: make([]fdafSpectrum, k), pow: make([][]float32, k)}
	for s := range in.x {
		in.x[s] = fdafSpectrum{make([]float32, n+1), make([]float32, n+1)}
		in.pow[s] = make([]float32, n+1)
	}
	return in
}

func (in *fdafInput) reset() {
	for s := range in.x {
		clear(in.x[s].re)
		clear(in.x[s].im)
		clear(in.pow[s])
	}
	in.head = 0
}

// push makes room for a new X_0 and returns it, for the caller to fill;
// X_(K-1) falls out.
func (in *fdafInput) push() fdafSpectrum {
	in.head--
	if in.head < 0 {
		in.head = in.k - 1
	}
	return in.x[in.head]
}

// slot returns the ring slot of X_k.
func (in *fdafInput) slot(k int) int {
	s := in.head + k
	if s >= in.k {
		s -= in.k
	}
	return s
}

// updatePow computes |X_0|² once X_0 is filled.
func (in *fdafInput) updatePow() {
	x, p := in.x[in.head], in.pow[in.head]
	p = p[:len(x.re)]
	im := x.im[:len(x.re)]
	for f, r := range x.re {
		p[f] = r*r + im[f]*im[f]
	}
}

// fdafFilter is one set of K partitions.
type fdafFilter struct {
	w    []fdafSpectrum
	gain []float32 // g_k, summing to 1
	norm []float32 // ‖W_k‖, Parseval-scaled, from the last update
	turn int       // the partition constrained in turn next
}

func newFDAFFilter(n, k int) *fdafFilter {
	f := &fdafFilter{w: make([]fdafSpectrum, k), gain: make([]float32, k), norm: make([]float32, k)}
	for p := range f.w {
		f.w[p] = fdafSpectrum{make([]float32, n+1), make([]float32, n+1)}
	}
	f.reset()
	return f
}

func (f *fdafFilter) reset() {
	for p := range f.w {
		clear(f.w[p].re)
		clear(f.w[p].im)
		f.gain[p] = 1 / float32(len(f.w))
		f.norm[p] = 0
	}
	f.turn = 0
}

// copyFrom makes f a copy of g (same sizes).
func (f *fdafFilter) copyFrom(g *fdafFilter) {
	for p := range f.w {
		copy(f.w[p].re, g.w[p].re)
		copy(f.w[p].im, g.w[p].im)
	}
	copy(f.gain, g.gain)
	copy(f.norm, g.norm)
}

// output sets y to Σ W_k·X_k over the partitions from, from+1, … K-1,
// with X_k taken lag blocks back in the ring: lag 1 before the current
// block's spectrum has been pushed.
func (f *fdafFilter) output(in *fdafInput, from, lag int, y fdafSpectrum) {
	clear(y.re)
	clear(y.im)
	for k := from; k < len(f.w); k++ {
		x := in.x[in.slot(k-lag)]
		cmac(y.re, y.im, f.w[k].re, f.w[k].im, x.re, x.im)
	}
}

// outputs sets yf and yb to Σ W_k·X_k over the partitions 1 … K-1 of the
// filters f and b, taking each input spectrum once (lag 0).
func outputs(f, b *fdafFilter, in *fdafInput, yf, yb fdafSpectrum) {
	clear(yf.re)
	clear(yf.im)
	clear(yb.re)
	clear(yb.im)
	for k := 1; k < len(f.w); k++ {
		x := in.x[in.slot(k)]
		cmac2(yf.re, yf.im, yb.re, yb.im, f.w[k].re, f.w[k].im, b.w[k].re, b.w[k].im, x.re, x.im)
	}
}

// cmac2 adds a·x to y and b·x to u, bin by bin.
func cmac2(yr, yi, ur, ui, ar, ai, br, bi, xr, xi []float32) {
	n := len(yr)
	yi, ur, ui, ar, ai, br, bi, xr, xi = yi[:n], ur[:n], ui[:n], ar[:n], ai[:n], br[:n], bi[:n], xr[:n], xi[:n]
	for f := range yr {
		c, d := xr[f], xi[f]
		yr[f] += ar[f]*c - ai[f]*d
		yi[f] += ar[f]*d + ai[f]*c
		ur[f] += br[f]*c - bi[f]*d
		ui[f] += br[f]*d + bi[f]*c
	}
}

// cmac adds w·x to y, bin by bin.
func cmac(yr, yi, wr, wi, xr, xi []float32) {
	n := len(yr)
	yi, wr, wi, xr, xi = yi[:n], wr[:n], wi[:n], xr[:n], xi[:n]
	for f := range yr {
		a, b, c, d := wr[f], wi[f], xr[f], xi[f]
		yr[f] += a*c - b*d
		yi[f] += a*d + b*c
	}
}

// adapt applies the normalised update for the error spectrum e with step
// mu and regularisation delta (per bin, in the units of |X|²), and the
// gradient constraint on every partition if all is set, else on one
// partition in turn. den and t are work buffers of N+1 and 2N samples; fft
// is the transform of 2N points.
func (f *fdafFilter) adapt(in *fdafInput, e fdafSpectrum, mu, delta float32, all bool, fft *realFFT, den, t []float32) {
	nb := len(e.re)
	den = den[:nb]
	for f := range den {
		den[f] = delta
	}
	for k, g := range f.gain {
		p := in.pow[in.slot(k)][:nb]
		for f, v := range p {
			den[f] += g * v
		}
	}
	narrowBandFloor(den)

	// E scaled per bin: μ·E/den, in place in e.
	er, ei := e.re[:nb], e.im[:nb]
	for f, d := range den {
		s := mu / d
		er[f] *= s
		ei[f] *= s
	}
	var sum float32
	for k := range f.w {
		x := in.x[in.slot(k)]
		w := f.w[k]
		f.norm[k] = gradient(w.re, w.im, x.re, x.im, er, ei, f.gain[k])
		if all || k == f.turn {
			f.constrain(k, fft, t)
		}
		sum += f.norm[k]
	}
	if f.turn++; f.turn == len(f.w) {
		f.turn = 0
	}
	f.setGains(sum)
}

// Narrow-band input. The per-bin step is exact only while the bins of the
// input are uncorrelated. A steady tone puts nearly all its power in one or
// two bins and tiny, fully correlated leakage in the others, where the step
// divides the error's leakage by the input's; on tones near an odd bin the
// filter then drifts instead of converging (the error reached full scale
// within a second on about one tone frequency in nine). While the input's
// power is that concentrated, each bin's denominator is raised by a tenth
// of the mean over the bins, which limits the step where only leakage is.
// The concentration is the share of the bins the power effectively fills,
// (Σ den)² / (bins · Σ den²): about 1/65 for a tone, 1/2 for white noise,
// and at least 0.028 on the speech-like test signals, which the floor
// therefore never touches.
const (
	fdafNarrowShare = 0.025
	fdafNarrowFloor = 0.1
)

// narrowBandFloor raises den (the per-bin denominators of a block) by
// fdafNarrowFloor of its mean when the input is narrow-band.
func narrowBandFloor(den []float32) {
	var s1, s2 float32
	for _, d := range den {
		s1 += d
		s2 += d * d
	}
	nb := float32(len(den))
	if s1*s1 >= fdafNarrowShare*nb*s2 {
		return
	}
	floor := fdafNarrowFloor * s1 / nb
	for f := range den {
		den[f] += floor
	}
}

// setGains sets the proportionate gains for the next block from the
// partitions' norms, whose sum is sum: g_k = (1-α)/2K + (1+α)·‖W_k‖/(2·Σ‖W‖)
// with α = 0, so that half the step is shared evenly and half follows the
// partitions' sizes. (With α = 0.8 the filter steered the step by norms
// that were still mostly noise and converged more slowly.)
func (f *fdafFilter) setGains(sum float32) {
	const alpha = 0
	kk := float32(len(f.w))
	for k, v := range f.norm {
		f.gain[k] = (1-alpha)/(2*kk) + (1+alpha)*v/(2*sum+1e-20)
	}
}

// leakLeading scales by leak the partitions that lie before the one ahead
// of the first partition whose norm reaches ratio times the largest: the
// taps before the echo path's start. ratio and leak are in (0, 1).
func (f *fdafFilter) leakLeading(ratio, leak float32) {
	var top float32
	for _, v := range f.norm {
		top = max(top, v)
	}
	first := 0
	for k, v := range f.norm {
		if v >= ratio*top {
			first = k
			break
		}
	}
	if first < 2 {
		return
	}
	var sum float32
	for k := range first - 1 {
		w := f.w[k]
		for b := range w.re {
			w.re[b] *= leak
			w.im[b] *= leak
		}
		f.norm[k] *= leak
	}
	for _, v := range f.norm {
		sum += v
	}
	f.setGains(sum)
}

// constrain zeroes the second half of partition k's taps (an inverse and
// a forward FFT, with t as the work buffer of 2N samples) and recomputes
// its norm.
func (f *fdafFilter) constrain(k int, fft *realFFT, t []float32) {
	w := f.w[k]
	fft.inverse(w.re, w.im, t)
	n := len(t) / 2
	clear(t[n:])
	fft.forward(t, w.re, w.im)
	// The norm changed: recompute it.
	var s float32
	for _, v := range t[:n] {
		s += v * v
	}
	f.norm[k] = float32(math.Sqrt(float64(s) * float64(len(t)))) // Parseval: Σ|W|² = 2N·Σw²
}

// gradient adds g·X*·E to W and returns ‖W‖ (the root of its power,
// Parseval-scaled: bins 1 … N-1 count twice).
func gradient(wr, wi, xr, xi, er, ei []float32, g float32) float32 {
	n := len(wr)
	wi, xr, xi, er, ei = wi[:n], xr[:n], xi[:n], er[:n], ei[:n]
	var s float32
	for f := range wr {
		a, b := xr[f], xi[f]
		c, d := er[f], ei[f]
		r := wr[f] + g*(a*c+b*d)
		i := wi[f] + g*(a*d-b*c)
		wr[f], wi[f] = r, i
		s += r*r + i*i
	}
	// Bins 0 and N once, the others twice (their mirror images).
	s = 2*s - (wr[0]*wr[0] + wi[0]*wi[0]) - (wr[n-1]*wr[n-1] + wi[n-1]*wi[n-1])
	return float32(math.Sqrt(float64(s)))
}
