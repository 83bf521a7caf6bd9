package dialplan

import (
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/prompt"
)

// confirmationTone tells a caller that a feature code did what it asked:
// three bursts of 350 + 440 Hz (the dial tone's pair in the North American
// plan, Telcordia GR-506's confirmation tone), 100 ms on and 100 ms off,
// at -13 dBm0 per frequency.
var confirmationTone = dsp.Tone{Steps: []dsp.Step{
	{Hz: []float64{350, 440}, Ms: 100}, {Ms: 100},
	{Hz: []float64{350, 440}, Ms: 100}, {Ms: 100},
	{Hz: []float64{350, 440}, Ms: 100}, {Ms: 100},
}, DBm0: -13, Once: true}

// newConfirmation returns confirmationTone as a call.FrameSource, from its
// start.
func newConfirmation() call.FrameSource {
	s, err := prompt.NewToneSource(confirmationTone)
	if err != nil {
		panic("dialplan: confirmation tone: " + err.Error()) // a constant above
	}
	return s
}
