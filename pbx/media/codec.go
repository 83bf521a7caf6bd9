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
// comes first: two phones that speak it get wideband audio, relayed end to
// end without decoding; a peer without it answers with G.711, and a call
// whose legs differ is transcoded through PCM by the switch.
var codecs = [...]codec{
	{name: "G722", pt: 9, clock: 8000, wideband: true},
	{name: "PCMU", pt: 0, clock: 8000, encode: dsp.EncodeULaw, decode: dsp.DecodeULaw},
	{name: "PCMA", pt: 8, clock: 8000, encode: dsp.EncodeALaw, decode: dsp.DecodeALaw},
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
