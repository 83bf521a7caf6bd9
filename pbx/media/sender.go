package media

import (
	"math/rand/v2"
	"net/netip"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/pion/rtp"
)

// frameDur is the duration of one frame and one RTP packet we send.
const frameDur = 20 * time.Millisecond

// frameTS is one frame in RTP timestamp units at 8000 Hz.
const frameTS = call.FrameSamples

// sender is our outgoing RTP stream (RFC 3550 section 5.1): one SSRC, a
// sequence number that goes up by one per packet, and a timestamp that
// follows the sampling clock across everything that sends on it (frames,
// DTMF events, a relay), so the stream stays continuous when a relay
// starts or stops. Its mutex is held while a packet is built and sent.
type sender struct {
	mu      sync.Mutex
	ssrc    uint32
	seq     uint16    // sequence number of the last packet sent
	ts      uint32    // timestamp of the last packet sent
	at      time.Time // the time of ts on the stream's clock: when its packet was due
	sent    bool      // a packet has been sent
	packets uint32    // packets sent, for RTCP SR
	octets  uint32    // payload octets sent, for RTCP SR
	dst     netip.AddrPort
	dtmf    bool // a telephone-event is being sent: audio waits
	relay   relayMap
	wide    *wideTx               // the wideband encoder, made when the codec is one
	buf     *[12 + 4*frameTS]byte // the packet being built; made by putHeader when first needed
}

// relayMap maps the relayed stream's sequence numbers and timestamps onto
// ours by fixed offsets, so that the far end's reordering and loss show
// through unchanged; the offsets are set when the relay starts or the
// relayed stream changes.
type relayMap struct {
	on      bool
	ssrc    uint32 // the relayed stream's SSRC
	lastSeq uint16 // the relayed stream's highest sequence number
	seqOff  uint16
	tsOff   uint32
}

// init picks a random SSRC, sequence number and timestamp (RFC 3550
// section 5.1).
func (t *sender) init() {
	t.ssrc = rand.Uint32()
	t.seq = uint16(rand.Uint32())
	t.ts = rand.Uint32()
}

// setDst sets where packets go.
func (t *sender) setDst(a netip.AddrPort) {
	t.mu.Lock()
	t.dst = a
	t.mu.Unlock()
}

// maxSendLag is how late a frame may come after the one before and still
// continue its run: one frame time plus the lag a ReadFrame caller catches
// up on (maxLag), so frames that a pump sends in a burst after a stall
// keep their timestamps contiguous.
const maxSendLag = frameDur + maxLag

// nextTS returns the timestamp of a packet sent at now that starts a new
// 20 ms of media, and whether it starts a talkspurt (RFC 3551 section 4.1:
// the marker bit): within a run of frames the timestamp advances by one
// frame; after a gap longer than maxSendLag it advances by the time that
// passed, rounded to frames. A gap up to maxSendLag is a writer catching
// up, not a pause: advancing there would leave a hole the far end
// conceals. Hold t.mu.
func (t *sender) nextTS(now time.Time) (ts uint32, marker bool) {
	if !t.sent {
		return t.ts, true
	}
	gap := now.Sub(t.at)
	if gap <= maxSendLag {
		return t.ts + frameTS, false
	}
	frames := (gap + frameDur/2) / frameDur
	return t.ts + uint32(frames)*frameTS, true
}

// resumeTS returns the timestamp of a packet at now that takes the stream
// over from another source with a clock of its own, as a relay starting
// does: the time passed since the last packet, in whole frames, at least
// one, whether or not it is a pause (nextTS's catch-up does not apply).
// Hold t.mu.
func (t *sender) resumeTS(now time.Time) uint32 {
	if !t.sent {
		return t.ts
	}
	frames := max((now.Sub(t.at)+frameDur/2)/frameDur, 1)
	return t.ts + uint32(frames)*frameTS
}

// frameClock returns when a frame sent at now with timestamp ts is due on
// the stream's clock: one frame after the last for a frame continuing a
// run, but never later than now (a writer ahead of time stays on its
// own), and now for one that starts a talkspurt. Hold t.mu.
func (t *sender) frameClock(now time.Time, marker bool) time.Time {
	if !t.sent || marker {
		return now
	}
	if due := t.at.Add(frameDur); due.Before(now) {
		return due
	}
	return now
}

// tsAt returns the RTP timestamp that corresponds to now, for RTCP SR.
// Hold t.mu.
func (t *sender) tsAt(now time.Time) uint32 {
	if !t.sent {
		return t.ts
	}
	return t.ts + uint32(now.Sub(t.at)/(time.Second/8000))
}

// putHeader writes a 12-byte RTP header (RFC 3550 section 5.1) with the
// next sequence number into t.buf, and returns its length. It makes t.buf
// the first time: a relaying session, which sends what it receives from
// the receive buffer, never needs it (650 bytes less per relayed leg).
// Hold t.mu.
func (t *sender) putHeader(pt uint8, marker bool, ts uint32) int {
	if t.buf == nil {
		t.buf = new([12 + 4*frameTS]byte)
	}
	h := rtp.Header{Version: 2, Marker: marker, PayloadType: pt & 0x7f,
		SequenceNumber: t.seq + 1, Timestamp: ts, SSRC: t.ssrc}
	n, _ := h.MarshalTo(t.buf[:]) // t.buf has room for a header without CSRC
	return n
}

// sentPacket records that a packet with sequence number seq, timestamp ts
// and n payload octets left, its timestamp being at on the stream's clock.
// Hold t.mu.
func (t *sender) sentPacket(seq uint16, ts uint32, n int, at time.Time) {
	if !t.sent || int16(seq-t.seq) > 0 {
		t.seq = seq
	}
	if !t.sent || int32(ts-t.ts) >= 0 {
		t.ts, t.at = ts, at
	}
	t.sent = true
	t.packets++
	t.octets += uint32(n)
}

// WriteFrame sends f to the far end as one 20 ms RTP packet in the
// negotiated codec. It sends nothing, and returns nil, while the stream is
// not negotiated or is on hold, while a relay or a DTMF event uses the
// stream, and before the remote address is known. It allocates nothing.
func (s *Session) WriteFrame(f *call.Frame) error {
	if s.closing.Load() {
		return ErrClosed
	}
	st := s.state.Load()
	if st == nil || !st.canSend() || s.relayTo.Load() != nil {
		return nil
	}
	t := &s.tx
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dtmf || !addrUsable(t.dst) {
		return nil
	}
	if err := s.sendFrameLocked(st, f, time.Now()); err != nil && s.closing.Load() {
		return ErrClosed
	}
	return nil
}

// sendFrameLocked encodes f in the codec of st and sends it as the next
// packet of the stream at now. Hold s.tx.mu.
func (s *Session) sendFrameLocked(st *negotiation, f *call.Frame, now time.Time) error {
	t := &s.tx
	ts, marker := t.nextTS(now)
	h := t.putHeader(st.sendPT, marker, ts)
	var n int
	if st.codec.wideband {
		if t.wide == nil {
			t.wide = new(wideTx)
		}
		n = t.wide.encode(t.buf[h:], f[:])
	} else {
		n = st.codec.encode(t.buf[h:], f[:])
	}
	_, err := s.rtpConn.WriteToUDPAddrPort(t.buf[:h+n], t.dst)
	t.sentPacket(t.seq+1, ts, n, t.frameClock(now, marker))
	return err
}
