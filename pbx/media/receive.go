package media

import (
	"context"
	"log/slog"
	"net/netip"
	"time"
)

// pktKind is what a received payload type is in the negotiated session.
type pktKind uint8

const (
	pktOther pktKind = iota // not negotiated: dropped
	pktAudio                // the codec
	pktEvent                // telephone-event (RFC 4733)
	pktCN                   // comfort noise (RFC 3389): keeps the stream alive, not played
)

// classify returns the kind of payload type pt. Packets are accepted with
// the payload type numbers of either side's SDP, as phones that answer
// with numbers of their own also send with them.
func (n *negotiation) classify(pt uint8) pktKind {
	switch {
	case pt == n.recvPT || pt == n.sendPT:
		return pktAudio
	case n.recvTE >= 0 && (int16(pt) == n.recvTE || int16(pt) == n.sendTE):
		return pktEvent
	case pt == cnPT:
		return pktCN
	}
	return pktOther
}

// latch is symmetric RTP (RFC 4961, and the "comedia" practice for phones
// behind NAT): we send to where the remote's packets come from, not to the
// address in its SDP, which may be private. The first accepted packet
// latches its source; packets from elsewhere are dropped, unless they
// carry the latched stream's SSRC (the NAT changed its mapping) or the
// latched source has been quiet for the relatch time (the remote moved).
type latch struct {
	on   bool
	addr netip.AddrPort
	ssrc uint32
	last time.Duration // arrival of the last accepted packet, since the session epoch
}

// accept reports whether a packet of SSRC ssrc from from, arriving at now,
// is taken, and whether it moved the latch to from.
func (l *latch) accept(from netip.AddrPort, ssrc uint32, now, relatch time.Duration) (ok, moved bool) {
	switch {
	case !l.on:
		moved = true
	case from == l.addr:
	case ssrc == l.ssrc || now-l.last >= relatch:
		moved = true
	default:
		return false, false
	}
	l.on, l.addr, l.ssrc, l.last = true, from, ssrc, now
	return true, moved
}

// handleRTP takes one received RTP packet pkt from from at now. It runs on
// the RTP reader and allocates nothing: it checks the packet
// (RTP version 2, a negotiated payload type, the latched source), counts
// it, reports digits, and relays it or puts it into the jitter buffer.
func (s *Session) handleRTP(pkt []byte, from netip.AddrPort, now time.Time) {
	st := s.state.Load()
	if st == nil || len(pkt) < 12 || pkt[0]>>6 != 2 {
		return
	}
	p := &s.rxPkt
	if p.Unmarshal(pkt) != nil {
		return
	}
	kind := st.classify(p.PayloadType)
	if kind == pktOther {
		s.wrongPT.Add(1)
		return
	}
	at := s.since(now)
	s.rxMu.Lock()
	ok, moved := s.latch.accept(from, p.SSRC, at, s.e.cfg.RelatchAfter)
	if !ok {
		s.rxMu.Unlock()
		s.foreign.Add(1)
		return
	}
	if kind != pktCN {
		s.rx.update(p.SSRC, p.SequenceNumber, p.Timestamp, samplesAt(at))
	}
	var d1, d2 byte
	switch kind {
	case pktEvent:
		d1, d2 = s.dtmfRx.event(p.Timestamp, p.Payload, at)
	default:
		d1 = s.dtmfRx.idle(at)
	}
	s.rxMu.Unlock()
	s.lastRx.Store(int64(at))
	if moved {
		s.tx.setDst(from)
		if s.log.Enabled(context.Background(), slog.LevelDebug) {
			s.log.Debug("media: latched remote RTP address", "from", from, "ssrc", p.SSRC)
		}
	}
	s.deliverDigit(d1)
	s.deliverDigit(d2)

	if dst := s.relayTo.Load(); dst != nil {
		if kind != pktCN {
			dst.relayIn(st.codec, pkt, p.SSRC, p.SequenceNumber, p.Timestamp, kind == pktEvent, now)
		}
		if ear := s.ear.Load(); ear != nil && kind == pktAudio {
			ear.hear(st.codec, p.Payload, now) // the rewrite left the payload alone
		}
		return
	}
	if kind == pktAudio {
		s.jbMu.Lock()
		if s.jb != nil {
			s.jb.put(now, st.codec, p.SSRC, p.Timestamp, p.Payload)
		}
		s.jbMu.Unlock()
	}
}

// deliverDigit hands digit d (0: none) to OnDigit's function, or queues
// it on the Digits channel, dropping it when the channel is full.
func (s *Session) deliverDigit(d byte) {
	if d == 0 {
		return
	}
	if fn := s.onDigit.Load(); fn != nil {
		(*fn)(d)
		return
	}
	select {
	case s.digits <- d:
	default:
		s.log.Warn("media: digit dropped: nobody reads Digits", "digit", string(rune(d)))
	}
}

// samplesAt converts a time since the epoch to 8 kHz sample units.
func samplesAt(d time.Duration) int64 { return int64(d) / int64(time.Second/8000) }
