package dsp

import (
	"fmt"
	"math"
	"testing"
)

func near(got, want, tol int) bool { return got >= want-tol && got <= want+tol }

// onOffRuns splits pcm into 1 ms blocks, calls a block on when any sample
// exceeds -60 dBm0's peak, and returns the lengths in ms of the alternating
// runs, starting with an on run (0 if pcm starts silent).
func onOffRuns(pcm []int16) []int {
	thr := PeakFromDBm0(-60)
	var runs []int
	on, n := true, 0
	for b := 0; b+8 <= len(pcm); b += 8 {
		blockOn := false
		for _, v := range pcm[b : b+8] {
			if math.Abs(float64(v)) > thr {
				blockOn = true
			}
		}
		if blockOn != on {
			runs = append(runs, n)
			on, n = blockOn, 0
		}
		n++
	}
	return append(runs, n)
}

// expectedRuns returns the on/off runs in ms that steps should produce over
// total ms, merging neighbouring steps that are both on or both off.
func expectedRuns(steps []Step, total int, once bool) []int {
	var runs []int
	on, n := true, 0
	for t, i := 0, 0; t < total; i++ {
		if i == len(steps) {
			if once {
				break
			}
			i = 0
		}
		s := steps[i]
		ms := s.Ms
		if ms == 0 {
			ms = total - t
		}
		ms = min(ms, total-t)
		if sOn := len(s.Hz) > 0; sOn != on {
			runs = append(runs, n)
			on, n = sOn, 0
		}
		n += ms
		t += ms
	}
	return append(runs, n)
}

func TestToneGenPlans(t *testing.T) {
	plans, err := BuiltinPlans()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plans {
		for _, nt := range p.tones() {
			t.Run(p.Country+"/"+nt.name, func(t *testing.T) {
				g, err := NewToneGen(nt.tone)
				if err != nil {
					t.Fatalf("NewToneGen: %v", err)
				}
				steps := nt.tone.steps()
				// Two periods show the repeat; a continuous tone runs 1 s.
				total := 2 * nt.tone.Period()
				if total == 0 {
					total = 1000
				}
				pcm := make([]int16, total*SampleRate/1000)
				for i := 0; i < len(pcm); i += frameLen {
					g.Generate(pcm[i:min(i+frameLen, len(pcm))])
				}

				t.Run("cadence", func(t *testing.T) {
					got := onOffRuns(pcm)
					want := expectedRuns(steps, total, nt.tone.Once)
					if len(got) != len(want) {
						t.Fatalf("runs = %v ms; want %v", got, want)
					}
					for i := range got {
						if !near(got[i], want[i], 1) {
							t.Fatalf("runs = %v ms; want %v (±1 ms)", got, want)
						}
					}
				})

				t.Run("frequency_and_level", func(t *testing.T) {
					at := 0
					for i, s := range steps {
						ns := s.Ms * SampleRate / 1000
						if s.Ms == 0 {
							ns = len(pcm)
						}
						seg := pcm[at : at+ns]
						at += ns
						if len(s.Hz) == 0 {
							if p := PowerDBm0(seg); p > -90 {
								t.Errorf("step %d (silence) power = %.1f dBm0; want silence", i, p)
							}
							continue
						}
						var comp float64
						for _, f := range s.Hz {
							l := levelAt(seg, f)
							if math.Abs(l-nt.tone.DBm0) > 0.2 {
								t.Errorf("step %d: level at %v Hz = %.2f dBm0; want %.1f ± 0.2", i, f, l, nt.tone.DBm0)
							}
							comp += math.Pow(10, l/10)
						}
						total := math.Pow(10, PowerDBm0(seg)/10)
						if residual := 10 * math.Log10(math.Abs(total-comp)/total); residual > -30 {
							t.Errorf("step %d: power outside %v Hz is %.1f dB of the total; want below -30 dB", i, s.Hz, residual)
						}
					}
				})
			})
		}
	}
}

func TestToneGenLevel(t *testing.T) {
	tests := []struct {
		hz   []float64
		dbm0 float64
		want float64 // total power, dBm0
	}{
		{[]float64{425}, 0, 0},
		{[]float64{425}, -10, -10},
		{[]float64{425}, -40, -40},
		{[]float64{1000}, 3, 3},
		{[]float64{350, 440}, -13, -13 + 3.01},
		{[]float64{480, 620}, -24, -24 + 3.01},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v_Hz_at_%v_dBm0", tt.hz, tt.dbm0), func(t *testing.T) {
			g, err := NewToneGen(Tone{Hz: tt.hz, DBm0: tt.dbm0})
			if err != nil {
				t.Fatal(err)
			}
			pcm := make([]int16, 8000)
			g.Generate(pcm)
			if got := PowerDBm0(pcm); math.Abs(got-tt.want) > 0.05 {
				t.Errorf("power = %.3f dBm0; want %.2f ± 0.05", got, tt.want)
			}
		})
	}
}

func TestToneGenWithLevel(t *testing.T) {
	p, _ := BuiltinPlan("RU")
	g, err := NewToneGen(p.Dial.WithLevel(-20))
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, 4000)
	g.Generate(pcm)
	if got := PowerDBm0(pcm); math.Abs(got+20) > 0.05 {
		t.Errorf("RU dial WithLevel(-20) power = %.2f dBm0; want -20", got)
	}
}

func TestToneGenOnce(t *testing.T) {
	g, err := NewToneGen(Tone{Hz: []float64{1400}, Cadence: []int{100, 50}, DBm0: -10, Once: true})
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, 2000)
	for i := range pcm {
		pcm[i] = 1
	}
	if n := g.Generate(pcm); n != 1200 {
		t.Errorf("Generate(2000 samples) of a once 100+50 ms tone = %d; want 1200", n)
	}
	if !g.Done() {
		t.Errorf("Done() = false after the end of a once tone")
	}
	for i, v := range pcm[1200:] {
		if v != 0 {
			t.Fatalf("sample %d after the end = %d; want 0", 1200+i, v)
		}
	}
	g.Reset()
	if g.Done() || g.Generate(pcm[:10]) != 10 {
		t.Errorf("Reset() did not restart the tone")
	}
}

func TestToneGenBufferSizeDoesNotMatter(t *testing.T) {
	tone := Tone{Hz: []float64{400, 450}, Cadence: []int{400, 200, 400, 2000}, DBm0: -10}
	a, _ := NewToneGen(tone)
	b, _ := NewToneGen(tone)
	pa := make([]int16, 24000)
	pb := make([]int16, 24000)
	a.Generate(pa)
	for i, n := 0, 1; i < len(pb); i, n = i+n, n%97+1 {
		b.Generate(pb[i:min(i+n, len(pb))])
	}
	for i := range pa {
		if d := int(pa[i]) - int(pb[i]); d < -1 || d > 1 {
			t.Fatalf("sample %d: %d with one buffer, %d with odd buffers", i, pa[i], pb[i])
		}
	}
}

func BenchmarkToneGen(b *testing.B) {
	tests := []struct {
		name string
		tone Tone
	}{
		{"425Hz/frame160", Tone{Hz: []float64{425}, DBm0: -10}},
		{"350+440Hz/frame160", Tone{Hz: []float64{350, 440}, DBm0: -13}},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			g, err := NewToneGen(tt.tone)
			if err != nil {
				b.Fatal(err)
			}
			pcm := make([]int16, frameLen)
			b.ReportAllocs()
			for b.Loop() {
				g.Generate(pcm)
			}
		})
	}
}
