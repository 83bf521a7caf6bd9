package media

import (
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

var _ call.RelayHearer = (*Session)(nil)

// relayEar decodes, for a call.RelayListener, the G.711 packets a relaying
// session receives: whole 20 ms frames, whatever the packets' ptime. It is
// owned by the RTP reader once set.
type relayEar struct {
	l    call.RelayListener
	f    call.Frame
	fill int // samples of f filled
}

// HearRelayed implements call.RelayHearer: while s relays, l hears the
// audio packets s receives, decoded after each has been relayed. G.722
// packets are not heard (its decoder needs the whole stream). nil stops
// the listening. It is safe for concurrent use; it allocates once per
// listener, nothing per packet.
func (s *Session) HearRelayed(l call.RelayListener) {
	if l == nil {
		s.ear.Store(nil)
		return
	}
	s.ear.Store(&relayEar{l: l})
}

// hear offers the audio payload of codec c, received at now, to the
// listener, and decodes it into frames when it is wanted.
func (r *relayEar) hear(c *codec, payload []byte, now time.Time) {
	if c.decode == nil || !r.l.Wants(now) {
		r.fill = 0
		return
	}
	for len(payload) > 0 {
		n := min(len(payload), call.FrameSamples-r.fill)
		c.decode(r.f[r.fill:r.fill+n], payload[:n])
		r.fill += n
		payload = payload[n:]
		if r.fill == call.FrameSamples {
			r.l.Hear(&r.f)
			r.fill = 0
		}
	}
}
