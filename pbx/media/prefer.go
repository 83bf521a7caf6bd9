package media

import (
	"strings"

	"github.com/hookflash/firmware/pbx/call"
)

// Prefer names the codec our first offer lists first: the codec of the
// leg this session will be bridged with (call.CallerCodec: "PCMA",
// "G722"), so that a callee taking the first codec it speaks takes that
// one and the bridge relays RTP without decoding. For call.CodecPCM, an
// 8 kHz caller, G.711 (PCMU) comes first: G.722 would only cost a
// transcoding to 16 kHz. Other names, and "", keep our own order (G.722
// first). A negotiated codec always comes first in re-offers.
func (s *Session) Prefer(name string) {
	var c *codec
	if strings.EqualFold(name, call.CodecPCM) {
		c = findCodec("PCMU", 8000)
	} else {
		c = findCodec(name, 8000)
	}
	s.mu.Lock()
	s.prefer = c
	s.mu.Unlock()
}
