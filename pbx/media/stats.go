package media

import (
	"net/netip"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// MediaStats returns what the session measured, for the call record:
// packets sent and received, packets lost in the received stream (RFC 3550
// A.3) and its interarrival jitter (6.4.1) in ms.
func (s *Session) MediaStats() call.MediaStats {
	st := s.Stats()
	return call.MediaStats{Codec: st.Codec, PacketsSent: st.PacketsSent, PacketsRecv: st.PacketsRecv,
		PacketsLost: st.PacketsLost, JitterMS: st.JitterMS}
}

// Stats is everything a Session measured.
type Stats struct {
	Codec       string
	PacketsSent int64
	OctetsSent  int64          // payload octets
	PacketsRecv int64          // RTP packets accepted (codec, telephone-event)
	PacketsLost int64          // lost in the received stream (RFC 3550 A.3)
	JitterMS    float64        // interarrival jitter of the received stream (6.4.1), in ms
	WrongPT     int64          // packets dropped for a payload type not negotiated
	Foreign     int64          // packets dropped for coming from another source than the latched one
	Remote      netip.AddrPort // where RTP goes: the latched source or the SDP address

	// The remote's last RTCP report about our stream.
	RemoteReport       bool
	RemoteFractionLost float64 // 0 to 1
	RemoteLost         int64
	RemoteJitterMS     float64
	RTT                time.Duration // round-trip time from LSR/DLSR; 0 when unknown

	// The jitter buffer, when ReadFrame is used.
	TargetDelay time.Duration
	Late        int64 // packets that came after their play time
	Concealed   int64 // frames played without audio
}

// Stats returns what the session measured so far. It is safe for
// concurrent use.
func (s *Session) Stats() Stats {
	s.drainRTCP()
	var st Stats
	if n := s.state.Load(); n != nil {
		st.Codec = n.codec.name
	}
	s.tx.mu.Lock()
	st.PacketsSent, st.OctetsSent, st.Remote = int64(s.tx.packets), int64(s.tx.octets), s.tx.dst
	s.tx.mu.Unlock()
	s.rxMu.Lock()
	st.PacketsRecv = s.rx.totalReceived()
	st.PacketsLost = s.rx.totalLost()
	st.JitterMS = s.rx.jitter / 8
	r := &s.rtcpRx
	st.RemoteReport = r.remote
	st.RemoteFractionLost = float64(r.fractionLost) / 256
	st.RemoteLost = int64(r.totalLost)
	st.RemoteJitterMS = float64(r.jitter) / 8
	st.RTT = r.rtt
	s.rxMu.Unlock()
	st.WrongPT, st.Foreign = s.wrongPT.Load(), s.foreign.Load()
	s.jbMu.Lock()
	st.Late, st.Concealed = s.jbPast.Late, s.jbPast.Concealed
	if s.jb != nil {
		st.TargetDelay = s.jb.targetDelay()
		st.Late += s.jb.stats.Late
		st.Concealed += s.jb.stats.Concealed
	}
	s.jbMu.Unlock()
	return st
}
