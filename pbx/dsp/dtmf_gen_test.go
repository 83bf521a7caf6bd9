package dsp

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDTMFFreqs(t *testing.T) {
	tests := []struct {
		digit     byte
		low, high float64
		ok        bool
	}{
		{'1', 697, 1209, true}, {'5', 770, 1336, true}, {'9', 852, 1477, true},
		{'*', 941, 1209, true}, {'0', 941, 1336, true}, {'#', 941, 1477, true},
		{'A', 697, 1633, true}, {'d', 941, 1633, true}, {'E', 0, 0, false}, {' ', 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := DTMFFreqs(tt.digit)
		if lo != tt.low || hi != tt.high || ok != tt.ok {
			t.Errorf("DTMFFreqs(%q) = %v, %v, %v; want %v, %v, %v", tt.digit, lo, hi, ok, tt.low, tt.high, tt.ok)
		}
	}
}

func TestDTMFGenLevelsAndTiming(t *testing.T) {
	tests := []struct {
		name string
		opts DTMFGenOpts
	}{
		{"default", DefaultDTMFGenOpts},
		{"no_twist_50_50", DTMFGenOpts{LowDBm0: -4, HighDBm0: -4, OnMs: 50, OffMs: 50}},
		{"twist_high_4dB_louder", DTMFGenOpts{LowDBm0: -10, HighDBm0: -6, OnMs: 100, OffMs: 40}},
		{"twist_low_8dB_louder", DTMFGenOpts{LowDBm0: -6, HighDBm0: -14, OnMs: 65, OffMs: 65}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewDTMFGen(&tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := g.Send("5#"); err != nil {
				t.Fatal(err)
			}
			per := (tt.opts.OnMs + tt.opts.OffMs) * 8
			pcm := make([]int16, 2*per+800)
			for i := 0; i < len(pcm); i += frameLen {
				g.Generate(pcm[i:min(i+frameLen, len(pcm))])
			}
			if g.Busy() {
				t.Errorf("Busy() = true after both digits and pauses")
			}
			runs := onOffRuns(pcm)
			want := []int{tt.opts.OnMs, tt.opts.OffMs, tt.opts.OnMs}
			for i, w := range want {
				if i >= len(runs) || !near(runs[i], w, 1) {
					t.Fatalf("on/off runs = %v ms; want %v then silence", runs, want)
				}
			}
			tone := pcm[:tt.opts.OnMs*8]
			for _, c := range []struct {
				hz, want float64
			}{{770, tt.opts.LowDBm0}, {1336, tt.opts.HighDBm0}} {
				if l := levelAt(tone, c.hz); math.Abs(l-c.want) > 0.2 {
					t.Errorf("level at %v Hz = %.2f dBm0; want %.1f", c.hz, l, c.want)
				}
			}
			got, _ := detect(t, pcm)
			if got != "5#" {
				t.Errorf("detector heard %q; want \"5#\"", got)
			}
		})
	}
}

func TestDTMFGenAllDigitsRoundTrip(t *testing.T) {
	g, err := NewDTMFGen(&DTMFGenOpts{LowDBm0: -4, HighDBm0: -4, OnMs: 50, OffMs: 50})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Send(allDigits); err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, 16*800+800)
	g.Generate(pcm)
	if got, _ := detect(t, pcm); got != allDigits {
		t.Errorf("detector heard %q; want %q", got, allDigits)
	}
}

func TestDTMFGenSendErrors(t *testing.T) {
	g, _ := NewDTMFGen(nil)
	if err := g.Send("12x"); err == nil || !strings.HasPrefix(err.Error(), "dsp: dtmf: ") {
		t.Errorf("Send(\"12x\") error = %v; want a prefixed error", err)
	}
	if g.Busy() {
		t.Errorf("a rejected Send queued digits")
	}
	if err := g.Send(strings.Repeat("1", dtmfQueueLen)); err != nil {
		t.Fatalf("Send(64 digits) error = %v", err)
	}
	if err := g.Send("2"); !errors.Is(err, ErrDTMFQueueFull) {
		t.Errorf("Send to a full queue error = %v; want ErrDTMFQueueFull", err)
	}
}

func TestNewDTMFGenErrors(t *testing.T) {
	for _, o := range []DTMFGenOpts{
		{LowDBm0: -6, HighDBm0: -4, OnMs: 0, OffMs: 50},
		{LowDBm0: -6, HighDBm0: -4, OnMs: 50, OffMs: -1},
		{LowDBm0: 6, HighDBm0: -4, OnMs: 50, OffMs: 50},
	} {
		if _, err := NewDTMFGen(&o); err == nil {
			t.Errorf("NewDTMFGen(%+v) = nil error; want one", o)
		}
	}
}

func TestDTMFGenIdleIsSilent(t *testing.T) {
	g, _ := NewDTMFGen(nil)
	pcm := []int16{1, 2, 3}
	if n := g.Generate(pcm); n != 0 || pcm[0] != 0 || pcm[2] != 0 {
		t.Errorf("idle Generate = %d, %v; want 0 and silence", n, pcm)
	}
}

func BenchmarkDTMFGen(b *testing.B) {
	g, _ := NewDTMFGen(nil)
	pcm := make([]int16, frameLen)
	b.Run("frame160", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !g.Busy() {
				_ = g.Send("0123456789")
			}
			g.Generate(pcm)
		}
	})
}
