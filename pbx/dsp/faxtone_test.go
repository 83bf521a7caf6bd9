package dsp

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// answerTone adds 2100+dev Hz at dbm0 (carrier level) to buf[from:from+n]:
// with a phase reversal every revMs ms (0: none) and, if am, 15 Hz
// amplitude modulation of depth 0.2 (V.8 ANSam).
func answerTone(buf []float64, from, n int, dev, dbm0 float64, revMs int, am bool) {
	a := PeakFromDBm0(dbm0)
	w := 2 * math.Pi * (2100 + dev) / SampleRate
	for i := 0; i < n && from+i < len(buf); i++ {
		ph := w * float64(i)
		if revMs > 0 {
			ph += math.Pi * float64(i/(revMs*8))
		}
		v := a * math.Sin(ph)
		if am {
			v *= 1 + 0.2*math.Sin(2*math.Pi*15*float64(i)/SampleRate)
		}
		buf[from+i] += v
	}
}

// cngSignal returns cycles of CNG (1100+dev Hz at dbm0, onMs on, 3 s off)
// after 200 ms of silence, in noise at noise dBm0 (none if noise is -Inf).
func cngSignal(cycles int, dev, dbm0 float64, onMs int, noise float64, seed uint64) []float64 {
	buf := make([]float64, 1600+cycles*(onMs+3000)*8)
	for c := 0; c < cycles; c++ {
		addSines(buf, 1600+c*(onMs+3000)*8, onMs*8, sine{1100 + dev, dbm0})
	}
	if !math.IsInf(noise, -1) {
		addNoise(buf, noise, seed)
	}
	return buf
}

// detectFax runs a default detector over pcm in 20 ms frames.
func detectFax(t testing.TB, pcm []int16) []FaxToneEvent {
	t.Helper()
	d, err := NewFaxToneDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev []FaxToneEvent
	for i := 0; i < len(pcm); i += frameLen {
		ev = d.Process(pcm[i:min(i+frameLen, len(pcm))], ev)
	}
	return ev
}

// faxStarts returns the tones of the events that are not ends, as a string.
func faxStarts(ev []FaxToneEvent) string {
	var s []string
	for _, e := range ev {
		if !e.End {
			s = append(s, e.Tone.String())
		}
	}
	return strings.Join(s, ",")
}

func TestFaxToneCNG(t *testing.T) {
	tests := []struct {
		dev, dbm0 float64
		accept    bool
	}{
		{0, -5, true}, {0, -20, true}, {0, -43, true},
		{-46, -5, true}, {-46, -20, true}, {-46, -43, true},
		{46, -5, true}, {46, -20, true}, {46, -43, true},
		{-30, -43, true}, {30, -43, true},
		{0, -44, false}, {0, -46, false}, {46, -44, false},
		{-80, -20, false}, {80, -20, false}, {-80, -5, false}, {80, -5, false},
		{-100, -10, false}, {100, -10, false}, {-150, -10, false}, {150, -10, false},
		{-300, -10, false}, {300, -10, false},
	}
	for i, tt := range tests {
		verdict := "rejected"
		if tt.accept {
			verdict = "detected"
		}
		t.Run(fmt.Sprintf("%s_%+.0fHz_%.0fdBm0_in_-50dBm0_noise", verdict, tt.dev, tt.dbm0), func(t *testing.T) {
			pcm := toPCM(cngSignal(2, tt.dev, tt.dbm0, 500, -50, uint64(10+i)))
			ev := detectFax(t, pcm)
			want := ""
			if tt.accept {
				want = "CNG,CNG"
			}
			if got := faxStarts(ev); got != want {
				t.Fatalf("CNG at %+.0f Hz, %.0f dBm0: detected %q; want %q", tt.dev, tt.dbm0, got, want)
			}
			if tt.accept {
				// Each burst is reported with its start and end.
				for c := 0; c < 2; c++ {
					s, e := ev[2*c], ev[2*c+1]
					wantAt := int64(1600 + c*3500*8)
					if s.End || !e.End || abs64(s.At-wantAt) > 80 || abs64(e.At-(wantAt+4000)) > 80 {
						t.Errorf("burst %d: events %+v, %+v; want a start at %d and an end at %d (± 10 ms)", c, s, e, wantAt, wantAt+4000)
					}
				}
			}
		})
	}
}

func TestFaxToneCNGCadence(t *testing.T) {
	tests := []struct {
		name   string
		onMs   int
		accept bool
	}{
		{"0.5s_on", 500, true},
		{"0.425s_on", 425, true},
		{"0.575s_on", 575, true},
		{"0.2s_on_too_short", 200, false},
		{"1s_on_too_long", 1000, false},
		{"continuous_5s", 5000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcm := toPCM(cngSignal(1, 0, -10, tt.onMs, -50, 3))
			got := faxStarts(detectFax(t, pcm))
			want := ""
			if tt.accept {
				want = "CNG"
			}
			if got != want {
				t.Errorf("1100 Hz for %d ms: detected %q; want %q", tt.onMs, got, want)
			}
		})
	}
}

func TestFaxToneAnswer(t *testing.T) {
	variants := []struct {
		name  string
		revMs int
		am    bool
		want  string // readings in order
	}{
		{"CED_ANS", 0, false, "ANS"},
		{"ANS_with_reversals", 450, false, "ANS,/ANS"},
		{"ANSam", 0, true, "ANSam"},
		{"ANSam_with_reversals", 450, true, "ANSam,/ANSam"},
	}
	tests := []struct {
		dev, dbm0 float64
		ms        int
		accept    bool
	}{
		{0, -12, 3300, true}, {-23, -12, 3300, true}, {23, -12, 3300, true},
		{0, -12, 2600, true}, {0, -12, 4000, true},
		{23, -40, 3300, true}, {-23, -40, 3300, true},
		{-80, -12, 3300, false}, {80, -12, 3300, false},
		{-100, -12, 3300, false}, {100, -12, 3300, false},
		{-200, -12, 3300, false}, {200, -12, 3300, false},
	}
	for _, v := range variants {
		for i, tt := range tests {
			verdict := "rejected"
			if tt.accept {
				verdict = "detected"
			}
			name := fmt.Sprintf("%s/%s_%+.0fHz_%.0fdBm0_%dms", v.name, verdict, tt.dev, tt.dbm0, tt.ms)
			t.Run(name, func(t *testing.T) {
				buf := make([]float64, (300+tt.ms+500)*8)
				answerTone(buf, 2400, tt.ms*8, tt.dev, tt.dbm0, v.revMs, v.am)
				addNoise(buf, -50, uint64(40+i))
				ev := detectFax(t, toPCM(buf))
				want := ""
				if tt.accept {
					want = v.want
				}
				if got := faxStarts(ev); got != want {
					t.Fatalf("%s at %+.0f Hz, %.0f dBm0: readings %q; want %q (events %+v)", v.name, tt.dev, tt.dbm0, got, want, ev)
				}
				if !tt.accept {
					return
				}
				first, last := ev[0], ev[len(ev)-1]
				end := int64(2400 + tt.ms*8)
				if abs64(first.At-2400) > 80 || !last.End || abs64(last.At-end) > 80 {
					t.Errorf("events %+v; want the tone from 2400 to %d (± 10 ms)", ev, end)
				}
				if v.revMs > 0 {
					// The reversal is reported where it happens, 450 ms in.
					if pr := ev[1]; abs64(pr.At-(2400+450*8)) > 80 {
						t.Errorf("reversal reported at sample %d; want %d ± 80", pr.At, 2400+450*8)
					}
				}
			})
		}
	}
}

func TestFaxToneNoFalseDetection(t *testing.T) {
	digits := func(onMs, offMs int) func([]float64) {
		return func(b []float64) {
			bursts := digitBursts(strings.Repeat(allDigits, 3), burst{lowDBm0: -6, highDBm0: -4, onMs: onMs, offMs: offMs})
			s := dtmfSignal(100, bursts)
			copy(b, s)
		}
	}
	tests := []struct {
		name string
		fill func([]float64)
	}{
		{"voice_like_-15dBm0", func(b []float64) { v, _ := voiceLike(len(b), -15, 1); copy(b, v) }},
		{"voice_like_-25dBm0_in_noise", func(b []float64) {
			v, _ := voiceLike(len(b), -25, 2)
			copy(b, v)
			addNoise(b, -50, 3)
		}},
		{"DTMF_50ms_on_50ms_off", digits(50, 50)},
		{"DTMF_400ms_on_100ms_off", digits(400, 100)},
		{"dial_tone_425Hz", func(b []float64) { addSines(b, 0, len(b), sine{425, -10}) }},
		{"busy_480+620Hz", func(b []float64) {
			for at := 0; at < len(b); at += 8000 {
				addSines(b, at, 4000, sine{480, -24}, sine{620, -24})
			}
		}},
		{"V23_caller_id", func(b []float64) {
			c := CallerID{Time: "01020304", Number: "0123456789", Name: "FAX TEST"}
			frame, _ := c.AppendMDMF(nil)
			burst := make([]int16, FSKBurstLen(&DefaultFSKModOpts, len(frame)))
			FSKModulate(burst, &DefaultFSKModOpts, frame)
			for i, v := range burst {
				b[800+i] = float64(v)
			}
		}},
		{"white_noise_-20dBm0", func(b []float64) { addNoise(b, -20, 9) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := make([]float64, 30*SampleRate)
			tt.fill(buf)
			if ev := detectFax(t, toPCM(buf)); len(ev) != 0 {
				t.Errorf("events %+v in %s; want none", ev, tt.name)
			}
		})
	}
}

func TestNewFaxToneDetectorErrors(t *testing.T) {
	for _, o := range []FaxToneDetectorOpts{
		{MinDBm0: 5, CNGMaxDevHz: 60, ANSMaxDevHz: 50},
		{MinDBm0: -40, CNGMaxDevHz: 0, ANSMaxDevHz: 50},
		{MinDBm0: -40, CNGMaxDevHz: 60, ANSMaxDevHz: 200},
	} {
		if _, err := NewFaxToneDetector(&o); err == nil || !strings.HasPrefix(err.Error(), "dsp: fax tone detector: ") {
			t.Errorf("NewFaxToneDetector(%+v) error = %v; want a prefixed error", o, err)
		}
	}
}

func TestFaxToneDetectorReset(t *testing.T) {
	d, _ := NewFaxToneDetector(nil)
	buf := make([]float64, 8000)
	answerTone(buf, 0, 8000, 0, -10, 0, false)
	ev := d.Process(toPCM(buf), nil)
	if faxStarts(ev) != "ANS" {
		t.Fatalf("before Reset: %+v; want ANS", ev)
	}
	d.Reset()
	if ev := d.Process(make([]int16, 8000), nil); len(ev) != 0 {
		t.Errorf("events after Reset = %+v; want none (no end of a tone forgotten)", ev)
	}
}

func TestFaxToneDetectorAllocs(t *testing.T) {
	d, _ := NewFaxToneDetector(nil)
	buf := cngSignal(1, 0, -10, 500, -50, 1)
	answerTone(buf, 0, len(buf), 0, -20, 450, true)
	pcm := toPCM(buf)
	ev := make([]FaxToneEvent, 0, 64)
	allocs := testing.AllocsPerRun(5, func() {
		ev = ev[:0]
		for i := 0; i+frameLen <= len(pcm); i += frameLen {
			ev = d.Process(pcm[i:i+frameLen], ev)
		}
	})
	if allocs != 0 {
		t.Errorf("Process allocated %v times per run; want 0", allocs)
	}
}

func BenchmarkFaxToneDetector(b *testing.B) {
	buf := cngSignal(1, 0, -20, 500, -50, 1)
	answerTone(buf, 4000, 3300*8, 0, -20, 450, false)
	pcm := toPCM(buf)
	d, _ := NewFaxToneDetector(nil)
	ev := make([]FaxToneEvent, 0, 8)
	frames := len(pcm) / frameLen
	b.Run("frame160", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			ev = d.Process(pcm[i*frameLen:(i+1)*frameLen], ev[:0])
			i = (i + 1) % frames
		}
	})
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
