package dsp

import (
	"fmt"
	"strings"
	"testing"
)

// fskBurst returns the V.23 burst of an MDMF message for c.
func fskBurst(t testing.TB, c CallerID) []int16 {
	t.Helper()
	frame, err := c.AppendMDMF(nil)
	if err != nil {
		t.Fatal(err)
	}
	burst := make([]int16, FSKBurstLen(&DefaultFSKModOpts, len(frame)))
	if _, err := FSKModulate(burst, &DefaultFSKModOpts, frame); err != nil {
		t.Fatal(err)
	}
	return burst
}

// playCLIP runs a sequencer for ms in 20 ms frames and returns the audio
// and the line state of each frame.
func playCLIP(t testing.TB, s *CLIPSequencer, ms int) ([]int16, []CLIPLine) {
	t.Helper()
	audio := make([]int16, ms*8)
	var lines []CLIPLine
	for i := 0; i+frameLen <= len(audio); i += frameLen {
		lines = append(lines, s.Frame(audio[i:i+frameLen]))
	}
	return audio, lines
}

// firstFrame returns the time in ms of the first frame whose state has
// want(l), or -1.
func firstFrame(lines []CLIPLine, want func(CLIPLine) bool) int {
	for i, l := range lines {
		if want(l) {
			return i * 20
		}
	}
	return -1
}

func TestCLIPSequenceBeforeRing(t *testing.T) {
	msg := CallerID{Time: "03141530", Number: "4930123456", Name: "HOOKFLASH"}
	burst := fskBurst(t, msg)
	dataMs := (len(burst)*1000 + 7999) / 8000
	ring := Cadence{1000, 4000}
	s, err := NewCLIPSequencer(&DefaultCLIPBeforeRing, burst, ring)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("steps", func(t *testing.T) {
		want := []CLIPStep{
			{CLIPReverse, 0, 0},
			{CLIPAlert, 150, 100},
			{CLIPData, 350, dataMs},
			{CLIPNormal, 350 + dataMs, 0},
			{CLIPRingCadence, 650 + dataMs, 0},
		}
		if got := s.Steps(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("steps %v; want %v", got, want)
		}
	})
	audio, lines := playCLIP(t, s, 700+dataMs+3000)
	t.Run("reversal_before_DT-AS", func(t *testing.T) {
		if !lines[0].Reversed {
			t.Errorf("frame 0 not reversed; the sequence starts with the reversal")
		}
		if ms := firstFrame(lines, func(l CLIPLine) bool { return !l.Reversed }); ms < 350+dataMs || ms > 350+dataMs+20 {
			t.Errorf("polarity back to normal at %d ms; want at the end of the data, %d ms", ms, 350+dataMs)
		}
	})
	t.Run("DT-AS_2130+2750Hz_100ms", func(t *testing.T) {
		alert := audio[150*8 : 250*8]
		for _, hz := range []float64{2130, 2750} {
			if l := levelAt(alert, hz); l < -15.2 || l > -14.8 {
				t.Errorf("DT-AS component %v Hz at %.2f dBm0; want -15", hz, l)
			}
		}
		if p := PowerDBm0(audio[:150*8]); p > -90 {
			t.Errorf("%.1f dBm0 before DT-AS; want silence", p)
		}
		if p := PowerDBm0(audio[250*8 : 350*8]); p > -90 {
			t.Errorf("%.1f dBm0 between DT-AS and data; want silence", p)
		}
	})
	t.Run("data_decodes", func(t *testing.T) {
		msgs, errs := receiveCID(audio)
		if len(errs) != 0 || len(msgs) != 1 || msgs[0] != msg {
			t.Errorf("received %+v, errors %v; want %+v", msgs, errs, msg)
		}
	})
	t.Run("first_ring_200_to_500ms_after_data", func(t *testing.T) {
		ms := firstFrame(lines, func(l CLIPLine) bool { return l.Ringing })
		gap := ms - (350 + dataMs)
		if gap < 200 || gap > 500 {
			t.Errorf("first ring %d ms after the data; want 200 to 500", gap)
		}
		if !lines[ms/20].Done {
			t.Errorf("frame of the first ring not Done")
		}
		// The ring cadence: 1000 ms on, then off.
		if on := lines[(ms+980)/20]; !on.Ringing {
			t.Errorf("not ringing 980 ms into the first ring")
		}
		if off := lines[(ms+1020)/20]; off.Ringing {
			t.Errorf("ringing 1020 ms into a 1000 ms ring")
		}
	})
}

func TestCLIPSequenceAfterFirstRing(t *testing.T) {
	msg := CallerID{Time: "12312359", Number: "0800123456", Name: "A CALLER"}
	burst := fskBurst(t, msg)
	dataMs := (len(burst)*1000 + 7999) / 8000
	for _, country := range []string{"US", "DE", "RU", "GB"} {
		t.Run(country, func(t *testing.T) {
			plan := builtinPlan(t, country)
			s, err := NewCLIPSequencer(&DefaultCLIPAfterFirstRing, burst, plan.Ring)
			if err != nil {
				t.Fatal(err)
			}
			burstMs, off := firstRing(plan.Ring)
			audio, lines := playCLIP(t, s, 2*cadencePeriod(plan.Ring)+1000)
			// The first ring follows the cadence, then silence.
			for i, l := range lines {
				ms := i * 20
				if ms >= burstMs+off {
					break
				}
				if want := ms < burstMs && plan.Ring.On(int64(ms)); l.Ringing != want {
					t.Fatalf("at %d ms ringing %v; want %v (first ring of %v)", ms, l.Ringing, want, plan.Ring)
				}
			}
			dataAt := burstMs + 700
			if p := PowerDBm0(audio[:dataAt*8]); p > -90 {
				t.Errorf("%.1f dBm0 before the data; want silence", p)
			}
			if end, ring2 := dataAt+dataMs, burstMs+off; ring2-end < 200 {
				t.Errorf("data ends %d ms before the second ring; want at least 200", ring2-end)
			}
			msgs, errs := receiveCID(audio)
			if len(errs) != 0 || len(msgs) != 1 || msgs[0] != msg {
				t.Errorf("received %+v, errors %v; want %+v", msgs, errs, msg)
			}
			// The second ring comes at its normal time, and the cadence goes on.
			for i := (burstMs + off) / 20; i < len(lines); i++ {
				ms := int64(i * 20)
				if lines[i].Ringing != plan.Ring.On(ms) || !lines[i].Done {
					t.Fatalf("at %d ms: %+v; want ringing %v and Done", ms, lines[i], plan.Ring.On(ms))
				}
			}
		})
	}
}

func TestCLIPSeqOptsValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(o *CLIPSeqOpts)
		base CLIPSeqOpts
		ok   bool
	}{
		{"default_before_ring", func(*CLIPSeqOpts) {}, DefaultCLIPBeforeRing, true},
		{"DT-AS_to_data_45ms", func(o *CLIPSeqOpts) { o.AlertToDataMs = 45 }, DefaultCLIPBeforeRing, true},
		{"DT-AS_to_data_500ms", func(o *CLIPSeqOpts) { o.AlertToDataMs = 500 }, DefaultCLIPBeforeRing, true},
		{"DT-AS_to_data_40ms", func(o *CLIPSeqOpts) { o.AlertToDataMs = 40 }, DefaultCLIPBeforeRing, false},
		{"DT-AS_to_data_510ms", func(o *CLIPSeqOpts) { o.AlertToDataMs = 510 }, DefaultCLIPBeforeRing, false},
		{"data_to_ring_200ms", func(o *CLIPSeqOpts) { o.DataToRingMs = 200 }, DefaultCLIPBeforeRing, true},
		{"data_to_ring_150ms", func(o *CLIPSeqOpts) { o.DataToRingMs = 150 }, DefaultCLIPBeforeRing, false},
		{"data_to_ring_600ms", func(o *CLIPSeqOpts) { o.DataToRingMs = 600 }, DefaultCLIPBeforeRing, false},
		{"DT-AS_50ms", func(o *CLIPSeqOpts) { o.AlertMs = 50 }, DefaultCLIPBeforeRing, false},
		{"reversal_to_DT-AS_50ms", func(o *CLIPSeqOpts) { o.ReversalToAlertMs = 50 }, DefaultCLIPBeforeRing, false},
		{"no_alert_at_all", func(o *CLIPSeqOpts) { o.Alert, o.Reversal = false, false }, DefaultCLIPBeforeRing, false},
		{"default_dtmf", func(*CLIPSeqOpts) {}, DefaultDTMFCLIPBeforeRing, true},
		{"dtmf_reversal_to_data_100ms", func(o *CLIPSeqOpts) { o.ReversalToDataMs = 100 }, DefaultDTMFCLIPBeforeRing, false},
		{"default_after_ring", func(*CLIPSeqOpts) {}, DefaultCLIPAfterFirstRing, true},
		{"ring_to_data_500ms", func(o *CLIPSeqOpts) { o.RingToDataMs = 500 }, DefaultCLIPAfterFirstRing, true},
		{"ring_to_data_2000ms", func(o *CLIPSeqOpts) { o.RingToDataMs = 2000 }, DefaultCLIPAfterFirstRing, true},
		{"ring_to_data_400ms", func(o *CLIPSeqOpts) { o.RingToDataMs = 400 }, DefaultCLIPAfterFirstRing, false},
		{"ring_to_data_2500ms", func(o *CLIPSeqOpts) { o.RingToDataMs = 2500 }, DefaultCLIPAfterFirstRing, false},
		{"no_mode", func(o *CLIPSeqOpts) { o.Mode = 0 }, DefaultCLIPAfterFirstRing, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.base
			tt.edit(&o)
			err := o.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("Validate(%+v) = %v; want ok %v", o, err, tt.ok)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "dsp: caller id sequence: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestCLIPAfterRingDataMustFit(t *testing.T) {
	long := make([]int16, 3500*8) // 3.5 s of data cannot fit 4 s with 700 ms before and 200 after
	if _, err := NewCLIPSequencer(&DefaultCLIPAfterFirstRing, long, Cadence{1000, 4000}); err == nil {
		t.Errorf("NewCLIPSequencer with 3.5 s of data after a ring in a 4 s silence: no error")
	}
}

func TestCLIPSequencerAllocs(t *testing.T) {
	s, err := NewCLIPSequencer(&DefaultCLIPBeforeRing, fskBurst(t, CallerID{Number: "123"}), Cadence{1000, 4000})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int16, frameLen)
	if a := testing.AllocsPerRun(200, func() { s.Frame(out) }); a != 0 {
		t.Errorf("Frame allocated %v times per run; want 0", a)
	}
}

// cadencePeriod returns the length of one period of c, ms.
func cadencePeriod(c Cadence) int {
	p := 0
	for _, ms := range c {
		p += ms
	}
	return p
}
