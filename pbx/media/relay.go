package media

import (
	"encoding/binary"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Relay joins s and other, which must be a *Session with the same
// negotiated codec: from now on the RTP packets each receives, audio and
// telephone-events, leave from the other with that session's SSRC, payload
// types, sequence numbers and timestamps (continuing where its stream
// stood), without being decoded. Received digits are still reported on
// Digits; they are already forwarded, so the switch must not send them
// again. It returns ok false, changing nothing, when the two cannot be
// relayed: another kind of leg, different codecs, not negotiated, already
// relaying, or closed. While relaying, ReadFrame returns silence and
// WriteFrame sends nothing. stop ends the relay and may be called more than
// once.
//
// A re-INVITE that changes one side's codec makes the relay drop that
// side's packets; the switch should then stop it and bridge through PCM.
func (s *Session) Relay(other call.Relayer) (stop func(), ok bool) {
	o, isSession := other.(*Session)
	if !isSession || o == s {
		return nil, false
	}
	a, b := s, o
	if a.id > b.id {
		a, b = b, a // lock in id order
	}
	a.mu.Lock()
	b.mu.Lock()
	defer a.mu.Unlock()
	defer b.mu.Unlock()
	if a.closed || b.closed || a.neg.codec == nil || a.neg.codec != b.neg.codec ||
		a.relayTo.Load() != nil || b.relayTo.Load() != nil {
		return nil, false
	}
	a.relayTo.Store(b)
	b.relayTo.Store(a)
	a.dropJitter()
	b.dropJitter()
	return sync.OnceFunc(func() { s.unlink(o) }), true
}

// unlink ends the relay between s and o, if they are still relaying to
// each other.
func (s *Session) unlink(o *Session) {
	for _, p := range [2][2]*Session{{s, o}, {o, s}} {
		if p[0].relayTo.CompareAndSwap(p[1], nil) {
			p[1].tx.mu.Lock()
			p[1].tx.relay.on = false
			p[1].tx.mu.Unlock()
			p[0].resetJitter()
		}
	}
}

// stopRelay ends any relay s takes part in.
func (s *Session) stopRelay() {
	if o := s.relayTo.Load(); o != nil {
		s.unlink(o)
	}
}

// relayIn sends pkt, received by the other session of the relay with
// codec c, from s: its header is rewritten in place (payload type, sequence
// number, timestamp, SSRC; RFC 3550 section 7 allows a translator to do
// so) and the buffer is sent as it is. It runs on the other session's
// RTP reader and allocates nothing.
func (s *Session) relayIn(c *codec, pkt []byte, ssrc uint32, seq uint16, ts uint32, event bool, now time.Time) {
	st := s.state.Load()
	if st == nil || st.codec != c || !st.canSend() {
		return
	}
	pt := st.sendPT
	if event {
		if st.sendTE < 0 {
			return // the far end takes no telephone-events
		}
		pt = uint8(st.sendTE)
	}
	t := &s.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dtmf || !addrUsable(t.dst) {
		return
	}
	r := &t.relay
	marker := pkt[1]&0x80 != 0
	if d := seq - r.lastSeq; !r.on || r.ssrc != ssrc || (d > 3000 && d < 0x10000-100) {
		// The relay starts, or the relayed stream restarted (RFC 3550
		// A.1 calls a jump of more than 3000 a restart): continue our
		// stream from where it stands.
		next := t.resumeTS(now)
		*r = relayMap{on: true, ssrc: ssrc, lastSeq: seq, seqOff: t.seq + 1 - seq, tsOff: next - ts}
		marker = true
	}
	if int16(seq-r.lastSeq) > 0 {
		r.lastSeq = seq
	}
	outSeq, outTS := seq+r.seqOff, ts+r.tsOff
	pkt[1] = pt
	if marker {
		pkt[1] |= 0x80
	}
	binary.BigEndian.PutUint16(pkt[2:], outSeq)
	binary.BigEndian.PutUint32(pkt[4:], outTS)
	binary.BigEndian.PutUint32(pkt[8:], t.ssrc)
	s.rtpConn.WriteToUDPAddrPort(pkt, t.dst)
	t.sentPacket(outSeq, outTS, len(pkt)-12, now)
}
