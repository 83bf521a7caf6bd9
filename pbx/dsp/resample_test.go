package dsp

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"strings"
	"testing"
)

// sineAt returns n samples of hz at rate Hz, peak PeakFromDBm0(dbm0).
func sineAt(rate int, hz, dbm0 float64, n int) []int16 {
	a := PeakFromDBm0(dbm0)
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = saturate(a * math.Sin(2*math.Pi*hz*float64(i)/float64(rate)))
	}
	return pcm
}

// resampleAll resamples pcm (and flushes) with a new resampler.
func resampleAll(t testing.TB, rate int, pcm []int16) ([]int16, *Resampler) {
	t.Helper()
	r, err := NewResampler(rate)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int16, r.MaxOut(len(pcm))+r.MaxOut(r.Taps()))
	n := r.Process(out, pcm)
	n += r.Flush(out[n:])
	return out[:n], r
}

// steady returns out without the filter's start and end transients.
func steady(out []int16, r *Resampler) []int16 {
	skip := int(2*r.Delay()) + 8
	return out[skip : len(out)-skip]
}

var resampleRates = []int{16000, 22050, 44100, 48000}

// filterGainDB returns the response of r's anti-aliasing filter at hz (input
// rate), relative to 0 Hz, from its polyphase table.
func filterGainDB(r *Resampler, hz float64) float64 {
	var h, h0 complex128
	w := 2 * math.Pi * hz / float64(r.l*r.inRate)
	for p := 0; p < r.l; p++ {
		for j := 0; j < r.taps; j++ {
			c := float64(r.coef[p*r.taps+r.taps-1-j])
			k := float64(p + j*r.l)
			h += complex(c*math.Cos(w*k), -c*math.Sin(w*k))
			h0 += complex(c, 0)
		}
	}
	return 20 * math.Log10(cmplx.Abs(h)/cmplx.Abs(h0))
}

func TestResamplerPassband(t *testing.T) {
	tests := []struct {
		hz    float64
		maxDB float64 // largest gain error allowed
	}{
		{300, 0.02}, {1000, 0.02}, {2000, 0.02}, {3000, 0.02}, {3400, 0.02}, {3800, 0.05}, {3900, 1},
	}
	for _, rate := range resampleRates {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%dHz/%.0fHz_within_%.2fdB", rate, tt.hz, tt.maxDB), func(t *testing.T) {
				out, r := resampleAll(t, rate, sineAt(rate, tt.hz, -10, rate))
				got := levelAt(steady(out, r), tt.hz) + 10
				if math.Abs(got) > tt.maxDB {
					t.Errorf("%.0f Hz at %d Hz: gain %+.3f dB; want within ±%.2f dB", tt.hz, rate, got, tt.maxDB)
				}
				if tt.hz == 3900 {
					t.Logf("3.9 kHz from %d Hz: %+.2f dB", rate, got)
				}
			})
		}
	}
}

func TestResamplerStopband(t *testing.T) {
	tests := []struct {
		rate     int
		hz       float64
		minAtten float64 // dB under the input tone
	}{
		{48000, 6000, 60}, // the condition
		{48000, 4150, 60}, {48000, 5000, 60}, {48000, 9000, 60}, {48000, 12000, 60}, {48000, 20000, 60},
		{44100, 4150, 60}, {44100, 6000, 60}, {44100, 11025, 60}, {44100, 20000, 60},
		{22050, 4150, 60}, {22050, 6000, 60}, {22050, 8000, 60}, {22050, 11000, 60},
		{16000, 4150, 60}, {16000, 5000, 60}, {16000, 6000, 60}, {16000, 7900, 60},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dHz/%.0fHz_at_least_%.0fdB_down", tt.rate, tt.hz, tt.minAtten), func(t *testing.T) {
			out, r := resampleAll(t, tt.rate, sineAt(tt.rate, tt.hz, 0, tt.rate))
			got := -PowerDBm0(steady(out, r)) // +Inf: every output sample rounds to 0
			if got < tt.minAtten {
				t.Errorf("%.0f Hz at %d Hz: %.1f dB down after resampling; want at least %.0f dB", tt.hz, tt.rate, got, tt.minAtten)
			}
			if f := -filterGainDB(r, tt.hz); f < tt.minAtten {
				t.Errorf("%.0f Hz at %d Hz: the filter's response is %.1f dB down; want at least %.0f dB", tt.hz, tt.rate, f, tt.minAtten)
			}
			if tt.rate == 48000 && tt.hz == 6000 {
				t.Logf("6 kHz from 48 kHz: filter response %.1f dB down; a 0 dBm0 tone comes out %.1f dB down", -filterGainDB(r, tt.hz), got)
			}
		})
	}
}

func TestResamplerChunksDoNotMatter(t *testing.T) {
	for _, rate := range resampleRates {
		t.Run(fmt.Sprintf("%dHz", rate), func(t *testing.T) {
			src := make([]float64, rate/2)
			addNoise(src, -10, 1)
			pcm := toPCM(src)
			want, _ := resampleAll(t, rate, pcm)
			for _, chunk := range []int{1, 7, 160, 441, 0} {
				r, _ := NewResampler(rate)
				rnd := rand.New(rand.NewPCG(uint64(chunk), 2))
				got := make([]int16, 0, len(want))
				buf := make([]int16, r.MaxOut(rate))
				for i := 0; i < len(pcm); {
					n := chunk
					if n == 0 {
						n = 1 + rnd.IntN(2000) // random sizes
					}
					n = min(n, len(pcm)-i)
					k := r.Process(buf, pcm[i:i+n])
					if k > r.MaxOut(n) {
						t.Fatalf("Process of %d samples gave %d; MaxOut says at most %d", n, k, r.MaxOut(n))
					}
					got = append(got, buf[:k]...)
					i += n
				}
				got = append(got, buf[:r.Flush(buf)]...)
				if len(got) != len(want) {
					t.Fatalf("chunks of %d: %d samples; want %d", chunk, len(got), len(want))
				}
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("chunks of %d: sample %d = %d; want %d", chunk, i, got[i], want[i])
					}
				}
			}
		})
	}
}

func TestResamplerLengthAndDelay(t *testing.T) {
	for _, rate := range append([]int{8000, 11025, 32000, 96000}, resampleRates...) {
		t.Run(fmt.Sprintf("%dHz", rate), func(t *testing.T) {
			r, err := NewResampler(rate)
			if err != nil {
				t.Fatal(err)
			}
			// One second in, 8000 samples out.
			in := make([]int16, rate)
			in[rate/2] = 20000 // a click half way
			out := make([]int16, r.MaxOut(len(in)))
			if n := r.Process(out, in); n != SampleRate {
				t.Errorf("%d inputs gave %d outputs; want %d", rate, n, SampleRate)
			}
			// The click comes out at 4000 + Delay.
			peak := 0
			for i := range out {
				if abs32(int32(out[i])) > abs32(int32(out[peak])) {
					peak = i
				}
			}
			if want := 4000 + r.Delay(); math.Abs(float64(peak)-want) > 1 {
				t.Errorf("click at output sample %d; want %.1f (Delay %.1f)", peak, want, r.Delay())
			}
		})
	}
}

func TestNewResamplerErrors(t *testing.T) {
	for _, rate := range []int{0, 7999, 44101, 200000} {
		if _, err := NewResampler(rate); err == nil || !strings.HasPrefix(err.Error(), "dsp: resampler: ") {
			t.Errorf("NewResampler(%d) error = %v; want a prefixed error", rate, err)
		}
	}
}

func TestResamplerAllocs(t *testing.T) {
	for _, rate := range resampleRates {
		r, _ := NewResampler(rate)
		in := sineAt(rate, 1000, -10, rate/50)
		out := make([]int16, r.MaxOut(len(in)))
		if a := testing.AllocsPerRun(20, func() { r.Process(out, in) }); a != 0 {
			t.Errorf("%d Hz: Process allocated %v times per run; want 0", rate, a)
		}
	}
}

func BenchmarkResampler(b *testing.B) {
	for _, rate := range resampleRates {
		b.Run(fmt.Sprintf("%dHz_to_8kHz_frame160", rate), func(b *testing.B) {
			r, _ := NewResampler(rate)
			src := make([]float64, rate)
			addNoise(src, -15, 1)
			pcm := toPCM(src)
			chunk := rate / 50 // 20 ms of input: 160 samples out
			out := make([]int16, r.MaxOut(chunk))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				r.Process(out, pcm[i*chunk:(i+1)*chunk])
				i = (i + 1) % 50
			}
		})
	}
}
