package dsp

import (
	"math"
	"math/rand/v2"
)

// Speech-like test signals: deterministic stand-ins for a talker, for the
// echo canceller, mixer and AGC tests.

// speechLike returns n samples of a speech-like signal: Gaussian noise
// shaped by a time-varying all-pole filter (two formant resonances that
// glide during each syllable, and a spectral tilt of about -6 dB per octave
// above 500 Hz), under a syllabic envelope (syllables of 80 to 300 ms with
// 15 ms ramps, gaps of 30 to 250 ms, now and then a pause of up to 800 ms).
// Its active level (the power while the envelope is on) is dbm0 dBm0. The
// PRNG is seeded with seed; the same seed gives the same signal. active
// reports per sample whether a syllable sounds.
func speechLike(n int, dbm0 float64, seed uint64) (sig []float64, active []bool) {
	r := rand.New(rand.NewPCG(seed, seed*0x9E3779B97F4A7C15+1))
	sig = make([]float64, n)
	active = make([]bool, n)
	env := make([]float64, n)
	const ramp = 15 * 8
	for at := 0; at < n; {
		on := (80 + r.IntN(220)) * 8
		gain := math.Pow(10, (r.Float64()*12-6)/20)
		for i := 0; i < on && at+i < n; i++ {
			e := 1.0
			if i < ramp {
				e = 0.5 - 0.5*math.Cos(math.Pi*float64(i)/ramp)
			} else if on-i < ramp {
				e = 0.5 - 0.5*math.Cos(math.Pi*float64(on-i)/ramp)
			}
			env[at+i] = gain * e
			active[at+i] = true
		}
		at += on
		off := (30 + r.IntN(220)) * 8
		if r.IntN(6) == 0 {
			off = (300 + r.IntN(500)) * 8
		}
		at += off
	}

	// Formant trajectories: a new target every syllable-ish stretch of
	// 100 to 250 ms, reached by linear glide, coefficients updated every
	// 5 ms.
	var y1, y2, y3, y4, tilt float64
	f1, f2 := 500.0, 1500.0
	t1, t2 := f1, f2
	var left, glide int
	var a11, a12, a21, a22 float64
	for i := 0; i < n; i++ {
		if left == 0 {
			t1 = 300 + r.Float64()*500
			t2 = 900 + r.Float64()*1500
			glide = (100 + r.IntN(150)) * 8
			left = glide
		}
		if i%40 == 0 {
			k := 40.0 / float64(max(left, 40))
			f1 += (t1 - f1) * k
			f2 += (t2 - f2) * k
			a11, a12 = resonator(f1, 90)
			a21, a22 = resonator(f2, 130)
		}
		left--
		x := r.NormFloat64()
		// Two resonators in cascade, then a one-pole tilt.
		v := x + a11*y1 + a12*y2
		y2, y1 = y1, v
		w := v + a21*y3 + a22*y4
		y4, y3 = y3, w
		tilt = w + 0.6*tilt
		sig[i] = tilt * env[i]
	}

	// Scale to the active level.
	var p float64
	var m int
	for i, v := range sig {
		if active[i] {
			p += v * v
			m++
		}
	}
	if m > 0 && p > 0 {
		k := math.Sqrt(zeroDBm0Power * math.Pow(10, dbm0/10) / (p / float64(m)))
		for i := range sig {
			sig[i] *= k
		}
	}
	return sig, active
}

// resonator returns the feedback coefficients of a two-pole resonance at f
// Hz with bandwidth bw Hz: y[n] = x[n] + a1·y[n-1] + a2·y[n-2].
func resonator(f, bw float64) (a1, a2 float64) {
	rad := math.Exp(-math.Pi * bw / SampleRate)
	return 2 * rad * math.Cos(2*math.Pi*f/SampleRate), -rad * rad
}

// hybridEcho returns the impulse response of a simulated 2-wire hybrid's
// echo path: delayMs of pure delay, then a dispersive response of dispMs
// (a seeded decaying noise burst band-limited by a 300 Hz high-pass and a
// 3.4 kHz low-pass, as a line transformer and the codec filters do), scaled
// so that the echo of sig is erlDB weaker than sig.
func hybridEcho(sig []float64, delayMs, dispMs, erlDB float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 77))
	d := int(delayMs * 8)
	m := int(dispMs * 8)
	raw := make([]float64, m)
	tau := float64(m) / 5
	for i := range raw {
		raw[i] = r.NormFloat64() * math.Exp(-float64(i)/tau)
	}
	// Band-limit: a 2nd-order high-pass at 300 Hz and two one-pole
	// low-pass sections near 3.4 kHz, run forwards over the burst.
	hp := highPass4(300)[0]
	var lp1, lp2 float64
	h := make([]float64, d+m)
	for i, v := range raw {
		v = hp.filter(v)
		lp1 += 0.75 * (v - lp1)
		lp2 += 0.75 * (lp1 - lp2)
		h[d+i] = lp2
	}
	echo := convolve(sig, h)
	var ps, pe float64
	for i := range sig {
		ps += sig[i] * sig[i]
		pe += echo[i] * echo[i]
	}
	k := math.Sqrt(ps / pe * math.Pow(10, -erlDB/10))
	for i := range h {
		h[i] *= k
	}
	return h
}

// convolve returns x filtered by the FIR h, as long as x.
func convolve(x, h []float64) []float64 {
	y := make([]float64, len(x))
	for k, c := range h {
		if c == 0 {
			continue
		}
		for i := k; i < len(x); i++ {
			y[i] += c * x[i-k]
		}
	}
	return y
}
