package dsp

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
)

// Limits on tone plan data.
const (
	// MaxToneFreqs is the most sine components a tone step may have.
	MaxToneFreqs = 4
	// maxToneMs is the longest step or cadence entry accepted, in ms.
	maxToneMs = 60000
	// maxToneSteps is the most steps (or cadence entries) a tone may have.
	maxToneSteps = 32
)

// ErrUnknownCountry is returned by BuiltinPlan for a country without a plan.
var ErrUnknownCountry = errors.New("dsp: no tone plan for that country")

// Step is one stretch of a tone: the sum of the sines at Hz (Hz) for Ms (ms),
// or silence for Ms when Hz is empty.
type Step struct {
	Hz []float64 `json:"hz,omitempty"`
	Ms int       `json:"ms"`
}

// Tone is a call progress tone as data. A tone is either Hz with an optional
// Cadence (the usual form: the frequencies played on, then silence off, on
// and off again), or an explicit list of Steps (for tones whose frequency
// changes, such as the special information tone). The pattern repeats until
// the generator is stopped unless Once is set. DBm0 is the level of each sine
// component in dBm0.
type Tone struct {
	Hz      []float64 `json:"hz,omitempty"`
	Cadence []int     `json:"cadence_ms,omitempty"` // on, off, on, off... ms; empty: continuous
	Steps   []Step    `json:"steps,omitempty"`
	DBm0    float64   `json:"dbm0"`
	Once    bool      `json:"once,omitempty"`
}

// WithLevel returns a copy of t with every component at dbm0 (dBm0).
func (t Tone) WithLevel(dbm0 float64) Tone {
	t.DBm0 = dbm0
	return t
}

// IsZero reports whether t is the zero Tone (no tone given).
func (t Tone) IsZero() bool { return len(t.Hz) == 0 && len(t.Steps) == 0 }

// steps returns t's pattern as steps; a continuous tone is one step with
// Ms 0 (for ever). It allocates; call it when setting a generator up.
func (t Tone) steps() []Step {
	if len(t.Steps) > 0 {
		return append([]Step(nil), t.Steps...)
	}
	if len(t.Cadence) == 0 {
		return []Step{{Hz: t.Hz}}
	}
	s := make([]Step, len(t.Cadence))
	for i, ms := range t.Cadence {
		s[i].Ms = ms
		if i%2 == 0 {
			s[i].Hz = t.Hz
		}
	}
	return s
}

// Period returns the length of one repetition of t in ms, or 0 for a
// continuous tone.
func (t Tone) Period() int {
	total := 0
	for _, s := range t.steps() {
		total += s.Ms
	}
	return total
}

// Validate checks that t can be generated: 1 to MaxToneFreqs frequencies
// between 20 and 3900 Hz, a level between -60 and +3 dBm0, on/off pairs of
// 1 to 60000 ms.
func (t Tone) Validate() error {
	if (len(t.Hz) == 0) == (len(t.Steps) == 0) {
		return errors.New("give either hz (with an optional cadence_ms) or steps")
	}
	if math.IsNaN(t.DBm0) || t.DBm0 < -60 || t.DBm0 > 3 {
		return fmt.Errorf("level %v dBm0 out of range; use -60 to +3", t.DBm0)
	}
	if len(t.Steps) > 0 {
		if len(t.Cadence) > 0 {
			return errors.New("cadence_ms and steps together; put the timing in the steps")
		}
		if len(t.Steps) > maxToneSteps {
			return fmt.Errorf("%d steps; at most %d", len(t.Steps), maxToneSteps)
		}
		sound := false
		for i, s := range t.Steps {
			if s.Ms < 1 || s.Ms > maxToneMs {
				return fmt.Errorf("step %d: %d ms; use 1 to %d", i, s.Ms, maxToneMs)
			}
			if err := validateFreqs(s.Hz, true); err != nil {
				return fmt.Errorf("step %d: %w", i, err)
			}
			sound = sound || len(s.Hz) > 0
		}
		if !sound {
			return errors.New("every step is silent")
		}
		return nil
	}
	if err := validateFreqs(t.Hz, false); err != nil {
		return err
	}
	if len(t.Cadence) == 0 && t.Once {
		return errors.New("once without cadence_ms: a continuous tone never ends")
	}
	return validateCadence(t.Cadence)
}

func validateFreqs(hz []float64, silenceOK bool) error {
	if len(hz) == 0 && !silenceOK {
		return errors.New("no frequency")
	}
	if len(hz) > MaxToneFreqs {
		return fmt.Errorf("%d frequencies; at most %d", len(hz), MaxToneFreqs)
	}
	for _, f := range hz {
		if math.IsNaN(f) || f < 20 || f > 3900 {
			return fmt.Errorf("frequency %v Hz out of range; use 20 to 3900 Hz", f)
		}
	}
	return nil
}

func validateCadence(c []int) error {
	if len(c)%2 != 0 {
		return fmt.Errorf("cadence has %d entries; give on/off pairs in ms", len(c))
	}
	if len(c) > maxToneSteps {
		return fmt.Errorf("cadence has %d entries; at most %d", len(c), maxToneSteps)
	}
	for i, ms := range c {
		if ms < 1 || ms > maxToneMs {
			return fmt.Errorf("cadence entry %d: %d ms; use 1 to %d", i, ms, maxToneMs)
		}
	}
	return nil
}

// Cadence is an on/off pattern in ms (on, off, on, off...), repeated; an
// FXS port rings its phone's bell with it.
type Cadence []int

// On reports whether the pattern is in an "on" stretch at ms (ms since its
// start). An empty cadence is always on.
func (c Cadence) On(ms int64) bool {
	var period int64
	for _, d := range c {
		period += int64(d)
	}
	if period == 0 {
		return true
	}
	t := ms % period
	if t < 0 {
		t += period
	}
	for i, d := range c {
		if t < int64(d) {
			return i%2 == 0
		}
		t -= int64(d)
	}
	return false
}

// TonePlan is a country's call progress tones and ring cadence, as data: a
// new country is a new entry in toneplans.json (or a plan the admin
// imports), never new code.
type TonePlan struct {
	Country     string  `json:"country"` // ISO 3166-1 alpha-2, upper case
	Name        string  `json:"name"`
	Source      string  `json:"source,omitempty"` // where the values come from
	Ring        Cadence `json:"ring_ms"`          // ringing voltage cadence, ms
	Dial        Tone    `json:"dial"`
	Busy        Tone    `json:"busy"`
	Ringback    Tone    `json:"ringback"`
	Congestion  Tone    `json:"congestion"`
	CallWaiting Tone    `json:"call_waiting"`
	SIT         Tone    `json:"sit"` // special information tone
}

// Validate checks every tone and the ring cadence of p.
func (p *TonePlan) Validate() error {
	if len(p.Country) != 2 || strings.ToUpper(p.Country) != p.Country ||
		p.Country[0] < 'A' || p.Country[0] > 'Z' || p.Country[1] < 'A' || p.Country[1] > 'Z' {
		return fmt.Errorf("dsp: tone plan %q: country must be an upper-case ISO 3166 code such as \"DE\"", p.Country)
	}
	if len(p.Ring) == 0 {
		return fmt.Errorf("dsp: tone plan %s: ring_ms: missing ring cadence", p.Country)
	}
	if err := validateCadence(p.Ring); err != nil {
		return fmt.Errorf("dsp: tone plan %s: ring_ms: %w", p.Country, err)
	}
	for _, nt := range p.tones() {
		if err := nt.tone.Validate(); err != nil {
			return fmt.Errorf("dsp: tone plan %s: %s: %w", p.Country, nt.name, err)
		}
	}
	return nil
}

type namedTone struct {
	name string
	tone Tone
}

func (p *TonePlan) tones() []namedTone {
	return []namedTone{
		{"dial", p.Dial}, {"busy", p.Busy}, {"ringback", p.Ringback},
		{"congestion", p.Congestion}, {"call_waiting", p.CallWaiting}, {"sit", p.SIT},
	}
}

// ParsePlans decodes a JSON array of tone plans (the form of toneplans.json)
// and validates each one. Unknown fields and duplicate countries are errors.
func ParsePlans(data []byte) ([]TonePlan, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var plans []TonePlan
	if err := dec.Decode(&plans); err != nil {
		return nil, fmt.Errorf("dsp: tone plans: %w", err)
	}
	if dec.More() {
		return nil, errors.New("dsp: tone plans: trailing data after the JSON array")
	}
	seen := make(map[string]bool, len(plans))
	for i := range plans {
		if err := plans[i].Validate(); err != nil {
			return nil, err
		}
		if seen[plans[i].Country] {
			return nil, fmt.Errorf("dsp: tone plan %s: listed twice", plans[i].Country)
		}
		seen[plans[i].Country] = true
	}
	return plans, nil
}

//go:embed toneplans.json
var builtinPlansJSON []byte

// BuiltinPlans returns the tone plans built into the firmware. Each call
// returns fresh values that the caller may change.
func BuiltinPlans() ([]TonePlan, error) { return ParsePlans(builtinPlansJSON) }

// BuiltinPlan returns the built-in tone plan of country (ISO 3166-1 alpha-2,
// either case), or ErrUnknownCountry.
func BuiltinPlan(country string) (TonePlan, error) {
	plans, err := BuiltinPlans()
	if err != nil {
		return TonePlan{}, err
	}
	for _, p := range plans {
		if strings.EqualFold(p.Country, country) {
			return p, nil
		}
	}
	return TonePlan{}, fmt.Errorf("%w: %q", ErrUnknownCountry, country)
}
