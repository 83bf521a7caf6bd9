package voicemail

import "github.com/hookflash/firmware/pbx/dsp"

// Beep is the tone before recording: 1000 Hz for 400 ms at -10 dBm0.
var Beep = dsp.Tone{Steps: []dsp.Step{{Hz: []float64{1000}, Ms: 400}}, DBm0: -10, Once: true}
