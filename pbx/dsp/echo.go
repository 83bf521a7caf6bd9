package dsp

import (
	"fmt"
	"math"
)

// Line echo canceller (ITU-T G.168 terms: Rin is the far-end signal sent
// towards the 2-wire hybrid, Sin the signal coming back from it, near-end
// speech plus the echo of Rin, and Sout the cancelled signal sent on).
//
// The echo path is modelled by a partitioned-block frequency-domain
// adaptive filter (see fdaf.go): blocks of 64 samples (8 ms), 128-point
// FFTs, and TailMs/8 partitions (8 for the default 64 ms tail, 16 for
// 128 ms). Two copies of the filter run side by side, as in the two echo
// path models of K. Ochiai, T. Araseki and T. Ogihara ("Echo canceler with
// two echo path models", IEEE Trans. Commun. 25(6), 1977):
//
//   - the background filter adapts on every block with a fixed normalised
//     step, except while a Geigel detector (D. L. Duttweiler, "A
//     twelve-channel digital echo canceler", IEEE Trans. Commun. 26(5),
//     1978) sees near-end speech: the largest |Sin| of the block above the
//     largest |Rin| of the last tail less the hybrid's smallest echo return
//     loss, with 4.5 dB of margin because a dispersive hybrid's echo peaks
//     higher than its ERL says (at MinERLDB itself the detector fired on
//     the echo alone in one frame of six in the tests), and while Rin has
//     stayed below -55 dBm0 over the whole tail (its step would be a few
//     per cent);
//   - the foreground filter makes Sout and never adapts: it takes a copy of
//     the background filter when the background's error has been clearly
//     smaller than its own (by 1.5 dB, smoothed over about 30 ms, and in
//     the block itself), and gives the background a copy of itself when the
//     background has become clearly worse (3 dB), as it does after near-end
//     speech that the Geigel detector missed.
//
// Until the foreground has removed 30 dB of the echo for 200 ms in a row
// (the canceller has settled, once per call), the foreground takes the
// background whenever that is better at all, and the background applies
// the gradient constraint to every partition on every block (fdaf.go):
// the copy margin, which keeps out a background that adapted on near-end
// speech, kept the foreground a few dB behind while the filter converged,
// and so did the cheaper alternating constraint. (Near-end speech before
// the canceller has settled can therefore reach the foreground and slow
// its convergence; the Geigel detector still keeps the loud part of it
// out.)
//
// Double talk therefore cannot spoil the filter that cancels: near-end
// speech raises both filters' errors alike, so no copy is made while it
// lasts, and a background that adapted on it is reset from the foreground
// afterwards. A change of echo path raises the foreground's error while
// the background adapts to the new path, so the background wins and is
// copied within a few blocks of having converged.
//
// Narrow-band signals (a steady tone, music, a modem; ITU-T G.168 tests
// No. 6 and 7) need more care. The step of the background is limited
// where only a tone's leakage is (fdaf.go); and the choice between the
// filters is made before the background adapts, so that the foreground
// takes only a filter whose error was measured (the background's next
// step can be for the worse, as it was on tones before that limit).
// When both ends of a call cancel echo and one says a tone, each
// canceller's Rin carries the other's residual of that tone, which a
// filter can use to "cancel" the near-end tone; with Rin louder than the
// tone (the end of a DTMF digit coming back) the Geigel detector misses
// it, and in the loop of the two cancellers the tone came out cancelled
// or 10 dB louder. So the foreground takes no background whose echo
// estimate is louder than the hybrid can return Rin (the Geigel
// threshold), and a foreground is cleared, as no filter at all does
// better, when its error has grown 3 dB above Sin (smoothed as above) or
// its estimate has stayed above that threshold for 64 ms (a filter taken
// before the near-end tone came, which then cancels it while the Geigel
// detector holds double talk and nothing is copied).
//
// Blocks of 64 samples do not divide 20 ms frames: a frame that ends in
// the middle of a block is cancelled up to its last sample with the
// foreground filter all the same, by transforming the incomplete block
// padded with zeros (the echo of a sample depends only on the Rin samples
// before it). The canceller adds no delay: Sout[i] is computed from
// Sin[i] and Rin[… i] in the same call.
//
// After the linear filter a non-linear processor (echo_nlp.go) replaces
// what is left of the echo with comfort noise while the far end talks
// alone.

const (
	ecN              = 64    // block size N, samples (8 ms)
	ecMu             = 1.0   // normalised step of the background filter
	ecGeigelHold     = 4     // blocks a Geigel verdict is held (32 ms)
	ecGeigelMarginDB = 4.5   // dB taken off MinERLDB for the Geigel threshold
	ecNearDBm0       = -45.0 // least Sin peak that can be near-end speech, dBm0
	ecDeltaDBm0      = -45.0 // level below which Rin hardly adapts, dBm0
	ecQuietDBm0      = -55.0 // Rin peak below which the background rests, dBm0
	ecSmooth         = 0.3   // weight of a block in the two-path error powers
	ecCopyRatio      = 0.7   // background error below this · foreground's: copy (1.5 dB)
	ecCopyRatioFirst = 1.0   // the same until the filter has first settled
	ecSettled        = 0.001 // foreground error below this · Sin: settled (30 dB)
	ecSettledBlocks  = 25    // for this many blocks in a row (200 ms)
	ecResetRatio     = 2.0   // background error above this · foreground's: reset (3 dB)
	ecHarmRatio      = 2.0   // foreground error above this · Sin: clear it (3 dB)
	// ecImplausibleBlocks: blocks in a row of a foreground estimate above
	// the Geigel threshold that clear it (64 ms).
	ecImplausibleBlocks = 8
	ecMaxTailMs         = 128 // longest tail, ms
	// ecOnsetRatio and ecLeak: partitions before the one ahead of the first
	// whose norm reaches ecOnsetRatio of the largest lie before the echo
	// path and fade by ecLeak per block (-0.18 dB, 0.2 s to -4 dB).
	ecOnsetRatio = 0.3
	ecLeak       = 0.98
	ecBlockMs    = ecN * 1000 / SampleRate
)

// EchoCancellerOpts configures an EchoCanceller.
type EchoCancellerOpts struct {
	// TailMs is the longest echo path, bulk delay and dispersion together,
	// in ms: a multiple of 8 from 8 to 128. It costs time and memory in
	// proportion.
	TailMs int
	// MinERLDB is the smallest echo return loss of the hybrid, in dB (0 to
	// 20): the echo at Sin is at least this much weaker than Rin. It sets
	// the Geigel double-talk threshold.
	MinERLDB float64
	// NLP enables the non-linear processor, which removes the residual
	// echo while only the far end talks.
	NLP bool
	// ComfortNoise fills what the NLP removes with noise at the line's
	// background level instead of silence.
	ComfortNoise bool
}

// DefaultEchoCancellerOpts is a 64 ms tail, a hybrid echo return loss of
// at least 6 dB, and the NLP with comfort noise.
var DefaultEchoCancellerOpts = EchoCancellerOpts{TailMs: 64, MinERLDB: 6, NLP: true, ComfortNoise: true}

// HighwayEchoCancellerOpts is DefaultEchoCancellerOpts with a 128 ms tail,
// for a hybrid heard through the box's PCM highway: the frames queued
// ahead of playback (two 20 ms periods) and the capture period put 40 to
// 60 ms of bulk delay before the hybrid's own dispersion, more than a
// 64 ms tail leaves room for.
var HighwayEchoCancellerOpts = EchoCancellerOpts{TailMs: 128, MinERLDB: 6, NLP: true, ComfortNoise: true}

// EchoCanceller removes the echo of a 2-wire hybrid from the signal coming
// back from it. Process allocates nothing; an EchoCanceller is not safe for
// concurrent use, so give every port its own.
type EchoCanceller struct {
	opts   EchoCancellerOpts
	k      int // partitions
	fft    *realFFT
	in     *fdafInput
	fg, bg *fdafFilter

	xwin   []float32 // Rin: the previous block, then the current one
	d      []float32 // Sin of the current block
	yf     []float32 // foreground echo estimate of the current block
	pos    int       // samples of the current block received
	done   int       // samples of the current block sent out
	s1     fdafSpectrum
	s1ok   bool // s1 holds Σ_(k≥1) W_k·X_k of the foreground for this block
	yb     fdafSpectrum
	ybok   bool // yb holds Σ_(k≥1) W_k·X_k of the background for this block
	y, e   fdafSpectrum
	t, den []float32

	delta  float32   // regularisation of the step, in |X|² units
	geigel float32   // amplitude ratio of the Geigel detector
	nearTh float32   // least |Sin| peak that can be near-end speech
	xmax   []float32 // largest |Rin| of each of the last K+1 blocks
	xmaxAt int
	// rinPeak and sinPeak are the largest |Rin| and |Sin| of the current
	// block so far.
	rinPeak, sinPeak int32
	// farPeak is the largest |Rin| of the last K+1 blocks: every sample
	// the current block's echo estimate depends on.
	farPeak float32
	quietTh float32 // farPeak below this: Rin is quiet (ecQuietDBm0)
	dtHold  int     // blocks left of the Geigel verdict

	sf, sb float64 // smoothed error powers of the fore- and background
	ss     float64 // smoothed power of Sin, with sf and sb
	// settled counts the blocks in a row in which the foreground removed
	// 30 dB of the echo, up to ecSettledBlocks: then the filter has
	// settled, until the next Reset.
	settled int
	// fgPeak is the largest |estimate| of the foreground in the block;
	// implausible counts the blocks in a row in which it was above the
	// Geigel threshold.
	fgPeak      float32
	implausible int

	nlp echoNLP
}

// NewEchoCanceller returns a canceller with the options o (nil:
// DefaultEchoCancellerOpts).
func NewEchoCanceller(o *EchoCancellerOpts) (*EchoCanceller, error) {
	if o == nil {
		o = &DefaultEchoCancellerOpts
	}
	if o.TailMs < ecBlockMs || o.TailMs > ecMaxTailMs || o.TailMs%ecBlockMs != 0 {
		return nil, fmt.Errorf("dsp: echo canceller: tail %d ms; use a multiple of %d from %d to %d ms", o.TailMs, ecBlockMs, ecBlockMs, ecMaxTailMs)
	}
	if math.IsNaN(o.MinERLDB) || o.MinERLDB < 0 || o.MinERLDB > 20 {
		return nil, fmt.Errorf("dsp: echo canceller: echo return loss %v dB; use 0 to 20 dB", o.MinERLDB)
	}
	k := o.TailMs / ecBlockMs
	ec := &EchoCanceller{
		opts:    *o,
		k:       k,
		fft:     newRealFFT(2 * ecN),
		in:      newFDAFInput(ecN, k),
		fg:      newFDAFFilter(ecN, k),
		bg:      newFDAFFilter(ecN, k),
		xwin:    make([]float32, 2*ecN),
		d:       make([]float32, ecN),
		yf:      make([]float32, ecN),
		s1:      fdafSpectrum{make([]float32, ecN+1), make([]float32, ecN+1)},
		yb:      fdafSpectrum{make([]float32, ecN+1), make([]float32, ecN+1)},
		y:       fdafSpectrum{make([]float32, ecN+1), make([]float32, ecN+1)},
		e:       fdafSpectrum{make([]float32, ecN+1), make([]float32, ecN+1)},
		t:       make([]float32, 2*ecN),
		den:     make([]float32, ecN+1),
		delta:   float32(2 * ecN * zeroDBm0Power * math.Pow(10, ecDeltaDBm0/10)),
		geigel:  float32(math.Pow(10, -(o.MinERLDB-ecGeigelMarginDB)/20)),
		nearTh:  float32(PeakFromDBm0(ecNearDBm0)),
		quietTh: float32(PeakFromDBm0(ecQuietDBm0)),
		xmax:    make([]float32, k+1),
	}
	ec.nlp = newEchoNLP(k, o.MinERLDB)
	ec.Reset()
	return ec, nil
}

// Reset forgets the echo path and all state, as for a new call.
func (ec *EchoCanceller) Reset() {
	ec.in.reset()
	ec.fg.reset()
	ec.bg.reset()
	clear(ec.xwin)
	clear(ec.d)
	clear(ec.yf)
	clear(ec.xmax)
	ec.pos, ec.done, ec.s1ok, ec.ybok = 0, 0, false, false
	ec.xmaxAt, ec.dtHold, ec.farPeak = 0, 0, 0
	ec.rinPeak, ec.sinPeak = 0, 0
	ec.sf, ec.sb, ec.ss, ec.settled = 0, 0, 0, 0
	ec.fgPeak, ec.implausible = 0, 0
	ec.nlp.reset()
}

// Process cancels the echo in sin (Sin: 16-bit PCM from the hybrid) of rin
// (Rin: the far-end samples sent to the hybrid at the same instants) and
// writes the result (Sout) into out. The three slices must have the same
// length; any length works, and 160 samples (20 ms) is usual. Sout is not
// delayed. It allocates nothing.
func (ec *EchoCanceller) Process(out, rin, sin []int16) {
	if len(rin) != len(out) || len(sin) != len(out) {
		panic("dsp: echo canceller: out, rin and sin differ in length")
	}
	cur := ec.xwin[ecN:]
	for i := 0; i < len(out); {
		m := min(ecN-ec.pos, len(out)-i)
		pr, ps := ec.rinPeak, ec.sinPeak
		for j, v := range rin[i : i+m] {
			cur[ec.pos+j] = float32(v)
			pr = max(pr, int32(v), -int32(v))
		}
		for j, v := range sin[i : i+m] {
			ec.d[ec.pos+j] = float32(v)
			ps = max(ps, int32(v), -int32(v))
		}
		ec.rinPeak, ec.sinPeak = pr, ps
		ec.pos += m
		i += m
		if ec.pos == ecN {
			ec.block()
			ec.emit(out[i-ecN+ec.done:i], ec.done, ecN)
			ec.pos, ec.done = 0, 0
			ec.s1ok = false
			copy(ec.xwin, cur)
		}
	}
	if ec.pos > ec.done {
		ec.partial()
		ec.emit(out[len(out)-(ec.pos-ec.done):], ec.done, ec.pos)
		ec.done = ec.pos
	}
}

// emit writes the Sout samples from to to of the current block into out.
func (ec *EchoCanceller) emit(out []int16, from, to int) {
	d, y := ec.d[from:to], ec.yf[from:to]
	r := ec.xwin[ecN+from : ecN+to]
	out = out[:len(d)]
	for j := range d {
		out[j] = saturate(ec.nlp.process(float64(d[j]-y[j]), float64(y[j]), float64(r[j]), ec.dtHold > 0, &ec.opts))
	}
}

// partial computes the foreground echo estimate of the samples received
// so far of the current block: the block transformed with its missing
// samples as zeros.
func (ec *EchoCanceller) partial() {
	if !ec.s1ok {
		ec.fg.output(ec.in, 1, 1, ec.s1)
		ec.s1ok = true
	}
	t := ec.t
	copy(t, ec.xwin[:ecN+ec.pos])
	clear(t[ecN+ec.pos:])
	ec.fft.forward(t, ec.y.re, ec.y.im)
	ec.foreground(ec.y)
	copy(ec.yf[ec.done:ec.pos], t[ecN+ec.done:ecN+ec.pos])
}

// foreground turns x0, the spectrum of the current input window, into the
// foreground's time-domain output in ec.t: s1 plus W_0·x0, inverse
// transformed. x0 is overwritten.
func (ec *EchoCanceller) foreground(x0 fdafSpectrum) {
	w := ec.fg.w[0]
	yr, yi := ec.s1.re, ec.s1.im
	xr, xi := x0.re[:len(yr)], x0.im[:len(yr)]
	wr, wi := w.re[:len(yr)], w.im[:len(yr)]
	for f := range yr {
		a, b, c, d := wr[f], wi[f], xr[f], xi[f]
		xr[f], xi[f] = yr[f]+a*c-b*d, yi[f]+a*d+b*c
	}
	ec.fft.inverse(xr, xi, ec.t)
}

// block runs when the current block is complete: it cancels it with both
// filters, adapts the background, and chooses between them.
func (ec *EchoCanceller) block() {
	n := ecN
	x0 := ec.in.push()
	ec.fft.forward(ec.xwin, x0.re, x0.im)
	ec.in.updatePow()

	ec.geigelDetect()

	// Foreground: the echo estimate and its error. While Rin has been
	// digital silence over the whole tail the estimate is exactly zero.
	var pf, py float64
	ec.fgPeak = 0
	if ec.farPeak == 0 {
		clear(ec.yf)
		for _, d := range ec.d {
			pf += float64(d) * float64(d)
		}
	} else {
		active := ec.farPeak >= ec.quietTh
		switch {
		case !ec.s1ok && active:
			// Both filters' partitions 1 … K-1 in one pass over the input.
			outputs(ec.fg, ec.bg, ec.in, ec.s1, ec.yb)
			ec.ybok = true
		case !ec.s1ok:
			ec.fg.output(ec.in, 1, 0, ec.s1)
		}
		copy(ec.y.re, x0.re)
		copy(ec.y.im, x0.im)
		ec.foreground(ec.y)
		copy(ec.yf, ec.t[n:])
		for j, y := range ec.yf {
			e := float64(ec.d[j] - y)
			pf += e * e
			py += float64(y) * float64(y)
			ec.fgPeak = max(ec.fgPeak, y, -y)
		}
	}

	// Background, unless Rin has stayed below ecQuietDBm0 over the whole
	// tail: then its step would be a few per cent at most, and its error
	// is near-end speech and noise, no ground for choosing a filter.
	if ec.farPeak >= ec.quietTh {
		ec.background(pf)
	}
	ec.nlp.block(pf, py, n)
}

// background runs the background filter on the current block, compares
// it with the foreground, whose error energy in the block is pf, and then
// adapts it unless the Geigel detector holds near-end speech.
//
// The choice between the filters comes before the adaptation, so that the
// foreground only ever takes a filter whose error on this block was
// measured. (Chosen after it, a tie between a background just reset or
// copied and the foreground handed the foreground the background's next,
// unmeasured step, block after block: on a steady tone a step is not
// always for the better, and the foreground followed the background's
// drift on a tone to +6 dBm0 of error.)
func (ec *EchoCanceller) background(pf float64) {
	n := ecN
	if !ec.ybok {
		ec.bg.output(ec.in, 1, 0, ec.yb)
	}
	ec.ybok = false
	x0, w0 := ec.in.x[ec.in.head], ec.bg.w[0]
	cmac(ec.yb.re, ec.yb.im, w0.re, w0.im, x0.re, x0.im)
	ec.fft.inverse(ec.yb.re, ec.yb.im, ec.t)
	t := ec.t
	clear(t[:n])
	var pb float64
	var yPeak float32
	for j, y := range t[n:] {
		e := ec.d[j] - y
		t[n+j] = e
		pb += float64(e) * float64(e)
		yPeak = max(yPeak, y, -y)
	}

	// Two echo path models.
	var ps float64
	for _, d := range ec.d {
		ps += float64(d) * float64(d)
	}
	ec.sf += ecSmooth * (pf - ec.sf)
	ec.sb += ecSmooth * (pb - ec.sb)
	ec.ss += ecSmooth * (ps - ec.ss)
	copyRatio := ecCopyRatio
	if ec.settled < ecSettledBlocks {
		copyRatio = ecCopyRatioFirst
		ec.settled++
		if ec.dtHold > 0 || ec.sf >= ecSettled*ec.ss {
			ec.settled = 0
		}
	}
	// An echo estimate above the Geigel threshold, louder than the hybrid
	// can return Rin, models something else than the echo: near-end
	// speech that Rin predicts, such as a steady tone whose other end
	// hears it and sends it back (two cancellers in one call), which a
	// filter can "cancel" from its own echo. The foreground never takes
	// such a filter.
	plausible := yPeak <= ec.geigel*ec.farPeak
	if ec.fgPeak > ec.geigel*ec.farPeak {
		ec.implausible++
	} else {
		ec.implausible = 0
	}
	switch {
	case ec.sf > ecHarmRatio*ec.ss || ec.implausible >= ecImplausibleBlocks:
		// The foreground adds more than it removes, or has modelled
		// something else than the echo (taken before the tone it now
		// cancels was there): no filter at all does better, whatever
		// near-end speech there is.
		ec.fg.reset()
		ec.sf = ec.ss
		ec.implausible = 0
	case ec.dtHold > 0:
	case ec.sb < copyRatio*ec.sf && pb < pf && plausible:
		ec.fg.copyFrom(ec.bg)
		ec.sf = ec.sb
	case ec.sb > ecResetRatio*ec.sf:
		// The background adapts from the foreground, with its error.
		ec.bg.copyFrom(ec.fg)
		ec.sb = ec.sf
		for j, y := range ec.yf {
			t[n+j] = ec.d[j] - y
		}
	}

	if ec.dtHold == 0 {
		ec.fft.forward(t, ec.e.re, ec.e.im)
		ec.bg.adapt(ec.in, ec.e, ecMu, ec.delta, ec.settled < ecSettledBlocks, ec.fft, ec.den, ec.t)
		ec.bg.leakLeading(ecOnsetRatio, ecLeak)
	}
}

// geigelDetect updates the Geigel double-talk verdict with the current
// block, and farPeak.
func (ec *EchoCanceller) geigelDetect() {
	mx, md := float32(ec.rinPeak), float32(ec.sinPeak)
	ec.rinPeak, ec.sinPeak = 0, 0
	ec.xmax[ec.xmaxAt] = mx
	if ec.xmaxAt++; ec.xmaxAt == len(ec.xmax) {
		ec.xmaxAt = 0
	}
	for _, v := range ec.xmax {
		mx = max(mx, v)
	}
	ec.farPeak = mx
	if md > ec.nearTh && md > ec.geigel*mx {
		ec.dtHold = ecGeigelHold
	} else if ec.dtHold > 0 {
		ec.dtHold--
	}
}
