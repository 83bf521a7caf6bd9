package media

import (
	"net/netip"
	"testing"
	"time"
)

// TestRTCPDrainedLate: RTCP has no reader goroutine; a sender report that
// waited in the socket is taken when the session drains it, with the time
// it arrived, not the time it was read, so that the LSR/DLSR pair our
// reports return (and the remote's round-trip time) stays exact.
func TestRTCPDrainedLate(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	s := newTestSession(t, e)
	p := newPeer(t)
	if _, err := s.Answer(peerSDP(p.addr, "")); err != nil {
		t.Fatal(err)
	}
	rtcpAddr := netip.AddrPortFrom(s.LocalAddr().Addr(), s.LocalAddr().Port()+1)
	sent := time.Now()
	sr := appendRTCP(nil, 0x1234, &senderInfo{ntp: ntpTime(sent)}, nil, "peer@test", false)
	if _, err := p.conn.WriteToUDPAddrPort(sr, rtcpAddr); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the packet waits in the socket
	s.Stats()                          // drains it
	s.rxMu.Lock()
	r := s.rtcpRx
	s.rxMu.Unlock()
	if !r.haveSR || r.dst != p.addr {
		t.Fatalf("the waiting SR was not taken: %+v", r)
	}
	if late := s.epoch.Add(r.lastSRAt).Sub(sent); late < 0 || late > 100*time.Millisecond {
		t.Errorf("the SR was stamped %v after it was sent; want its arrival, not the drain 300ms later", late)
	}
}
