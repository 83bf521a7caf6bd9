package dsp

import (
	"math"
	"math/rand/v2"
)

// Test signal helpers: synthesis of sines and noise, and measurement.

// sine is one component of a test signal: freq Hz at dbm0 dBm0.
type sine struct {
	hz, dbm0 float64
}

// addSines adds the sum of comps to buf[from:from+n] as float64 samples,
// each starting at phase 0 at sample from.
func addSines(buf []float64, from, n int, comps ...sine) {
	for _, c := range comps {
		a := PeakFromDBm0(c.dbm0)
		w := 2 * math.Pi * c.hz / SampleRate
		for i := 0; i < n && from+i < len(buf); i++ {
			buf[from+i] += a * math.Sin(w*float64(i))
		}
	}
}

// addNoise adds white Gaussian noise at dbm0 (dBm0, total power over
// 0-4 kHz) to buf, from a PRNG seeded with seed.
func addNoise(buf []float64, dbm0 float64, seed uint64) {
	r := rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
	sigma := math.Sqrt(zeroDBm0Power * math.Pow(10, dbm0/10))
	for i := range buf {
		buf[i] += sigma * r.NormFloat64()
	}
}

// toPCM saturates buf into 16-bit PCM.
func toPCM(buf []float64) []int16 {
	pcm := make([]int16, len(buf))
	for i, v := range buf {
		pcm[i] = saturate(v)
	}
	return pcm
}

// levelAt returns the level in dBm0 of the component at freq Hz in pcm,
// by correlating with a sine and a cosine (a single DFT bin at freq).
func levelAt(pcm []int16, freq float64) float64 {
	w := 2 * math.Pi * freq / SampleRate
	var c, s float64
	for i, v := range pcm {
		c += float64(v) * math.Cos(w*float64(i))
		s += float64(v) * math.Sin(w*float64(i))
	}
	n := float64(len(pcm))
	amp := 2 * math.Hypot(c, s) / n
	return 20 * math.Log10(amp/ZeroDBm0Peak)
}
