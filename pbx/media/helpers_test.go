package media

import (
	"encoding/binary"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testPortBase spreads the tests' port ranges so that parallel tests
// rarely compete for a port; competing is handled anyway (NewSession skips
// ports it cannot bind).
var testPortBase atomic.Int32

// newTestEngine returns an engine on 127.0.0.1 with a range of its own.
func newTestEngine(t testing.TB, mod func(*Config)) *Engine {
	t.Helper()
	n := int(testPortBase.Add(1))
	lo := 30000 + (n%200)*100
	cfg := Config{IP: netip.MustParseAddr("127.0.0.1"), PortMin: lo, PortMax: lo + 99, RelatchAfter: 200 * time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	e, err := NewEngine(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// newTestSession returns a session of e closed at the end of the test.
func newTestSession(t testing.TB, e *Engine) *Session {
	t.Helper()
	s, err := e.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// negotiate runs an offer/answer between a (offerer) and b (answerer).
func negotiate(t testing.TB, a, b *Session) {
	t.Helper()
	ans, err := b.Answer(a.Offer())
	if err != nil {
		t.Fatalf("Answer: %v", err)
	}
	if err := a.SetRemote(ans); err != nil {
		t.Fatalf("SetRemote: %v", err)
	}
}

// waitFor polls cond until it holds or d passes; sockets give no event to
// wait on, so a test polls with a deadline instead of sleeping a fixed
// time.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// udpPeer is a raw UDP socket playing a phone.
type udpPeer struct {
	t    testing.TB
	conn *net.UDPConn
	addr netip.AddrPort
}

// newPeer opens a peer on 127.0.0.1 on a free port.
func newPeer(t testing.TB) *udpPeer {
	t.Helper()
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &udpPeer{t: t, conn: c, addr: c.LocalAddr().(*net.UDPAddr).AddrPort()}
}

// send sends an RTP packet with the fields given and payload.
func (p *udpPeer) send(to netip.AddrPort, pt uint8, marker bool, seq uint16, ts, ssrc uint32, payload []byte) {
	b := rtpPacket(pt, marker, seq, ts, ssrc, payload)
	if _, err := p.conn.WriteToUDPAddrPort(b, to); err != nil {
		p.t.Fatal(err)
	}
}

// recv reads one packet or fails after d.
func (p *udpPeer) recv(d time.Duration) ([]byte, netip.AddrPort) {
	p.t.Helper()
	buf := make([]byte, 2000)
	p.conn.SetReadDeadline(time.Now().Add(d))
	n, from, err := p.conn.ReadFromUDPAddrPort(buf)
	if err != nil {
		p.t.Fatalf("peer %v: no packet: %v", p.addr, err)
	}
	return buf[:n], from
}

// tryRecv reads one packet, or returns nil after d.
func (p *udpPeer) tryRecv(d time.Duration) []byte {
	buf := make([]byte, 2000)
	p.conn.SetReadDeadline(time.Now().Add(d))
	n, _, err := p.conn.ReadFromUDPAddrPort(buf)
	if err != nil {
		return nil
	}
	return buf[:n]
}

// rtpPacket builds an RTP packet.
func rtpPacket(pt uint8, marker bool, seq uint16, ts, ssrc uint32, payload []byte) []byte {
	b := make([]byte, 12+len(payload))
	b[0] = 0x80
	b[1] = pt
	if marker {
		b[1] |= 0x80
	}
	binary.BigEndian.PutUint16(b[2:], seq)
	binary.BigEndian.PutUint32(b[4:], ts)
	binary.BigEndian.PutUint32(b[8:], ssrc)
	copy(b[12:], payload)
	return b
}

// hdr is a parsed RTP header for assertions.
type hdr struct {
	marker bool
	pt     uint8
	seq    uint16
	ts     uint32
	ssrc   uint32
}

func parseHdr(t testing.TB, b []byte) hdr {
	t.Helper()
	if len(b) < 12 || b[0]>>6 != 2 {
		t.Fatalf("not an RTP packet: % x", b)
	}
	return hdr{marker: b[1]&0x80 != 0, pt: b[1] & 0x7f, seq: binary.BigEndian.Uint16(b[2:]),
		ts: binary.BigEndian.Uint32(b[4:]), ssrc: binary.BigEndian.Uint32(b[8:])}
}

// peerSDP is an SDP offer for a peer at addr.
func peerSDP(addr netip.AddrPort, extra string) []byte {
	return []byte("v=0\r\no=peer 1 1 IN IP4 " + addr.Addr().String() + "\r\ns=-\r\nc=IN IP4 " +
		addr.Addr().String() + "\r\nt=0 0\r\nm=audio " + strconv.Itoa(int(addr.Port())) +
		" RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n" + extra)
}

// fakeNet is an in-memory UDP network for sessions under testing/synctest,
// where a goroutine blocked on a real socket would keep the bubble's
// clock from moving. delay, when set, holds each packet back.
type fakeNet struct {
	mu    sync.Mutex
	conns map[netip.AddrPort]*fakeConn
	delay func(from, to netip.AddrPort, b []byte) (time.Duration, bool) // false: drop
}

type fakeConn struct {
	n      *fakeNet
	addr   netip.AddrPort
	in     chan fakePkt
	closed chan struct{}
	once   sync.Once
}

type fakePkt struct {
	from netip.AddrPort
	b    []byte
	at   time.Time // when it arrived
}

func newFakeNet() *fakeNet { return &fakeNet{conns: map[netip.AddrPort]*fakeConn{}} }

// listen returns a conn at addr.
func (n *fakeNet) listen(addr netip.AddrPort) *fakeConn {
	c := &fakeConn{n: n, addr: addr, in: make(chan fakePkt, 512), closed: make(chan struct{})}
	n.mu.Lock()
	n.conns[addr] = c
	n.mu.Unlock()
	return c
}

// session returns a session on port port of 10.0.0.1.
func (n *fakeNet) session(e *Engine, port uint16) *Session {
	a := netip.AddrPortFrom(netip.MustParseAddr("10.0.0.1"), port)
	b := netip.AddrPortFrom(a.Addr(), port+1)
	return newSession(e, n.listen(a), n.listen(b), a)
}

// answeredSession returns a session on the fake network that answered
// fakePeer's offer (with the SDP lines extra), closed when the test ends,
// and fakePeer's socket.
func (n *fakeNet) answeredSession(t *testing.T, extra string) (*Session, *fakeConn) {
	t.Helper()
	s := n.session(newFakeEngine(t), 20000)
	t.Cleanup(func() { s.Close() })
	peer := n.listen(fakePeer)
	if _, err := s.Answer(peerSDP(fakePeer, extra)); err != nil {
		t.Fatal(err)
	}
	return s, peer
}

func (c *fakeConn) ReadFromUDPAddrPort(b []byte) (int, netip.AddrPort, error) {
	select {
	case p := <-c.in:
		return copy(b, p.b), p.from, nil
	case <-c.closed:
		return 0, netip.AddrPort{}, net.ErrClosed
	}
}

func (c *fakeConn) ReadWaiting(b []byte) (int, netip.AddrPort, time.Time, bool) {
	select {
	case p := <-c.in:
		return copy(b, p.b), p.from, p.at, true
	default:
		return 0, netip.AddrPort{}, time.Time{}, false
	}
}

func (c *fakeConn) WriteToUDPAddrPort(b []byte, to netip.AddrPort) (int, error) {
	p := fakePkt{from: c.addr, b: append([]byte(nil), b...)}
	var d time.Duration
	if c.n.delay != nil {
		var ok bool
		if d, ok = c.n.delay(c.addr, to, b); !ok {
			return len(b), nil
		}
	}
	deliver := func() {
		c.n.mu.Lock()
		dst := c.n.conns[to]
		c.n.mu.Unlock()
		if dst == nil {
			return
		}
		p.at = time.Now()
		select {
		case dst.in <- p:
		case <-dst.closed:
		default:
		}
	}
	if d > 0 {
		time.AfterFunc(d, deliver)
	} else {
		deliver()
	}
	return len(b), nil
}

func (c *fakeConn) Close() error {
	c.once.Do(func() {
		close(c.closed)
		c.n.mu.Lock()
		delete(c.n.conns, c.addr)
		c.n.mu.Unlock()
	})
	return nil
}
