package media

import (
	"strings"

	"github.com/hookflash/firmware/pbx/dsp"
)

// codec is an audio payload format this package sends and receives.
type codec struct {
	name   string                            // as SDP's rtpmap names it: "PCMU"
	pt     uint8                             // static payload type (RFC 3551 table 4)
	clock  int                               // RTP clock rate in Hz
	encode func(dst []byte, src []int16) int // nil for a wideband codec
	decode func(dst []int16, src []byte) int // nil for a wideband codec
	// wideband codecs keep state per stream: the sender's wideTx and the
	// jitter buffer's wideRx code them (wideband.go).
	wideband bool
}

// codecs lists the codecs in our order of preference for offers. G.722
// comes last: a phone that prefers it gets it, and two such phones relay
// it end to end, but legs of the box's own choosing stay on G.711, which
// every leg can take without resampling.
var codecs = [...]codec{
	{name: "PCMU", pt: 0, clock: 8000, encode: dsp.EncodeULaw, decode: dsp.DecodeULaw},
	{name: "PCMA", pt: 8, clock: 8000, encode: dsp.EncodeALaw, decode: dsp.DecodeALaw},
	{name: "G722", pt: 9, clock: 8000, wideband: true},
}

// Payload formats other than the codecs.
const (
	teName      = "telephone-event" // RFC 4733
	teDefaultPT = 101               // the payload type we offer for telephone-event
	cnPT        = 13                // comfort noise (RFC 3389): accepted, not played
)

// findCodec returns the codec named name at clock Hz (case-insensitive
// name), or nil.
func findCodec(name string, clock int) *codec {
	for i := range codecs {
		if strings.EqualFold(codecs[i].name, name) && codecs[i].clock == clock {
			return &codecs[i]
		}
	}
	return nil
}
