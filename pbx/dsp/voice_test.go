package dsp

import (
	"math"
	"math/rand/v2"
)

// Voice-like test signals for the detectors' false-alarm tests and the AGC
// and mixer tests: a source-filter model, deterministic for a seed.

// voiceLike returns n samples of a voice-like signal whose active level (the
// power while a syllable sounds) is dbm0 dBm0: syllables of 60 to 360 ms,
// four in five voiced (a glottal pulse train whose pitch, 80 to 300 Hz,
// glides and jitters) and the rest unvoiced (noise), each through three
// formant resonators whose frequencies glide to new targets every syllable,
// separated by pauses of 20 to 400 ms (now and then a second). active
// reports per sample whether a syllable sounds.
func voiceLike(n int, dbm0 float64, seed uint64) (sig []float64, active []bool) {
	r := rand.New(rand.NewPCG(seed, seed^0xA5A5A5A5DEADBEEF))
	sig = make([]float64, n)
	active = make([]bool, n)
	var y [3][2]float64 // resonator states
	var a [3][2]float64 // resonator coefficients
	f := [3]float64{500, 1500, 2500}
	bw := [3]float64{80, 120, 200}
	const ramp = 10 * 8
	for at := 0; at < n; {
		dur := (60 + r.IntN(300)) * 8
		voiced := r.IntN(5) != 0
		f0 := 80 + r.Float64()*220
		f0End := f0 * (0.7 + 0.6*r.Float64())
		gain := math.Pow(10, (r.Float64()*12-6)/20)
		target := [3]float64{250 + r.Float64()*650, 800 + r.Float64()*1700, 2000 + r.Float64()*1500}
		if !voiced {
			target[0] = 1500 + r.Float64()*1000
		}
		phase := 0.0
		for k := 0; k < dur && at+k < n; k++ {
			if k%40 == 0 {
				for j := range f {
					f[j] += (target[j] - f[j]) * 0.15
					a[j][0], a[j][1] = formant(f[j], bw[j])
				}
			}
			var ex float64
			if voiced {
				pitch := f0 + (f0End-f0)*float64(k)/float64(dur)
				phase += pitch * (1 + 0.01*r.NormFloat64()) / SampleRate
				if phase >= 1 {
					phase--
					ex = 1
				}
				ex += 0.02 * r.NormFloat64()
			} else {
				ex = 0.3 * r.NormFloat64()
			}
			v := ex
			for j := range y {
				o := v + a[j][0]*y[j][0] + a[j][1]*y[j][1]
				y[j][1], y[j][0] = y[j][0], o
				v = o * (1 - a[j][0] - a[j][1]) // unity gain at 0 Hz
			}
			e := 1.0
			if k < ramp {
				e = 0.5 - 0.5*math.Cos(math.Pi*float64(k)/ramp)
			} else if dur-k < ramp {
				e = 0.5 - 0.5*math.Cos(math.Pi*float64(dur-k)/ramp)
			}
			sig[at+k] = v * e * gain
			active[at+k] = true
		}
		at += dur + (20+r.IntN(380))*8
		if r.IntN(8) == 0 {
			at += 1000 * 8
		}
	}
	var p float64
	var m int
	for i, v := range sig {
		if active[i] {
			p += v * v
			m++
		}
	}
	if p > 0 {
		k := math.Sqrt(zeroDBm0Power * math.Pow(10, dbm0/10) / (p / float64(m)))
		for i := range sig {
			sig[i] *= k
		}
	}
	return sig, active
}

// formant returns the feedback coefficients of a two-pole resonance at f Hz
// with bandwidth bw Hz: y[n] = x[n] + a1·y[n-1] + a2·y[n-2].
func formant(f, bw float64) (a1, a2 float64) {
	rad := math.Exp(-math.Pi * bw / SampleRate)
	return 2 * rad * math.Cos(2*math.Pi*f/SampleRate), -rad * rad
}
