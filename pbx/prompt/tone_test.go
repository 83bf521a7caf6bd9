package prompt

import (
	"io"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// TestToneSource: a Once tone of 50 ms gives three frames, the last
// padded with silence, then io.EOF; a repeating tone never ends.
func TestToneSource(t *testing.T) {
	once, err := NewToneSource(dsp.Tone{Steps: []dsp.Step{{Hz: []float64{1000}, Ms: 50}}, DBm0: -10, Once: true})
	if err != nil {
		t.Fatal(err)
	}
	var f call.Frame
	for i := range 3 {
		if err := once.ReadFrame(&f); err != nil {
			t.Fatalf("frame %d of a 50 ms tone: ReadFrame = %v; want nil", i, err)
		}
	}
	if f[call.FrameSamples/2-1] == 0 || f[call.FrameSamples/2] != 0 || f[call.FrameSamples-1] != 0 {
		t.Errorf("the last frame of a 50 ms tone is %d, %d, %d at samples 79, 80, 159; want the tone, then silence", f[79], f[80], f[159])
	}
	if err := once.ReadFrame(&f); err != io.EOF {
		t.Errorf("after a 50 ms tone ReadFrame = %v; want io.EOF", err)
	}
	loop, err := NewToneSource(dsp.Tone{Steps: []dsp.Step{{Hz: []float64{425}, Ms: 50}, {Ms: 50}}, DBm0: -10})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if err := loop.ReadFrame(&f); err != nil {
			t.Fatalf("frame %d of a repeating tone: ReadFrame = %v; want nil", i, err)
		}
	}
	if _, err := NewToneSource(dsp.Tone{Steps: []dsp.Step{{Hz: []float64{1000}, Ms: -1}}}); err == nil {
		t.Error("NewToneSource of a step of -1 ms = nil error; want the tone refused")
	}
}
