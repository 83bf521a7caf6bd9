package dsp

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// renderTone returns ms of t from a ToneGen as float64 samples.
func renderTone(t testing.TB, tone Tone, ms int) []float64 {
	t.Helper()
	g, err := NewToneGen(tone)
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, ms*8)
	g.Generate(pcm)
	buf := make([]float64, len(pcm))
	for i, v := range pcm {
		buf[i] = float64(v)
	}
	return buf
}

// cpRun runs a detector for plan with options o over pcm in 20 ms frames.
func cpRun(t testing.TB, plan *TonePlan, o *CallProgressOpts, pcm []int16) []CPEvent {
	t.Helper()
	d, err := NewCallProgressDetector(plan, o)
	if err != nil {
		t.Fatal(err)
	}
	var ev []CPEvent
	for i := 0; i < len(pcm); i += frameLen {
		ev = d.Process(pcm[i:min(i+frameLen, len(pcm))], ev)
	}
	return ev
}

// cpStarts lists the tones recognised, in order.
func cpStarts(ev []CPEvent) string {
	var s []string
	for _, e := range ev {
		if !e.End {
			s = append(s, e.Tone.String())
		}
	}
	return strings.Join(s, ",")
}

// cat joins signals.
func cat(parts ...[]float64) []float64 {
	var out []float64
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func builtinPlan(t testing.TB, country string) TonePlan {
	t.Helper()
	p, err := BuiltinPlan(country)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCallProgressPlanTones(t *testing.T) {
	plans, err := BuiltinPlans()
	if err != nil {
		t.Fatal(err)
	}
	for _, plan := range plans {
		for _, tt := range []struct {
			name string
			tone Tone
			want string
		}{
			{"busy", plan.Busy, "busy"},
			{"congestion", plan.Congestion, "congestion"},
			{"ringback", plan.Ringback, "ringback"},
		} {
			want := tt.want
			if tt.name == "congestion" && fmt.Sprint(plan.Congestion.Cadence) == fmt.Sprint(plan.Busy.Cadence) {
				// Poland: congestion has busy's cadence; either means hang up.
				want = "busy"
			}
			t.Run(plan.Country+"/"+tt.name, func(t *testing.T) {
				periods := 3
				sig := cat(make([]float64, 1737), renderTone(t, tt.tone, periods*tt.tone.Period()+300))
				addNoise(sig, -45, 5)
				ev := cpRun(t, &plan, nil, toPCM(sig))
				if got := cpStarts(ev); got != want {
					t.Fatalf("%s %s: recognised %q; want %q (events %+v)", plan.Country, tt.name, got, want, ev)
				}
				if ev[0].At < 1737-80 || ev[0].At > 1737+2*80 {
					t.Errorf("%s %s starts at sample %d; want about 1737 (where the tone began)", plan.Country, tt.name, ev[0].At)
				}
			})
		}
	}
}

func TestCallProgressUSBusyTolerance(t *testing.T) {
	us := builtinPlan(t, "US")
	tests := []struct {
		on, off int
		want    string
	}{
		{500, 500, "busy"}, {450, 450, "busy"}, {550, 550, "busy"},
		{450, 550, "busy"}, {550, 450, "busy"}, {475, 525, "busy"},
		{350, 350, ""}, {380, 380, ""}, {650, 650, ""}, {700, 700, ""},
		{500, 300, ""}, {500, 800, ""}, {300, 500, ""}, {800, 500, ""},
		{250, 250, "congestion"},
	}
	for _, tt := range tests {
		verdict := "accepted"
		if tt.want != "busy" {
			verdict = "rejected"
		}
		t.Run(fmt.Sprintf("%s_%dms_on_%dms_off", verdict, tt.on, tt.off), func(t *testing.T) {
			tone := Tone{Hz: []float64{480, 620}, Cadence: []int{tt.on, tt.off}, DBm0: -24}
			sig := cat(make([]float64, 800), renderTone(t, tone, 6000))
			addNoise(sig, -45, 11)
			ev := cpRun(t, &us, nil, toPCM(sig))
			if got := cpStarts(ev); got != tt.want {
				t.Errorf("480+620 Hz %d/%d ms: recognised %q; want %q", tt.on, tt.off, got, tt.want)
			}
		})
	}
}

func TestCallProgressCyclesState(t *testing.T) {
	us := builtinPlan(t, "US")
	busy := cat(make([]float64, 1600), renderTone(t, us.Busy, 6000))
	pcm := toPCM(busy)
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("report_after_%d_cycles", n), func(t *testing.T) {
			o := DefaultCallProgressOpts
			o.Cycles = n
			d, err := NewCallProgressDetector(&us, &o)
			if err != nil {
				t.Fatal(err)
			}
			fed := 0
			var ev []CPEvent
			for k := 0; k <= 4; k++ {
				// Up to 100 ms into the (k+1)th burst: k periods are complete.
				upTo := 1600 + (k*1000+100)*8
				ev = d.Process(pcm[fed:upTo], ev)
				fed = upTo
				if got := d.Cycles(CPBusy); got != k {
					t.Errorf("after %d periods: state Cycles(busy) = %d; want %d", k, got, k)
				}
				want := CPNone
				if k >= n {
					want = CPBusy
				}
				if got := d.Tone(); got != want {
					t.Errorf("after %d periods with Cycles %d: Tone() = %v; want %v", k, n, got, want)
				}
			}
			if got := cpStarts(ev); got != "busy" {
				t.Errorf("events %+v; want busy once", ev)
			}
		})
	}
}

func TestCallProgressInNoise(t *testing.T) {
	tests := []struct {
		country string
		snr     float64 // dB: the tone's total power over the noise's
	}{
		{"US", 20}, {"US", 10}, {"US", 6}, {"US", 3},
		{"RU", 20}, {"RU", 6}, {"DE", 6}, {"GB", 6}, {"PL", 6}, {"UA", 6},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%s_busy_at_%.0fdB_SNR", tt.country, tt.snr), func(t *testing.T) {
			plan := builtinPlan(t, tt.country)
			sig := cat(make([]float64, 800), renderTone(t, plan.Busy, 3*plan.Busy.Period()+200))
			total := plan.Busy.DBm0 + 10*math.Log10(float64(len(plan.Busy.Hz)))
			addNoise(sig, total-tt.snr, uint64(20+i))
			ev := cpRun(t, &plan, nil, toPCM(sig))
			if got := cpStarts(ev); got != "busy" {
				t.Errorf("%s busy at %.0f dB SNR: recognised %q; want \"busy\"", tt.country, tt.snr, got)
			}
		})
	}
}

func TestCallProgressDialToneIsNotBusy(t *testing.T) {
	plans, err := BuiltinPlans()
	if err != nil {
		t.Fatal(err)
	}
	for _, plan := range plans {
		t.Run(plan.Country+"/dial_tone_10s", func(t *testing.T) {
			sig := cat(make([]float64, 800), renderTone(t, plan.Dial, 10000))
			addNoise(sig, -50, 1)
			ev := cpRun(t, &plan, nil, toPCM(sig))
			if got := cpStarts(ev); got != "dial" {
				t.Errorf("%s dial tone: recognised %q; want \"dial\" only", plan.Country, got)
			}
		})
		t.Run(plan.Country+"/dial_tone_then_busy", func(t *testing.T) {
			sig := cat(renderTone(t, plan.Dial, 4000), renderTone(t, plan.Busy, 3*plan.Busy.Period()+200))
			ev := cpRun(t, &plan, nil, toPCM(sig))
			if got := cpStarts(ev); got != "dial,busy" {
				t.Errorf("%s dial then busy: recognised %q; want \"dial,busy\" (events %+v)", plan.Country, got, ev)
			}
		})
	}
}

func TestCallProgressHangupAfterSpeech(t *testing.T) {
	for _, country := range []string{"US", "RU", "DE", "GB"} {
		t.Run(country, func(t *testing.T) {
			plan := builtinPlan(t, country)
			speech, _ := voiceLike(20*SampleRate, -18, 7)
			busy := renderTone(t, plan.Busy, 5000)
			sig := cat(speech, busy)
			addNoise(sig, -50, 8)
			ev := cpRun(t, &plan, nil, toPCM(sig))
			if got := cpStarts(ev); got != "busy" {
				t.Fatalf("speech then busy: recognised %q; want \"busy\" (events %+v)", got, ev)
			}
			if at := ev[0].At; at < int64(len(speech))-160 || at > int64(len(speech))+160 {
				t.Errorf("busy starts at sample %d; want %d ± 160", at, len(speech))
			}
		})
	}
}

func TestCallProgressToneEnds(t *testing.T) {
	us := builtinPlan(t, "US")
	busy := renderTone(t, us.Busy, 3000) // three periods, then silence
	sig := cat(busy, make([]float64, 2000*8))
	ev := cpRun(t, &us, nil, toPCM(sig))
	if len(ev) != 2 || ev[0].Tone != CPBusy || !ev[1].End {
		t.Fatalf("events %+v; want busy and its end", ev)
	}
	// The last burst ends at 2500 ms; the silence outlasts an off step
	// (at most 575 ms) by 3075 ms.
	if ms := ev[1].At / 8; ms < 2900 || ms > 3200 {
		t.Errorf("busy ended at %d ms; want when the silence outlasts the off step, about 3075 ms", ms)
	}
}

func TestCallProgressNoFalseTones(t *testing.T) {
	for _, country := range []string{"US", "RU", "GB", "DE"} {
		plan := builtinPlan(t, country)
		for _, tt := range []struct {
			name string
			fill func([]float64)
		}{
			{"voice_like_-15dBm0", func(b []float64) { v, _ := voiceLike(len(b), -15, 31); copy(b, v) }},
			{"voice_like_-30dBm0", func(b []float64) { v, _ := voiceLike(len(b), -30, 32); copy(b, v) }},
			{"DTMF", func(b []float64) {
				copy(b, dtmfSignal(100, digitBursts(strings.Repeat(allDigits, 8), burst{lowDBm0: -6, highDBm0: -4, onMs: 100, offMs: 100})))
			}},
			{"white_noise_-20dBm0", func(b []float64) { addNoise(b, -20, 33) }},
		} {
			t.Run(country+"/"+tt.name, func(t *testing.T) {
				buf := make([]float64, 60*SampleRate)
				tt.fill(buf)
				if ev := cpRun(t, &plan, nil, toPCM(buf)); len(ev) != 0 {
					t.Errorf("events %+v in %s; want none", ev, tt.name)
				}
			})
		}
	}
}

func TestCallProgressNewCountryIsData(t *testing.T) {
	// France (E.180 supplement): 440 Hz, busy 500/500, ringback 1500/3500.
	plans, err := ParsePlans([]byte(`[{"country": "FR", "name": "France", "ring_ms": [1500, 3500],
		"dial": {"hz": [440], "dbm0": -10},
		"busy": {"hz": [440], "cadence_ms": [500, 500], "dbm0": -10},
		"ringback": {"hz": [440], "cadence_ms": [1500, 3500], "dbm0": -10},
		"congestion": {"hz": [440], "cadence_ms": [250, 250], "dbm0": -10},
		"call_waiting": {"hz": [440], "cadence_ms": [300, 10000], "dbm0": -10},
		"sit": {"steps": [{"hz": [950], "ms": 330}, {"hz": [1400], "ms": 330}, {"hz": [1800], "ms": 330}, {"ms": 1000}], "dbm0": -10}}]`))
	if err != nil {
		t.Fatal(err)
	}
	fr := plans[0]
	sig := cat(renderTone(t, fr.Ringback, 10000), renderTone(t, fr.Busy, 3000))
	if got := cpStarts(cpRun(t, &fr, nil, toPCM(sig))); got != "ringback,busy" {
		t.Errorf("FR ringback then busy: recognised %q; want \"ringback,busy\"", got)
	}
}

func TestNewCallProgressDetectorErrors(t *testing.T) {
	us := builtinPlan(t, "US")
	for _, o := range []CallProgressOpts{
		{Cycles: 0, Tolerance: 0.1, SlackMs: 25, MinDBm0: -40},
		{Cycles: 2, Tolerance: 0.9, SlackMs: 25, MinDBm0: -40},
		{Cycles: 2, Tolerance: 0.1, SlackMs: 25, MinDBm0: 3},
	} {
		if _, err := NewCallProgressDetector(&us, &o); err == nil || !strings.HasPrefix(err.Error(), "dsp: call progress: ") {
			t.Errorf("NewCallProgressDetector(US, %+v) error = %v; want a prefixed error", o, err)
		}
	}
	bad := us
	bad.Busy.Hz = []float64{5000}
	if _, err := NewCallProgressDetector(&bad, nil); err == nil {
		t.Errorf("NewCallProgressDetector with a 5 kHz busy tone: no error")
	}
}

func TestCallProgressDetectorAllocs(t *testing.T) {
	us := builtinPlan(t, "US")
	d, _ := NewCallProgressDetector(&us, nil)
	pcm := toPCM(cat(renderTone(t, us.Busy, 4000), renderTone(t, us.Dial, 3000)))
	ev := make([]CPEvent, 0, 64)
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

func BenchmarkCallProgressDetector(b *testing.B) {
	us := builtinPlan(b, "US")
	sig := renderTone(b, us.Busy, 4000)
	addNoise(sig, -40, 1)
	pcm := toPCM(sig)
	d, _ := NewCallProgressDetector(&us, nil)
	ev := make([]CPEvent, 0, 8)
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
