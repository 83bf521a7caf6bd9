package dsp

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

const allDigits = "123A456B789C*0#D"

// burst is one DTMF tone in a test signal.
type burst struct {
	digit              byte
	lowDBm0, highDBm0  float64
	lowDev, highDev    float64 // frequency deviation, fraction of nominal
	onMs, offMs        int
	gapAtMs, gapMs     int // an interruption inside the tone (gapMs 0: none)
	silenceBeforeShift int // extra samples of silence before the tone
}

// dtmfSignal renders bursts after leadMs of silence, as float64 samples.
func dtmfSignal(leadMs int, bursts []burst) []float64 {
	n := leadMs * 8
	for _, b := range bursts {
		n += b.silenceBeforeShift + (b.onMs+b.gapMs+b.offMs)*8
	}
	buf := make([]float64, n+800)
	at := leadMs * 8
	for _, b := range bursts {
		at += b.silenceBeforeShift
		lo, hi, ok := DTMFFreqs(b.digit)
		if !ok {
			panic(fmt.Sprintf("bad digit %q", b.digit))
		}
		comps := []sine{{lo * (1 + b.lowDev), b.lowDBm0}, {hi * (1 + b.highDev), b.highDBm0}}
		if b.gapMs == 0 {
			addSines(buf, at, b.onMs*8, comps...)
		} else {
			addSines(buf, at, b.gapAtMs*8, comps...)
			addSines(buf, at+(b.gapAtMs+b.gapMs)*8, (b.onMs-b.gapAtMs)*8, comps...)
		}
		at += (b.onMs + b.gapMs + b.offMs) * 8
	}
	return buf
}

// detect runs a default detector over pcm in 20 ms frames and returns the
// digits it started, in order, and all events.
func detect(t testing.TB, pcm []int16) (string, []DTMFEvent) {
	t.Helper()
	d, err := NewDTMFDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev []DTMFEvent
	for i := 0; i < len(pcm); i += frameLen {
		ev = d.Process(pcm[i:min(i+frameLen, len(pcm))], ev)
	}
	var sb strings.Builder
	for _, e := range ev {
		if !e.End {
			sb.WriteByte(e.Digit)
		}
	}
	return sb.String(), ev
}

// digitBursts returns one burst per digit of digits, all alike.
func digitBursts(digits string, b burst) []burst {
	out := make([]burst, len(digits))
	for i := range digits {
		out[i] = b
		out[i].digit = digits[i]
	}
	return out
}

func TestDTMFDetectAllDigits(t *testing.T) {
	for _, shift := range []int{0, 7, 13} {
		t.Run(fmt.Sprintf("start_at_sample_%d", 800+shift), func(t *testing.T) {
			b := burst{lowDBm0: -4, highDBm0: -4, onMs: 50, offMs: 50}
			bursts := digitBursts(allDigits, b)
			bursts[0].silenceBeforeShift = shift
			got, ev := detect(t, toPCM(dtmfSignal(100, bursts)))
			if got != allDigits {
				t.Fatalf("detected %q; want %q, each digit once", got, allDigits)
			}
			// Every digit also ends, and lasts about 50 ms.
			for i := 0; i+1 < len(ev); i += 2 {
				s, e := ev[i], ev[i+1]
				if s.End || !e.End || s.Digit != e.Digit {
					t.Fatalf("events %d, %d = %+v, %+v; want a start and an end of one digit", i, i+1, s, e)
				}
				if ms := float64(e.At-s.At) / 8; ms < 35 || ms > 65 {
					t.Errorf("digit %c lasted %.1f ms; want 50 ± 15", s.Digit, ms)
				}
			}
		})
	}
}

func TestDTMFDetectFrequencyTolerance(t *testing.T) {
	tests := []struct {
		dev    float64
		accept bool
	}{
		{-0.015, true}, {-0.01, true}, {0.01, true}, {0.015, true},
		{-0.035, false}, {-0.04, false}, {-0.05, false}, {-0.06, false},
		{0.035, false}, {0.04, false}, {0.05, false}, {0.06, false},
	}
	for _, tt := range tests {
		for _, which := range []string{"low", "high", "both"} {
			name := fmt.Sprintf("%s_%+.1f%%", which, tt.dev*100)
			if tt.accept {
				name = "accepted_" + name
			} else {
				name = "rejected_" + name
			}
			t.Run(name, func(t *testing.T) {
				b := burst{lowDBm0: -4, highDBm0: -4, onMs: 50, offMs: 50}
				if which != "high" {
					b.lowDev = tt.dev
				}
				if which != "low" {
					b.highDev = tt.dev
				}
				got, _ := detect(t, toPCM(dtmfSignal(100, digitBursts(allDigits, b))))
				want := ""
				if tt.accept {
					want = allDigits
				}
				if got != want {
					t.Errorf("%s tone(s) off by %+.1f %%: detected %q; want %q", which, tt.dev*100, got, want)
				}
			})
		}
	}
}

func TestDTMFDetectTwist(t *testing.T) {
	tests := []struct {
		name      string
		low, high float64 // dBm0 per tone
		accept    bool
	}{
		{"accepted_low_group_8dB_louder", -4, -12, true},
		{"accepted_low_group_4dB_louder", -4, -8, true},
		{"accepted_no_twist", -4, -4, true},
		{"accepted_high_group_2dB_louder", -6, -4, true},
		{"accepted_high_group_4dB_louder", -8, -4, true},
		{"accepted_low_group_8dB_louder_weak", -20, -28, true},
		{"accepted_high_group_4dB_louder_weak", -24, -20, true},
		{"rejected_low_group_16dB_louder", -4, -20, false},
		{"rejected_high_group_16dB_louder", -20, -4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := burst{lowDBm0: tt.low, highDBm0: tt.high, onMs: 50, offMs: 50}
			got, _ := detect(t, toPCM(dtmfSignal(100, digitBursts(allDigits, b))))
			want := ""
			if tt.accept {
				want = allDigits
			}
			if got != want {
				t.Errorf("low %v dBm0, high %v dBm0: detected %q; want %q", tt.low, tt.high, got, want)
			}
		})
	}
}

func TestDTMFDetectDynamicRange(t *testing.T) {
	t.Run("detected_+3_to_-32_dBm0", func(t *testing.T) {
		for level := 3; level >= -32; level-- {
			b := burst{lowDBm0: float64(level), highDBm0: float64(level), onMs: 50, offMs: 50}
			got, _ := detect(t, toPCM(dtmfSignal(100, digitBursts(allDigits, b))))
			if got != allDigits {
				t.Errorf("at %+d dBm0 per tone: detected %q; want %q", level, got, allDigits)
			}
		}
	})
	t.Run("nothing_below_-45_dBm0", func(t *testing.T) {
		for _, level := range []float64{-45, -46, -50, -60} {
			b := burst{lowDBm0: level, highDBm0: level, onMs: 50, offMs: 50}
			got, _ := detect(t, toPCM(dtmfSignal(100, digitBursts(allDigits, b))))
			if got != "" {
				t.Errorf("at %v dBm0 per tone: detected %q; want nothing", level, got)
			}
		}
	})
	t.Run("measured_range", func(t *testing.T) {
		lowest := 0.0
		for level := -32.0; level >= -45; level -= 0.5 {
			b := burst{lowDBm0: level, highDBm0: level, onMs: 50, offMs: 50}
			got, _ := detect(t, toPCM(dtmfSignal(100, digitBursts(allDigits, b))))
			if got != allDigits {
				break
			}
			lowest = level
		}
		t.Logf("every digit detected from +3 down to %.1f dBm0 per tone: %.1f dB of dynamic range", lowest, 3-lowest)
		if 3-lowest < 35 {
			t.Errorf("dynamic range %.1f dB; want at least 35", 3-lowest)
		}
	})
}

func TestDTMFDetectDuration(t *testing.T) {
	tests := []struct {
		name   string
		onMs   int
		accept bool
	}{
		{"accepted_40ms", 40, true},
		{"accepted_45ms", 45, true},
		{"rejected_23ms", 23, false},
		{"rejected_20ms", 20, false},
		{"rejected_10ms", 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every alignment of the tone against the detector's 20-sample
			// hops, all 16 digits each.
			for shift := 0; shift < dtmfHop; shift++ {
				b := burst{lowDBm0: -4, highDBm0: -4, onMs: tt.onMs, offMs: 60}
				bursts := digitBursts(allDigits, b)
				bursts[0].silenceBeforeShift = shift
				got, _ := detect(t, toPCM(dtmfSignal(100, bursts)))
				want := ""
				if tt.accept {
					want = allDigits
				}
				if got != want {
					t.Errorf("%d ms tones starting %d samples into a hop: detected %q; want %q", tt.onMs, shift, got, want)
				}
			}
		})
	}
}

func TestDTMFDetectInterruption(t *testing.T) {
	tests := []struct {
		name   string
		gapMs  int
		digits int // detections per burst
	}{
		{"gap_5ms_not_split", 5, 1},
		{"gap_10ms_not_split", 10, 1},
		{"gap_40ms_splits", 40, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, gapAt := range []int{30, 45} {
				b := burst{lowDBm0: -4, highDBm0: -4, onMs: 90, offMs: 60, gapAtMs: gapAt, gapMs: tt.gapMs}
				got, _ := detect(t, toPCM(dtmfSignal(100, digitBursts(allDigits, b))))
				var want strings.Builder
				for i := range allDigits {
					want.WriteString(strings.Repeat(allDigits[i:i+1], tt.digits))
				}
				if got != want.String() {
					t.Errorf("%d ms gap after %d ms: detected %q; want %q", tt.gapMs, gapAt, got, want.String())
				}
			}
		})
	}
}

// noisyDigits returns n digits (cycling through all 16) at -10 dBm0 per tone,
// 50 ms on and 50 ms off, in white noise snr dB below the DTMF power.
func noisyDigits(n int, snr float64, seed uint64) ([]int16, string) {
	var digits strings.Builder
	for i := 0; i < n; i++ {
		digits.WriteByte(allDigits[i%16])
	}
	b := burst{lowDBm0: -10, highDBm0: -10, onMs: 50, offMs: 50}
	buf := dtmfSignal(100, digitBursts(digits.String(), b))
	addNoise(buf, -10+3.01-snr, seed)
	return toPCM(buf), digits.String()
}

func TestDTMFDetectNoise(t *testing.T) {
	t.Run("1000_digits_at_15dB_SNR", func(t *testing.T) {
		pcm, want := noisyDigits(1000, 15, 1)
		got, _ := detect(t, pcm)
		if got != want {
			t.Errorf("detected %d digits, %d wanted; first difference at %d", len(got), len(want), firstDiff(got, want))
		}
	})
	t.Run("best_SNR", func(t *testing.T) {
		if testing.Short() {
			t.Skip("sweep skipped in -short mode")
		}
		best := math.NaN()
		for snr := 14.0; snr >= 0; snr-- {
			pcm, want := noisyDigits(1000, snr, uint64(100+snr))
			if got, _ := detect(t, pcm); got != want {
				break
			}
			best = snr
		}
		t.Logf("best SNR with 1000 of 1000 digits detected: %v dB (white noise, 1 dB steps)", best)
		if !(best <= 15) {
			t.Errorf("no SNR at or below 15 dB detected every digit")
		}
	})
}

func firstDiff(a, b string) int {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestDTMFDetectUnderDialTone(t *testing.T) {
	tests := []struct {
		name string
		dial []sine
		dtmf float64 // dBm0 per tone
	}{
		{"425Hz_-10dBm0_under_-4dBm0_digits", []sine{{425, -10}}, -4},
		{"425Hz_-10dBm0_under_-10dBm0_digits", []sine{{425, -10}}, -10},
		{"350+440Hz_-13dBm0_under_-4dBm0_digits", []sine{{350, -13}, {440, -13}}, -4},
		{"350+440Hz_-13dBm0_under_-10dBm0_digits", []sine{{350, -13}, {440, -13}}, -10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := burst{lowDBm0: tt.dtmf, highDBm0: tt.dtmf, onMs: 50, offMs: 50}
			buf := dtmfSignal(100, digitBursts(allDigits, b))
			addSines(buf, 0, len(buf), tt.dial...)
			got, _ := detect(t, toPCM(buf))
			if got != allDigits {
				t.Errorf("detected %q; want %q", got, allDigits)
			}
		})
	}
}

func TestDTMFDetectNoFalseDigits(t *testing.T) {
	tests := []struct {
		name string
		fill func([]float64)
	}{
		{"silence", func([]float64) {}},
		{"white_noise_-10dBm0", func(b []float64) { addNoise(b, -10, 7) }},
		{"dial_tone_425Hz", func(b []float64) { addSines(b, 0, len(b), sine{425, -10}) }},
		{"dial_tone_350+440Hz", func(b []float64) { addSines(b, 0, len(b), sine{350, -13}, sine{440, -13}) }},
		{"single_tone_697Hz", func(b []float64) { addSines(b, 0, len(b), sine{697, -4}) }},
		{"single_tone_1336Hz", func(b []float64) { addSines(b, 0, len(b), sine{1336, -4}) }},
		{"three_tones", func(b []float64) { addSines(b, 0, len(b), sine{697, -6}, sine{770, -6}, sine{1209, -6}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := make([]float64, 5*SampleRate)
			tt.fill(buf)
			if got, _ := detect(t, toPCM(buf)); got != "" {
				t.Errorf("detected %q in %s; want nothing", got, tt.name)
			}
		})
	}
}

func TestDTMFDetectorReset(t *testing.T) {
	d, _ := NewDTMFDetector(nil)
	pcm := toPCM(dtmfSignal(0, digitBursts("5", burst{lowDBm0: -4, highDBm0: -4, onMs: 30})))
	ev := d.Process(pcm[:200], nil) // part of a digit
	d.Reset()
	ev = d.Process(make([]int16, 800), ev)
	if len(ev) != 0 {
		t.Errorf("events after Reset = %+v; want none", ev)
	}
}

func TestNewDTMFDetectorErrors(t *testing.T) {
	tests := []DTMFDetectorOpts{
		{MinDBm0: -38, MaxLowLouderDB: 8, MaxHighLouderDB: 4, FreqTolerance: 0},
		{MinDBm0: -38, MaxLowLouderDB: -1, MaxHighLouderDB: 4, FreqTolerance: 0.02},
		{MinDBm0: 5, MaxLowLouderDB: 8, MaxHighLouderDB: 4, FreqTolerance: 0.02},
	}
	for _, o := range tests {
		if _, err := NewDTMFDetector(&o); err == nil || !strings.HasPrefix(err.Error(), "dsp: dtmf detector: ") {
			t.Errorf("NewDTMFDetector(%+v) error = %v; want a prefixed error", o, err)
		}
	}
}

func TestDTMFDetectorAllocs(t *testing.T) {
	d, _ := NewDTMFDetector(nil)
	pcm := toPCM(dtmfSignal(0, digitBursts(allDigits, burst{lowDBm0: -4, highDBm0: -4, onMs: 50, offMs: 50})))
	ev := make([]DTMFEvent, 0, 64)
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

func BenchmarkDTMFDetector(b *testing.B) {
	pcm, _ := noisyDigits(32, 20, 3)
	d, _ := NewDTMFDetector(nil)
	ev := make([]DTMFEvent, 0, 8)
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
