package voicemail

import (
	"io"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Beep is the tone before recording: 1000 Hz for 400 ms at -10 dBm0.
var Beep = dsp.Tone{Steps: []dsp.Step{{Hz: []float64{1000}, Ms: 400}}, DBm0: -10, Once: true}

// toneSource plays a Once tone as a call.FrameSource.
type toneSource struct{ g *dsp.ToneGen }

func newToneSource(t dsp.Tone) (*toneSource, error) {
	g, err := dsp.NewToneGen(t)
	if err != nil {
		return nil, err
	}
	return &toneSource{g: g}, nil
}

// ReadFrame implements call.FrameSource.
func (s *toneSource) ReadFrame(f *call.Frame) error {
	if s.g.Done() || s.g.Generate(f[:]) == 0 {
		return io.EOF
	}
	return nil
}
