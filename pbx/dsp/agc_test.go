package dsp

import (
	"fmt"
	"math"
	"testing"
)

// agcRun runs a default AGC over pcm in 20 ms frames, in place, and returns
// its gain in dB after every frame.
func agcRun(t testing.TB, o *AGCOpts, pcm []int16) []float64 {
	t.Helper()
	a, err := NewAGC(o)
	if err != nil {
		t.Fatal(err)
	}
	var gains []float64
	for i := 0; i+frameLen <= len(pcm); i += frameLen {
		a.Process(pcm[i : i+frameLen])
		gains = append(gains, a.GainDB())
	}
	return gains
}

func TestAGCTargetLevel(t *testing.T) {
	o := DefaultAGCOpts
	tests := []struct {
		in, want float64 // dBm0
	}{
		{-3, -12}, {-10, -12}, {-16, -12}, {-25, -12}, {-30, -12},
		{-35, -17}, // 18 dB of gain at most
		{-44, -26},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("tone_at_%.0fdBm0", tt.in), func(t *testing.T) {
			pcm := sineAt(SampleRate, 1000, tt.in, 3*SampleRate)
			agcRun(t, &o, pcm)
			got := PowerDBm0(pcm[2*SampleRate:])
			if math.Abs(got-tt.want) > 0.2 {
				t.Errorf("1 kHz at %.0f dBm0 comes out at %.2f dBm0; want %.0f", tt.in, got, tt.want)
			}
		})
	}
}

// settleMs returns the time in ms from sample from until the 5 ms level of
// pcm stays within 1 dB of want.
func settleMs(pcm []int16, from int, want float64) float64 {
	last := from
	for i := from; i+40 <= len(pcm); i += 40 {
		if math.Abs(PowerDBm0(pcm[i:i+40])-want) > 1 {
			last = i + 40
		}
	}
	return float64(last-from) / 8
}

func TestAGCAttackAndRelease(t *testing.T) {
	tests := []struct {
		name       string
		from, to   float64 // dBm0 before and after the step
		maxSettleM float64 // ms to get within 1 dB of the target
	}{
		{"attack_-30_to_-6dBm0", -30, -6, 60},
		{"attack_-30_to_0dBm0", -30, 0, 60},
		{"release_-10_to_-20dBm0", -10, -20, 1400}, // 500 ms time constant: 2.3 τ to come within 1 dB
		{"release_-6_to_-28dBm0", -6, -28, 2800},   // 1 s as a pause first, then 3.1 τ
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step := 2 * SampleRate
			pcm := append(sineAt(SampleRate, 1000, tt.from, step), sineAt(SampleRate, 1000, tt.to, 3*SampleRate)...)
			orig := append([]int16(nil), pcm...)
			agcRun(t, nil, pcm)
			ms := settleMs(pcm, step, DefaultAGCOpts.TargetDBm0)
			t.Logf("%s: within 1 dB of the target after %.0f ms", tt.name, ms)
			if ms > tt.maxSettleM {
				t.Errorf("settled after %.0f ms; want at most %.0f ms", ms, tt.maxSettleM)
			}
			// Never a wrap-around: every output sample has its input's sign.
			for i := range pcm {
				if (pcm[i] > 0 && orig[i] < 0) || (pcm[i] < 0 && orig[i] > 0) {
					t.Fatalf("sample %d: in %d, out %d: sign flipped", i, orig[i], pcm[i])
				}
			}
		})
	}
}

func TestAGCNoPumpingOnSilence(t *testing.T) {
	tests := []struct {
		name  string
		noise float64 // background, dBm0
	}{
		{"digital_silence", math.Inf(-1)},
		{"noise_-60dBm0", -60},
		{"noise_-50dBm0", -50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			speech, _ := voiceLike(6*SampleRate, -30, 5)
			sig := append(speech, make([]float64, 6*SampleRate)...)
			if !math.IsInf(tt.noise, -1) {
				addNoise(sig, tt.noise, 6)
			}
			pcm := toPCM(sig)
			gains := agcRun(t, nil, pcm)
			atEnd := gains[6*50-1]
			for f := 6 * 50; f < len(gains); f++ {
				if math.Abs(gains[f]-atEnd) > 0.5 {
					t.Fatalf("gain %.1f dB at %.2f s of silence; want it held at %.1f dB (end of speech)", gains[f], float64(f-6*50)/50, atEnd)
				}
			}
			if !math.IsInf(tt.noise, -1) {
				got := PowerDBm0(pcm[8*SampleRate:])
				if want := tt.noise + atEnd; math.Abs(got-want) > 0.5 {
					t.Errorf("background comes out at %.1f dBm0; want %.1f (held gain, not the maximum)", got, want)
				}
			}
		})
	}
}

func TestAGCSpeechLevels(t *testing.T) {
	// Talkers 25 dB apart end within 2 dB of each other, about 9 dB under
	// the envelope target.
	var levels []float64
	for _, in := range []float64{-35, -22, -10} {
		sig, active := voiceLike(20*SampleRate, in, 9)
		pcm := toPCM(sig)
		agcRun(t, nil, pcm)
		var p float64
		var n int
		for i := 5 * SampleRate; i < len(pcm); i++ {
			if active[i] {
				p += float64(pcm[i]) * float64(pcm[i])
				n++
			}
		}
		got := 10 * math.Log10(p/float64(n)/zeroDBm0Power)
		t.Logf("voice at %.0f dBm0 active level comes out at %.1f dBm0", in, got)
		levels = append(levels, got)
		if want := DefaultAGCOpts.TargetDBm0 - 9; math.Abs(got-want) > 2 {
			t.Errorf("voice at %.0f dBm0 comes out at %.1f dBm0; want %.0f ± 2 dBm0", in, got, want)
		}
	}
	lo, hi := levels[0], levels[0]
	for _, l := range levels {
		lo, hi = min(lo, l), max(hi, l)
	}
	if hi-lo > 2 {
		t.Errorf("output levels %v spread %.1f dB; want at most 2 dB", levels, hi-lo)
	}
}

func TestNewAGCErrors(t *testing.T) {
	bad := []func(o *AGCOpts){
		func(o *AGCOpts) { o.TargetDBm0 = 5 },
		func(o *AGCOpts) { o.MaxGainDB = -1 },
		func(o *AGCOpts) { o.AttackMs = 0 },
		func(o *AGCOpts) { o.ReleaseMs = 1 },
		func(o *AGCOpts) { o.SilenceDBm0 = -10 },
	}
	for i, f := range bad {
		o := DefaultAGCOpts
		f(&o)
		if _, err := NewAGC(&o); err == nil {
			t.Errorf("case %d: NewAGC(%+v): no error", i, o)
		}
	}
}

func TestAGCAllocs(t *testing.T) {
	a, _ := NewAGC(nil)
	pcm := sineAt(SampleRate, 1000, -30, frameLen)
	if n := testing.AllocsPerRun(100, func() { a.Process(pcm) }); n != 0 {
		t.Errorf("Process allocated %v times per run; want 0", n)
	}
}

func BenchmarkAGC(b *testing.B) {
	sig, _ := voiceLike(SampleRate, -25, 1)
	pcm := toPCM(sig)
	frame := make([]int16, frameLen)
	a, _ := NewAGC(nil)
	b.Run("frame160", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			copy(frame, pcm[i*frameLen:])
			a.Process(frame)
			i = (i + 1) % 50
		}
	})
}
