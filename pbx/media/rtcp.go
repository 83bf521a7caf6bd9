package media

import (
	"math/rand/v2"
	"net/netip"
	"time"
)

// rtcpMinInterval is RFC 3550 section 6.2's minimum report interval.
const rtcpMinInterval = 5 * time.Second

// rtcpInterval returns the time to the next report: the minimum interval
// (half of it for the first report), spread over 0.5 to 1.5 times so that
// sessions do not report in step (RFC 3550 section 6.2 and 6.3.5).
func rtcpInterval(first bool) time.Duration {
	d := rtcpMinInterval
	if first {
		d /= 2
	}
	return time.Duration(float64(d) * (0.5 + rand.Float64()))
}

// rtcpState is what RTCP told us and where to send it.
type rtcpState struct {
	dst     netip.AddrPort // where reports go: the SDP's RTCP address, or latched
	latched bool

	lastSR   uint32        // middle 32 bits of the NTP time of the remote's last SR (LSR)
	lastSRAt time.Duration // when it arrived, since the session epoch
	haveSR   bool

	// The remote's last report about our stream.
	remote       bool
	fractionLost uint8
	totalLost    int32
	jitter       uint32 // in samples
	rtt          time.Duration
}

// ntpTime returns t as a 64-bit NTP timestamp (RFC 3550 section 4): seconds
// since 1900 in the high 32 bits, the fraction in the low 32.
func ntpTime(t time.Time) uint64 {
	const ntpEpochOffset = 2208988800 // seconds from 1900 to 1970
	secs := uint64(t.Unix()) + ntpEpochOffset
	frac := uint64(t.Nanosecond()) << 32 / uint64(time.Second)
	return secs<<32 | frac
}

// middle32 returns the middle 32 bits of an NTP timestamp, as LSR and RTT
// computations use them (RFC 3550 section 6.4.1), in 1/65536 s.
func middle32(ntp uint64) uint32 { return uint32(ntp >> 16) }

// maxDrain bounds the RTCP packets one drain takes; more wait for the
// next.
const maxDrain = 32

// drainRTCP handles the RTCP packets waiting on the socket. RTCP has no
// goroutine of its own: a peer sends a compound packet every few seconds
// (RFC 3550 6.2), which waits in the kernel's buffer, stamped with its
// arrival, until the next report we send, Stats, or Close drains it. That
// saves a goroutine's stack and a receive buffer per session. It is safe
// for concurrent use.
func (s *Session) drainRTCP() {
	s.rtcpReadMu.Lock()
	defer s.rtcpReadMu.Unlock()
	buf := s.e.rtcpBufs.Get().(*[maxPacket]byte)
	defer s.e.rtcpBufs.Put(buf)
	for range maxDrain {
		n, from, at, ok := s.rtcpConn.ReadWaiting(buf[:])
		if !ok {
			return
		}
		s.handleRTCP(buf[:n], netip.AddrPortFrom(from.Addr().Unmap(), from.Port()), at)
	}
}

// handleRTCP takes one RTCP compound packet (RFC 3550 section 6.1) that
// arrived at now: an SR gives the LSR/DLSR pair for our next report, a report block
// about our SSRC gives the remote's view of our stream and the round-trip
// time (6.4.1). RTCP is latched like RTP: replies go to where it comes
// from, and once RTP is latched only RTCP from that host is taken.
func (s *Session) handleRTCP(b []byte, from netip.AddrPort, now time.Time) {
	if s.state.Load() == nil {
		return
	}
	at := s.since(now)
	ours := s.tx.ssrcOf()
	s.rxMu.Lock()
	defer s.rxMu.Unlock()
	if s.latch.on && from.Addr() != s.latch.addr.Addr() {
		return // RTCP from another host than the RTP we latched
	}
	r := &s.rtcpRx
	var haveSR bool
	var lastSR uint32
	var got bool
	var rb reportBlock
	err := parseRTCP(b, func(_ uint32, si senderInfo) {
		haveSR, lastSR = true, middle32(si.ntp)
	}, func(b reportBlock) {
		if b.ssrc == ours {
			got, rb = true, b
		}
	})
	if err != nil {
		return
	}
	if !r.latched || r.dst != from {
		r.dst, r.latched = from, true
	}
	if haveSR {
		r.lastSR, r.lastSRAt, r.haveSR = lastSR, at, true
	}
	if got {
		r.remote = true
		r.fractionLost, r.totalLost, r.jitter = rb.fractionLost, rb.totalLost, rb.jitter
		if rb.lsr != 0 {
			// RTT = A - LSR - DLSR, in 1/65536 s (6.4.1).
			rtt := int64(int32(middle32(ntpTime(now)) - rb.lsr - rb.dlsr))
			if rtt >= 0 {
				r.rtt = time.Duration(rtt) * time.Second / 65536
			}
		}
	}
}

// ssrcOf returns our SSRC.
func (t *sender) ssrcOf() uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ssrc
}

// buildReport returns our RTCP compound packet at now: an SR when we have
// sent RTP, else an RR (RFC 3550 6.4), with a report block about the
// stream we receive, then SDES CNAME (6.5.1), and BYE when bye.
func (s *Session) buildReport(now time.Time, bye bool) ([]byte, netip.AddrPort) {
	t := &s.tx
	t.mu.Lock()
	ssrc := t.ssrc
	var si *senderInfo
	if t.sent {
		si = &senderInfo{ntp: ntpTime(now), rtpTS: t.tsAt(now), packets: t.packets, octets: t.octets}
	}
	t.mu.Unlock()

	at := s.since(now)
	s.rxMu.Lock()
	dst := s.rtcpRx.dst
	var rb *reportBlock
	if s.rx.on && s.rx.probation == 0 {
		rb = &reportBlock{
			ssrc:         s.rx.ssrc,
			fractionLost: s.rx.interval(),
			totalLost:    int32(min(max(s.rx.lost(), -1<<23), 1<<23-1)),
			extMax:       s.rx.extMax(),
			jitter:       uint32(s.rx.jitter),
		}
		if s.rtcpRx.haveSR {
			rb.lsr = s.rtcpRx.lastSR
			rb.dlsr = uint32((at - s.rtcpRx.lastSRAt) * 65536 / time.Second)
		}
	}
	s.rxMu.Unlock()
	return appendRTCP(make([]byte, 0, 128), ssrc, si, rb, s.cname, bye), dst
}

// sendReport sends a report and schedules the next one. It runs on a
// timer's goroutine.
func (s *Session) sendReport() {
	if s.closing.Load() {
		return
	}
	s.drainRTCP()
	if b, dst := s.buildReport(time.Now(), false); b != nil && addrUsable(dst) {
		s.rtcpConn.WriteToUDPAddrPort(b, dst)
	}
	s.mu.Lock()
	if !s.closed {
		s.rtcpTimer.Reset(rtcpInterval(false))
	}
	s.mu.Unlock()
}

// sendBye sends a last report with BYE (RFC 3550 section 6.6) when the
// session was negotiated.
func (s *Session) sendBye() {
	if s.state.Load() == nil {
		return
	}
	if b, dst := s.buildReport(time.Now(), true); b != nil && addrUsable(dst) {
		s.rtcpConn.WriteToUDPAddrPort(b, dst)
	}
}
