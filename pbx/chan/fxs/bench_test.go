package fxs

import (
	"math"
	"testing"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
)

// BenchmarkTalkingFrame is the audio loop's work for one 20 ms frame of a
// voice port in a call: the far end's audio out, the phone's audio through
// the echo canceller and the DTMF detector to the switch.
func BenchmarkTalkingFrame(b *testing.B) {
	for _, tc := range []struct {
		name string
		cfg  portConfig
	}{
		{"voice", portConfig{echoCancel: true}},
		{"voice without canceller", portConfig{}},
		{"fax", portConfig{fax: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			p := &port{c: &Channel{}}
			if err := p.media.init(); err != nil {
				b.Fatal(err)
			}
			l := &leg{p: p, audio: newAudio(make(chan struct{}))}
			p.cfg, p.leg, p.state = &tc.cfg, l, stateTalking
			p.media.connect(l, p.cfg)
			var in, out hal.Frame
			for i := range in {
				in[i] = int16(3000 * math.Sin(2*math.Pi*1000*float64(i)/8000))
			}
			b.ReportAllocs()
			for b.Loop() {
				l.audio.WriteFrame((*call.Frame)(&in))
				p.tick(in[:], out[:])
			}
		})
	}
}
