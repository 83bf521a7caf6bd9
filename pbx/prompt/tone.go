package prompt

import (
	"io"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// ToneSource is a call.FrameSource of a tone of the DSP's tone plans: a
// tone that repeats plays forever; a Once tone (a beep, a confirmation)
// ends with io.EOF after its last frame, which is padded with silence. A
// ToneSource is not safe for concurrent use.
type ToneSource struct{ g *dsp.ToneGen }

// NewToneSource returns a ToneSource of t from its start, or the error of a
// tone that dsp.NewToneGen refuses.
func NewToneSource(t dsp.Tone) (*ToneSource, error) {
	g, err := dsp.NewToneGen(t)
	if err != nil {
		return nil, err
	}
	return &ToneSource{g: g}, nil
}

// ReadFrame implements call.FrameSource.
func (s *ToneSource) ReadFrame(f *call.Frame) error {
	if s.g.Done() {
		return io.EOF
	}
	n := s.g.Generate(f[:])
	if n == 0 {
		return io.EOF
	}
	clear(f[n:])
	return nil
}
