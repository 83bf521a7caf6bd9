package dsp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestRealFFTMatchesDFT(t *testing.T) {
	for _, m := range []int{8, 16, 64, 128, 256} {
		t.Run(fmt.Sprintf("%d_points", m), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(m), 1))
			x := make([]float32, m)
			for i := range x {
				x[i] = float32(r.NormFloat64() * 1000)
			}
			f := newRealFFT(m)
			re, im := make([]float32, m/2+1), make([]float32, m/2+1)
			f.forward(x, re, im)
			var scale float64
			for k := 0; k <= m/2; k++ {
				var wr, wi float64
				for i, v := range x {
					s, c := math.Sincos(-2 * math.Pi * float64(k*i) / float64(m))
					wr += float64(v) * c
					wi += float64(v) * s
				}
				scale = max(scale, math.Hypot(wr, wi))
				if d := math.Hypot(float64(re[k])-wr, float64(im[k])-wi); d > 1e-5*1000*float64(m) {
					t.Errorf("bin %d = %v%+vi; want %.2f%+.2fi", k, re[k], im[k], wr, wi)
				}
			}
			y := make([]float32, m)
			f.inverse(re, im, y)
			for i := range x {
				if d := math.Abs(float64(y[i] - x[i])); d > 1e-3 {
					t.Errorf("inverse(forward(x))[%d] = %v; want %v", i, y[i], x[i])
				}
			}
		})
	}
}

func BenchmarkRealFFT128(b *testing.B) {
	f := newRealFFT(128)
	x := make([]float32, 128)
	for i := range x {
		x[i] = float32(i % 7)
	}
	re, im := make([]float32, 65), make([]float32, 65)
	b.ReportAllocs()
	for b.Loop() {
		f.forward(x, re, im)
		f.inverse(re, im, x)
	}
}
