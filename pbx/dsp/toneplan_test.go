package dsp

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestBuiltinPlansCoverCountries(t *testing.T) {
	plans, err := BuiltinPlans()
	if err != nil {
		t.Fatalf("BuiltinPlans() error: %v", err)
	}
	var got []string
	for _, p := range plans {
		got = append(got, p.Country)
	}
	for _, want := range []string{"RU", "UA", "PL", "DE", "GB", "US"} {
		if !slices.Contains(got, want) {
			t.Errorf("BuiltinPlans() countries = %v; missing %s", got, want)
		}
	}
}

func TestBuiltinPlanValues(t *testing.T) {
	// Values the DSP issue gives, and the ITU special information tone.
	tests := []struct {
		country, tone string
		pick          func(TonePlan) Tone
		hz            []float64
		cadence       []int
	}{
		{"RU", "dial", func(p TonePlan) Tone { return p.Dial }, []float64{425}, nil},
		{"RU", "busy", func(p TonePlan) Tone { return p.Busy }, []float64{425}, []int{350, 350}},
		{"RU", "ringback", func(p TonePlan) Tone { return p.Ringback }, []float64{425}, []int{1000, 4000}},
		{"RU", "congestion", func(p TonePlan) Tone { return p.Congestion }, []float64{425}, []int{175, 175}},
		{"US", "dial", func(p TonePlan) Tone { return p.Dial }, []float64{350, 440}, nil},
		{"US", "busy", func(p TonePlan) Tone { return p.Busy }, []float64{480, 620}, []int{500, 500}},
		{"US", "ringback", func(p TonePlan) Tone { return p.Ringback }, []float64{440, 480}, []int{2000, 4000}},
		{"DE", "busy", func(p TonePlan) Tone { return p.Busy }, []float64{425}, []int{480, 480}},
		{"GB", "ringback", func(p TonePlan) Tone { return p.Ringback }, []float64{400, 450}, []int{400, 200, 400, 2000}},
	}
	for _, tt := range tests {
		t.Run(tt.country+"/"+tt.tone, func(t *testing.T) {
			p, err := BuiltinPlan(tt.country)
			if err != nil {
				t.Fatalf("BuiltinPlan(%q) error: %v", tt.country, err)
			}
			tone := tt.pick(p)
			if !slices.Equal(tone.Hz, tt.hz) || !slices.Equal(tone.Cadence, tt.cadence) {
				t.Errorf("%s %s = %v Hz %v ms; want %v Hz %v ms", tt.country, tt.tone, tone.Hz, tone.Cadence, tt.hz, tt.cadence)
			}
		})
	}
	plans, _ := BuiltinPlans()
	for _, p := range plans {
		var freqs []float64
		for _, s := range p.SIT.Steps {
			if len(s.Hz) > 0 {
				freqs = append(freqs, s.Hz...)
				if s.Ms != 330 {
					t.Errorf("%s SIT step %v Hz lasts %d ms; want 330", p.Country, s.Hz, s.Ms)
				}
			}
		}
		if !slices.Equal(freqs, []float64{950, 1400, 1800}) {
			t.Errorf("%s SIT frequencies = %v; want 950, 1400, 1800 Hz", p.Country, freqs)
		}
	}
}

func TestBuiltinPlanUnknown(t *testing.T) {
	if _, err := BuiltinPlan("XX"); !errors.Is(err, ErrUnknownCountry) {
		t.Errorf("BuiltinPlan(\"XX\") error = %v; want ErrUnknownCountry", err)
	}
	if p, err := BuiltinPlan("de"); err != nil || p.Country != "DE" {
		t.Errorf("BuiltinPlan(\"de\") = %q, %v; want DE", p.Country, err)
	}
}

// A new country is one more JSON entry: nothing else changes.
const francePlan = `[{
  "country": "FR", "name": "France",
  "ring_ms": [1500, 3500],
  "dial": {"hz": [440], "dbm0": -10},
  "busy": {"hz": [440], "cadence_ms": [500, 500], "dbm0": -10},
  "ringback": {"hz": [440], "cadence_ms": [1500, 3500], "dbm0": -10},
  "congestion": {"hz": [440], "cadence_ms": [250, 250], "dbm0": -10},
  "call_waiting": {"hz": [440], "cadence_ms": [300, 10000], "dbm0": -10},
  "sit": {"steps": [{"hz": [950], "ms": 330}, {"hz": [1400], "ms": 330}, {"hz": [1800], "ms": 330}, {"ms": 1000}], "dbm0": -10}
}]`

func TestNewCountryIsData(t *testing.T) {
	plans, err := ParsePlans([]byte(francePlan))
	if err != nil {
		t.Fatalf("ParsePlans(France) error: %v", err)
	}
	g, err := NewToneGen(plans[0].Busy)
	if err != nil {
		t.Fatalf("NewToneGen(France busy) error: %v", err)
	}
	pcm := make([]int16, 8000)
	g.Generate(pcm)
	runs := onOffRuns(pcm)
	want := []int{500, 500}
	if len(runs) < 2 || !near(runs[0], want[0], 1) || !near(runs[1], want[1], 1) {
		t.Errorf("France busy runs = %v ms; want %v", runs, want)
	}
	if l := levelAt(pcm[:4000], 440); l < -10.1 || l > -9.9 {
		t.Errorf("France busy level at 440 Hz = %.2f dBm0; want -10", l)
	}
}

func TestParsePlansErrors(t *testing.T) {
	valid := francePlan
	tests := []struct {
		name, from, to, want string
	}{
		{"lower-case country", `"FR"`, `"fr"`, "upper-case ISO 3166"},
		{"odd cadence", `[500, 500]`, `[500]`, "on/off pairs"},
		{"zero ms", `[250, 250]`, `[0, 250]`, "use 1 to 60000"},
		{"frequency too high", `"hz": [440], "cadence_ms": [500`, `"hz": [4400], "cadence_ms": [500`, "out of range"},
		{"level too high", `"dbm0": -10}`, `"dbm0": 10}`, "out of range"},
		{"no ring", `"ring_ms": [1500, 3500]`, `"ring_ms": []`, "missing ring"},
		{"hz and steps", `"sit": {"steps"`, `"sit": {"hz": [950], "steps"`, "either hz"},
		{"unknown field", `"name": "France"`, `"name": "France", "colour": 1`, "unknown field"},
		{"silent steps", `{"hz": [950], "ms": 330}, {"hz": [1400], "ms": 330}, {"hz": [1800], "ms": 330}`, `{"ms": 330}`, "silent"},
		{"missing tone", `"dial": {"hz": [440], "dbm0": -10},`, ``, "dial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(valid, tt.from, tt.to, 1)
			if in == valid {
				t.Fatalf("test case does not change the plan")
			}
			_, err := ParsePlans([]byte(in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParsePlans(%s) error = %v; want one containing %q", tt.name, err, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "dsp: ") {
				t.Errorf("ParsePlans(%s) error = %q; want the prefix \"dsp: \"", tt.name, err)
			}
		})
	}
	if _, err := ParsePlans([]byte(strings.Replace(valid+valid, "][", ",", 1))); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("ParsePlans(duplicate country) error = %v; want \"listed twice\"", err)
	}
}

func TestCadenceOn(t *testing.T) {
	uk := Cadence{400, 200, 400, 2000}
	tests := []struct {
		ms   int64
		want bool
	}{
		{0, true}, {399, true}, {400, false}, {599, false}, {600, true},
		{999, true}, {1000, false}, {2999, false}, {3000, true}, {-1, false},
	}
	for _, tt := range tests {
		if got := uk.On(tt.ms); got != tt.want {
			t.Errorf("Cadence%v.On(%d) = %v; want %v", uk, tt.ms, got, tt.want)
		}
	}
	if !(Cadence{}).On(12345) {
		t.Errorf("Cadence{}.On(12345) = false; want true (continuous)")
	}
}

func FuzzParsePlans(f *testing.F) {
	f.Add([]byte(francePlan))
	f.Add(builtinPlansJSON)
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"country":"ZZ"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		plans, err := ParsePlans(data)
		if err != nil {
			return
		}
		// Every plan that parses must generate without error or panic.
		pcm := make([]int16, 64)
		for _, p := range plans {
			for _, nt := range p.tones() {
				g, err := NewToneGen(nt.tone)
				if err != nil {
					t.Fatalf("plan %s parsed but NewToneGen(%s) failed: %v", p.Country, nt.name, err)
				}
				g.Generate(pcm)
			}
		}
	})
}
