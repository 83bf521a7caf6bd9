package dsp

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// mixFrames mixes the parties' signals frame by frame and returns what each
// party heard.
func mixFrames(t testing.TB, m *Mixer, parties [][]int16) [][]int16 {
	t.Helper()
	n := len(parties[0])
	heard := make([][]int16, len(parties))
	for i := range heard {
		heard[i] = make([]int16, n)
	}
	in := make([][]int16, len(parties))
	out := make([][]int16, len(parties))
	for s := 0; s+frameLen <= n; s += frameLen {
		for i := range parties {
			if parties[i] != nil {
				in[i] = parties[i][s : s+frameLen]
			}
			out[i] = heard[i][s : s+frameLen]
		}
		if err := m.Mix(out, in); err != nil {
			t.Fatal(err)
		}
	}
	return heard
}

func TestMixerEachHearsOthers(t *testing.T) {
	for _, n := range []int{2, 3, 5, 10} {
		t.Run(fmt.Sprintf("%d_parties", n), func(t *testing.T) {
			m, err := NewMixer(n, frameLen)
			if err != nil {
				t.Fatal(err)
			}
			parties := make([][]int16, n)
			freq := func(i int) float64 { return 400 + 250*float64(i) }
			for i := range parties {
				parties[i] = sineAt(SampleRate, freq(i), -20, 8000)
			}
			heard := mixFrames(t, m, parties)
			for i := range heard {
				for j := range parties {
					got := levelAt(heard[i], freq(j))
					if j == i {
						if got > -90 {
							t.Errorf("party %d hears itself at %.1f dBm0; want nothing", i, got)
						}
					} else if math.Abs(got+20) > 0.05 {
						t.Errorf("party %d hears party %d at %.2f dBm0; want -20", i, j, got)
					}
				}
			}
		})
	}
}

func TestMixerSaturates(t *testing.T) {
	tests := []struct {
		name    string
		parties []int16 // each party's constant sample
		listen  int     // the party whose output is checked
		want    int16
	}{
		{"positive_overload", []int16{30000, 30000, 0}, 2, math.MaxInt16},
		{"negative_overload", []int16{-30000, -30000, 0}, 2, math.MinInt16},
		{"ten_loud_parties", []int16{20000, 20000, 20000, 20000, 20000, 20000, 20000, 20000, 20000, 0}, 9, math.MaxInt16},
		{"own_voice_removed_before_clipping", []int16{30000, 30000, 30000}, 0, math.MaxInt16},
		{"opposite_signs_cancel", []int16{30000, -30000, 0}, 2, 0},
		{"full_scale_negative_alone", []int16{math.MinInt16, 0}, 1, math.MinInt16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := NewMixer(len(tt.parties), frameLen)
			parties := make([][]int16, len(tt.parties))
			for i, v := range tt.parties {
				parties[i] = make([]int16, frameLen)
				for s := range parties[i] {
					parties[i][s] = v
				}
			}
			heard := mixFrames(t, m, parties)
			for s, v := range heard[tt.listen] {
				if v != tt.want {
					t.Fatalf("party %d hears sample %d = %d; want %d (saturated, not wrapped)", tt.listen, s, v, tt.want)
				}
			}
		})
	}
}

func TestMixerGain(t *testing.T) {
	tests := []struct {
		db, want float64 // gain, level heard (dBm0)
	}{
		{0, -20}, {-6, -26}, {6, -14}, {-20, -40}, {12, -8}, {math.Inf(-1), math.Inf(-1)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+.0fdB", tt.db), func(t *testing.T) {
			m, _ := NewMixer(3, frameLen)
			if err := m.SetGainDB(0, tt.db); err != nil {
				t.Fatal(err)
			}
			parties := [][]int16{sineAt(SampleRate, 1000, -20, 8000), nil, sineAt(SampleRate, 1500, -20, 8000)}
			heard := mixFrames(t, m, parties)
			got := levelAt(heard[1], 1000)
			if math.IsInf(tt.want, -1) {
				if got > -90 {
					t.Errorf("muted party heard at %.1f dBm0; want nothing", got)
				}
			} else if math.Abs(got-tt.want) > 0.05 {
				t.Errorf("party 0 at %+.0f dB heard at %.3f dBm0; want %.0f", tt.db, got, tt.want)
			}
			// The gain is what the others hear: party 2 hears party 0 alike,
			// and party 0 still hears party 2 at 0 dB.
			if g2 := levelAt(heard[2], 1000); !math.IsInf(tt.want, -1) && math.Abs(g2-tt.want) > 0.05 {
				t.Errorf("party 2 hears party 0 at %.3f dBm0; want %.0f", g2, tt.want)
			}
			if g0 := levelAt(heard[0], 1500); math.Abs(g0+20) > 0.02 {
				t.Errorf("party 0 hears party 2 at %.3f dBm0; want -20", g0)
			}
		})
	}
}

func TestMixerErrors(t *testing.T) {
	m, _ := NewMixer(3, frameLen)
	a, b := make([]int16, frameLen), make([]int16, frameLen)
	tests := []struct {
		name    string
		out, in [][]int16
	}{
		{"too_many_parties", [][]int16{a, a, a, a}, [][]int16{b, b, b, b}},
		{"out_and_in_differ", [][]int16{a, a}, [][]int16{b, b, b}},
		{"frame_lengths_differ", [][]int16{a, a}, [][]int16{b, b[:80]}},
		{"frame_too_long", [][]int16{make([]int16, 200), nil}, [][]int16{make([]int16, 200), nil}},
	}
	for _, tt := range tests {
		if err := m.Mix(tt.out, tt.in); !errors.Is(err, ErrMixerFrame) {
			t.Errorf("%s: Mix error = %v; want ErrMixerFrame", tt.name, err)
		}
	}
	for _, db := range []float64{19, -61, math.NaN(), math.Inf(1)} {
		if err := m.SetGainDB(0, db); err == nil {
			t.Errorf("SetGainDB(0, %v): no error", db)
		}
	}
	if err := m.SetGainDB(3, 0); err == nil {
		t.Errorf("SetGainDB(3, 0) on a 3-party mixer: no error")
	}
	if _, err := NewMixer(1, frameLen); err == nil {
		t.Errorf("NewMixer(1, %d): no error", frameLen)
	}
}

func TestMixerAllocs(t *testing.T) {
	m, _ := NewMixer(5, frameLen)
	in, out := make([][]int16, 5), make([][]int16, 5)
	for i := range in {
		in[i], out[i] = sineAt(SampleRate, 300+100*float64(i), -10, frameLen), make([]int16, frameLen)
	}
	if a := testing.AllocsPerRun(100, func() { m.Mix(out, in) }); a != 0 {
		t.Errorf("Mix allocated %v times per run; want 0", a)
	}
}

func BenchmarkMixer(b *testing.B) {
	for _, n := range []int{3, 10} {
		b.Run(fmt.Sprintf("%d_parties_frame160", n), func(b *testing.B) {
			m, _ := NewMixer(n, frameLen)
			in, out := make([][]int16, n), make([][]int16, n)
			for i := range in {
				in[i], out[i] = sineAt(SampleRate, 300+100*float64(i), -10, frameLen), make([]int16, frameLen)
			}
			b.ReportAllocs()
			for b.Loop() {
				m.Mix(out, in)
			}
		})
	}
}
