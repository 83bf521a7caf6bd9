package dialplan

import (
	"io"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
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

// confirmation plays a tone rendered in advance as a call.FrameSource.
type confirmation struct {
	pcm []int16
}

// newConfirmation returns confirmationTone, rendered.
func newConfirmation() *confirmation {
	g, err := dsp.NewToneGen(confirmationTone)
	if err != nil {
		panic("dialplan: confirmation tone: " + err.Error()) // a constant above
	}
	pcm := make([]int16, confirmationTone.Period()*dsp.SampleRate/1000)
	g.Generate(pcm)
	return &confirmation{pcm: pcm}
}

// ReadFrame implements call.FrameSource.
func (s *confirmation) ReadFrame(f *call.Frame) error {
	if len(s.pcm) == 0 {
		return io.EOF
	}
	n := copy(f[:], s.pcm)
	clear(f[n:])
	s.pcm = s.pcm[n:]
	return nil
}
