package dsp

import (
	"math"
	"math/cmplx"
)

// biquad is one second-order IIR section in transposed direct form II.
type biquad struct {
	b0, b1, b2, a1, a2 float64
	z1, z2             float64
}

// highPass4 returns the two sections of a 4th-order Butterworth high-pass
// filter with its -3 dB corner at fc Hz (bilinear transform, 8 kHz).
func highPass4(fc float64) [2]biquad {
	k := math.Tan(math.Pi * fc / SampleRate)
	var s [2]biquad
	// The pole pairs of a 4th-order Butterworth filter have these Qs.
	for i, q := range [2]float64{0.54119610, 1.3065630} {
		n := 1 / (1 + k/q + k*k)
		s[i] = biquad{
			b0: n, b1: -2 * n, b2: n,
			a1: 2 * (k*k - 1) * n,
			a2: (1 - k/q + k*k) * n,
		}
	}
	return s
}

// filter returns the section's output for input x.
func (b *biquad) filter(x float64) float64 {
	y := b.b0*x + b.z1
	b.z1 = b.b1*x - b.a1*y + b.z2
	b.z2 = b.b2*x - b.a2*y
	return y
}

// powerGain returns |H(f)|² of the section at f Hz.
func (b *biquad) powerGain(f float64) float64 {
	z := cmplx.Rect(1, -2*math.Pi*f/SampleRate) // z^-1
	h := (complex(b.b0, 0) + complex(b.b1, 0)*z + complex(b.b2, 0)*z*z) /
		(1 + complex(b.a1, 0)*z + complex(b.a2, 0)*z*z)
	return real(h)*real(h) + imag(h)*imag(h)
}
