package dsp

import (
	"fmt"
	"math"
)

// Resampling to 8 kHz, for uploaded prompts and speech synthesis: a
// rational polyphase FIR resampler.
//
// For an input rate f, the resampler upsamples by L and downsamples by M,
// where L/M = 8000/f in lowest terms (16 kHz: 1/2; 22.05 kHz: 160/441;
// 44.1 kHz: 80/441; 48 kHz: 1/6), without computing the samples it would
// throw away: output k is the dot product of the newest input samples with
// phase (k·M mod L) of the anti-aliasing filter.
//
// The filter is a windowed sinc (Kaiser window, β = 6.76 for 70 dB) with its
// -6 dB point at 4000 Hz and a transition band from 3850 to 4150 Hz: a
// tone up to 3.8 kHz passes within 0.01 dB, 3.9 kHz within 0.5 dB (the
// tests measure it), and everything from 4150 Hz up, which would alias to
// 3850 Hz and below, is at least 70 dB down; what lands in 3850 to
// 4000 Hz comes from the transition band. Its length in input samples is
// about 0.0144 times the input rate (318 taps at 22.05 kHz, 691 at
// 48 kHz), its delay half that.

const (
	resampleOutRate  = SampleRate
	resampleCutHz    = 4000.0
	resampleTransHz  = 300.0 // transition band width, centred on the cut
	resampleAttenDB  = 70.0
	resampleMaxPhase = 320 // largest L accepted (11.025 kHz needs 320)
	// ResampleMaxRate is the highest input rate a Resampler accepts, Hz.
	ResampleMaxRate = 192000
)

// Resampler converts 16-bit PCM at one input rate to 8 kHz. It keeps the
// last input samples between calls, so a stream may be fed in chunks of any
// size. Process allocates nothing; a Resampler is not safe for concurrent
// use. Its filter table takes 4·(taps)·L bytes: about 200 KB for 22.05 and
// 44.1 kHz, under 3 KB for 16 and 48 kHz.
type Resampler struct {
	inRate int
	l, m   int
	taps   int
	coef   []float32 // phase p's taps, reversed, at coef[p*taps:]
	hist   []float32 // last taps inputs, stored twice: hist[pos:pos+taps] is oldest to newest
	pos    int
	phase  int   // phase of the next output
	next   int64 // input index that completes the next output
	count  int64 // inputs consumed
}

// NewResampler returns a resampler from inRate Hz to 8000 Hz. inRate must
// be from 8000 to ResampleMaxRate Hz and make L (8000 over the greatest
// common divisor of the two rates) at most 320: 11.025, 16, 22.05, 32,
// 44.1, 48, 96 kHz and most other rates in use qualify. At 8000 Hz it
// copies.
func NewResampler(inRate int) (*Resampler, error) {
	if inRate < resampleOutRate || inRate > ResampleMaxRate {
		return nil, fmt.Errorf("dsp: resampler: input rate %d Hz; use %d to %d Hz", inRate, resampleOutRate, ResampleMaxRate)
	}
	g := gcd(inRate, resampleOutRate)
	l, m := resampleOutRate/g, inRate/g
	if l > resampleMaxPhase {
		return nil, fmt.Errorf("dsp: resampler: input rate %d Hz needs %d filter phases; use a rate such as 11025, 16000, 22050, 44100 or 48000 Hz", inRate, l)
	}
	r := &Resampler{inRate: inRate, l: l, m: m}
	if m == 1 {
		return r, nil
	}
	// Kaiser's estimate of the length for the attenuation and transition,
	// in input samples.
	dw := 2 * math.Pi * resampleTransHz / float64(inRate)
	r.taps = int(math.Ceil((resampleAttenDB - 7.95) / (2.285 * dw)))
	n := r.taps * l // prototype length at the rate l·inRate
	beta := 0.1102 * (resampleAttenDB - 8.7)
	fc := resampleCutHz / float64(l*inRate) // cycles per prototype sample
	mid := float64(n-1) / 2
	proto := make([]float64, n)
	var sum float64
	for i := range proto {
		t := float64(i) - mid
		h := 2 * fc
		if t != 0 {
			h = math.Sin(2*math.Pi*fc*t) / (math.Pi * t)
		}
		x := 2*float64(i)/float64(n-1) - 1
		h *= besselI0(beta*math.Sqrt(max(0, 1-x*x))) / besselI0(beta)
		proto[i] = h
		sum += h
	}
	// Unity gain at 0 Hz for every phase: each phase holds 1/l of the taps.
	r.coef = make([]float32, l*r.taps)
	for p := 0; p < l; p++ {
		for j := 0; j < r.taps; j++ {
			r.coef[p*r.taps+r.taps-1-j] = float32(proto[p+j*l] * float64(l) / sum)
		}
	}
	r.hist = make([]float32, 2*r.taps)
	r.Reset()
	return r, nil
}

// InRate returns the input rate in Hz.
func (r *Resampler) InRate() int { return r.inRate }

// Taps returns the filter's length in input samples (0 at 8 kHz).
func (r *Resampler) Taps() int { return r.taps }

// Delay returns the filter's delay in output samples: an input event comes
// out this much later (0 at 8 kHz).
func (r *Resampler) Delay() float64 {
	if r.m == 1 {
		return 0
	}
	return float64(r.taps*r.l-1) / 2 / float64(r.m)
}

// Reset forgets the input seen so far, as if the resampler were new.
func (r *Resampler) Reset() {
	clear(r.hist)
	r.pos, r.phase, r.next, r.count = 0, 0, 0, 0
}

// MaxOut returns the largest number of output samples that n more input
// samples can produce: the room Process needs in dst.
func (r *Resampler) MaxOut(n int) int {
	return int(int64(n)*int64(r.l)/int64(r.m)) + 1
}

// Process consumes all of src and writes the output samples it completes
// into dst, returning how many. dst needs room for MaxOut(len(src))
// samples; Process panics if it is shorter than the output.
func (r *Resampler) Process(dst, src []int16) int {
	if r.m == 1 {
		return copy(dst, src)
	}
	out := 0
	t := r.taps
	for _, v := range src {
		x := float32(v)
		r.hist[r.pos] = x
		r.hist[r.pos+t] = x
		r.pos++
		if r.pos == t {
			r.pos = 0
		}
		if r.count == r.next {
			c := r.coef[r.phase*t : r.phase*t+t]
			dst[out] = saturate(float64(dot32(c, r.hist[r.pos:r.pos+t])))
			out++
			r.phase += r.m
			r.next += int64(r.phase / r.l)
			r.phase %= r.l
		}
		r.count++
	}
	return out
}

// Flush feeds the resampler silence as long as its filter, so that the end
// of the input comes out, writes that tail into dst and returns its length
// (at most MaxOut(Taps())). The resampler is then ready for a new stream
// only after Reset.
func (r *Resampler) Flush(dst []int16) int {
	var zeros [64]int16
	out := 0
	for left := r.taps; left > 0; {
		n := min(left, len(zeros))
		out += r.Process(dst[out:], zeros[:n])
		left -= n
	}
	return out
}

// dot32 returns Σ a[i]·b[i] for slices of equal length, summed in four
// lanes. It is the resampler's inner loop, a pure function of two slices
// that only its caller holds; the race detector's per-load instrumentation
// would make it 25 times slower and find nothing (the caller's accesses to
// the same memory are instrumented), so it is left out.
//
//go:norace
func dot32(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// besselI0 returns the modified Bessel function of the first kind, order 0,
// by its power series.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 60; k++ {
		term *= (x / 2) / float64(k)
		sum += term * term
		if term*term < sum*1e-17 {
			break
		}
	}
	return sum
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
