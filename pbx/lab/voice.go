package lab

import (
	"fmt"
	"math"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/dsp"
)

// ToneRequest is a test tone to send: one sine of Hz at DBm0 for Ms in
// all. With OnMs and OffMs it is cadenced: on for OnMs, off for OffMs,
// again and again, as a fax machine's calling tone (T.30 CNG: 1100 Hz,
// 0.5 s on, 3 s off) is.
type ToneRequest struct {
	Hz    float64 `json:"hz"`
	DBm0  float64 `json:"dbm0"`
	Ms    int     `json:"ms"`
	OnMs  int     `json:"on_ms"`
	OffMs int     `json:"off_ms"`
}

// maxToneMs bounds a test tone (10 minutes).
const maxToneMs = 600_000

// voice is what a party of the world says: queued DTMF digits and a test
// tone, mixed frame by frame. It is not safe for concurrent use; its owner
// locks.
type voice struct {
	dtmf     *dsp.DTMFGen
	tone     *dsp.ToneGen
	toneLeft int // samples
	toneOn   int // samples of each burst of a cadenced tone; 0: steady
	toneOff  int // samples of silence after each burst
	tonePos  int // samples into the cadence
	buf      [hal.FrameSamples]int16
}

func newVoice(o *dsp.DTMFGenOpts) (*voice, error) {
	g, err := dsp.NewDTMFGen(o)
	if err != nil {
		return nil, fmt.Errorf("lab: %w", err)
	}
	return &voice{dtmf: g}, nil
}

// newParty returns the ear and the voice of a party of the world that
// knows the tones of country.
func newParty(country string) (*ear, *voice, error) {
	e, err := newEar(country)
	if err != nil {
		return nil, nil, err
	}
	v, err := newVoice(nil)
	if err != nil {
		return nil, nil, err
	}
	return e, v, nil
}

// say queues DTMF digits.
func (v *voice) say(digits string) error {
	if digits == "" {
		return invalid("digits", "no digits to dial")
	}
	if err := v.dtmf.Send(digits); err != nil {
		return &Error{Field: "digits", Err: fmt.Errorf("lab: dial %q: %w", digits, err)}
	}
	return nil
}

// play starts the test tone t, replacing one in progress.
func (v *voice) play(t ToneRequest) error {
	if t.Ms == 0 {
		t.Ms = 2000
	}
	switch {
	case t.Ms < 0 || t.Ms > maxToneMs:
		return invalid("ms", "tone of %d ms: want 1..%d", t.Ms, maxToneMs)
	case !(t.Hz >= 20 && t.Hz <= 3900):
		return invalid("hz", "tone of %g Hz: want 20..3900", t.Hz)
	case !(t.DBm0 >= -60 && t.DBm0 <= 3):
		return invalid("dbm0", "tone at %g dBm0: want -60..3", t.DBm0)
	case t.OnMs < 0 || t.OnMs > maxToneMs:
		return invalid("on_ms", "burst of %d ms: want 0 (a steady tone) to %d", t.OnMs, maxToneMs)
	case t.OffMs < 0 || t.OffMs > maxToneMs:
		return invalid("off_ms", "pause of %d ms: want 0 to %d", t.OffMs, maxToneMs)
	case (t.OnMs == 0) != (t.OffMs == 0):
		return invalid("off_ms", "a cadence needs both on_ms and off_ms (or neither, for a steady tone)")
	}
	g, err := dsp.NewToneGen(dsp.Tone{Hz: []float64{t.Hz}, DBm0: t.DBm0})
	if err != nil {
		return invalid("hz", "tone %g Hz at %g dBm0: %v", t.Hz, t.DBm0, err)
	}
	v.tone, v.toneLeft = g, t.Ms*dsp.SampleRate/1000
	v.toneOn, v.toneOff, v.tonePos = t.OnMs*dsp.SampleRate/1000, t.OffMs*dsp.SampleRate/1000, 0
	return nil
}

// busy reports whether digits or a tone are still being said.
func (v *voice) busy() bool { return v.dtmf.Busy() || v.toneLeft > 0 }

// stop silences the voice.
func (v *voice) stop() {
	v.tone, v.toneLeft = nil, 0
	for v.dtmf.Busy() {
		v.dtmf.Generate(v.buf[:])
	}
}

// next adds the voice's next frame to f.
func (v *voice) next(f *hal.Frame) {
	if v.dtmf.Busy() {
		v.dtmf.Generate(v.buf[:])
		mix(f, v.buf[:])
	}
	if v.toneLeft > 0 {
		v.tone.Generate(v.buf[:])
		n := min(v.toneLeft, len(v.buf))
		clear(v.buf[n:])
		v.toneLeft -= n
		if v.toneOn > 0 {
			for i := range n {
				if v.tonePos%(v.toneOn+v.toneOff) >= v.toneOn {
					v.buf[i] = 0
				}
				v.tonePos++
			}
		}
		mix(f, v.buf[:])
	}
}

// mix adds pcm to f, clipping at the int16 range.
func mix(f *hal.Frame, pcm []int16) {
	for i, s := range pcm {
		v := int32(f[i]) + int32(s)
		f[i] = int16(max(math.MinInt16, min(math.MaxInt16, v)))
	}
}
