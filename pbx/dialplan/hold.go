package dialplan

import (
	"fmt"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// musicOnHold is the melody a held party hears: an arpeggio of C major
// and G major (523, 659, 784, 988 Hz...), 200 ms a note with 50 ms between
// notes and a rest at the end of each bar, at -16 dBm0, repeating.
var musicOnHold = func() dsp.Tone {
	bars := [][]float64{{523.25, 659.25, 783.99, 659.25}, {493.88, 587.33, 783.99, 587.33}}
	var steps []dsp.Step
	for _, bar := range bars {
		for _, hz := range bar {
			steps = append(steps, dsp.Step{Hz: []float64{hz}, Ms: 200}, dsp.Step{Ms: 50})
		}
		steps = append(steps, dsp.Step{Ms: 200})
	}
	return dsp.Tone{Steps: steps, DBm0: -16}
}()

// MusicOnHold returns the melody a held party hears, for channels that
// hold a call themselves (an analog phone switching to a waiting call).
func MusicOnHold() dsp.Tone {
	t := musicOnHold
	t.Steps = append([]dsp.Step(nil), t.Steps...)
	return t
}

// holdTones are the tones a transfer plays: music on hold to the held
// party, the country's ringback to whoever waits for the third party.
type holdTones struct {
	music, ringback dsp.Tone
}

// newHoldTones returns the tones for the country (ISO 3166 alpha-2).
func newHoldTones(country string) (holdTones, error) {
	plan, err := dsp.BuiltinPlan(country)
	if err != nil {
		return holdTones{}, fmt.Errorf("dialplan: ringback for transfers: %w", err)
	}
	return holdTones{music: musicOnHold, ringback: plan.Ringback}, nil
}

// toneSource plays a tone as a call.FrameSource, forever (a tone that
// plays once is followed by silence).
type toneSource struct{ g *dsp.ToneGen }

// source returns a fresh FrameSource of t; t was validated by the plan or
// is musicOnHold, so it cannot fail but would play silence if it did.
func source(t dsp.Tone) call.FrameSource {
	g, err := dsp.NewToneGen(t)
	if err != nil {
		return toneSource{}
	}
	return toneSource{g}
}

// ReadFrame implements call.FrameSource.
func (s toneSource) ReadFrame(f *call.Frame) error {
	if s.g == nil || s.g.Done() {
		clear(f[:])
		return nil
	}
	if n := s.g.Generate(f[:]); n < len(f) {
		clear(f[n:])
	}
	return nil
}
