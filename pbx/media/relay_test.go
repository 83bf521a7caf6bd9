package media

import (
	"encoding/binary"
	"net/netip"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// relayRig is phone1 <-> session a | relay | session b <-> phone2 on
// loopback sockets. Phone 2 takes telephone-event as payload type 96.
type relayRig struct {
	a, b           *Session
	phone1, phone2 *udpPeer
}

func newRelayRig(t testing.TB) *relayRig {
	t.Helper()
	e := newTestEngine(t, nil)
	r := &relayRig{a: newTestSession(t, e), b: newTestSession(t, e), phone1: newPeer(t), phone2: newPeer(t)}
	if _, err := r.a.Answer(peerSDP(r.phone1.addr, "")); err != nil {
		t.Fatal(err)
	}
	offer2 := strings.Replace(string(peerSDP(r.phone2.addr, "")), "101", "96", -1)
	if _, err := r.b.Answer([]byte(offer2)); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRelay: packets from phone 1 leave session b towards phone 2 with b's
// SSRC and payload types, sequence numbers and timestamps continuing b's
// own stream (before, during and after the relay), the phone's gaps and
// reordering kept, telephone-events mapped, and digits still reported.
func TestRelay(t *testing.T) {
	t.Parallel()
	r := newRelayRig(t)
	var f call.Frame

	// b talks on its own first.
	r.b.WriteFrame(&f)
	before := parseHdr(t, first(r.phone2.recv(time.Second)))

	stop, ok := r.a.Relay(r.b)
	if !ok {
		t.Fatal("Relay refused two PCMU sessions")
	}
	if _, ok := r.a.Relay(r.b); ok {
		t.Error("a second Relay on relaying sessions was accepted")
	}
	payload := make([]byte, 160)
	for i := range payload {
		payload[i] = byte(i)
	}
	const ssrc1 = 0x11111111
	// In order, then a gap (seq 503 lost) and a swap (505 before 504).
	for _, seq := range []uint16{500, 501, 502, 505, 504} {
		r.phone1.send(r.a.LocalAddr(), 0, seq == 500, seq, 8000+uint32(seq-500)*160, ssrc1, payload)
	}
	var got []hdr
	for range 5 {
		b, from := r.phone2.recv(time.Second)
		if from != r.b.LocalAddr() {
			t.Fatalf("relayed packet from %v; want b %v", from, r.b.LocalAddr())
		}
		if string(b[12:]) != string(payload) {
			t.Fatal("payload changed in the relay")
		}
		got = append(got, parseHdr(t, b))
	}
	if got[0].seq != before.seq+1 || got[0].ssrc != before.ssrc || !got[0].marker || got[0].pt != 0 {
		t.Errorf("first relayed %+v after b's own %+v; want seq+1, b's SSRC, marker, PT 0", got[0], before)
	}
	for i, w := range []uint16{1, 2, 5, 4} {
		if d := got[i+1].seq - got[0].seq; d != w {
			t.Errorf("relayed packet %d seq offset %d; want %d (gaps and order kept)", i+1, d, w)
		}
		if d := got[i+1].ts - got[0].ts; d != uint32(w)*160 {
			t.Errorf("relayed packet %d ts offset %d; want %d", i+1, d, uint32(w)*160)
		}
	}
	if d := got[0].ts - before.ts; d < 160 || d%160 != 0 {
		t.Errorf("timestamp step into the relay %d; want whole frames of the time passed", d)
	}

	// A telephone-event for '7', end packet three times: relayed as PT 96,
	// reported once on a's Digits.
	ev := []byte{7, 0x80 | 10, 0x03, 0x20}
	for i := range 3 {
		r.phone1.send(r.a.LocalAddr(), 101, false, 506+uint16(i), 9000, ssrc1, ev)
	}
	for range 3 {
		h := parseHdr(t, first(r.phone2.recv(time.Second)))
		if h.pt != 96 || h.ts != got[0].ts+(9000-8000) {
			t.Errorf("relayed event %+v; want PT 96 at the mapped timestamp", h)
		}
	}
	select {
	case d := <-r.a.Digits():
		if d != '7' {
			t.Errorf("digit %q; want 7", d)
		}
	case <-time.After(time.Second):
		t.Error("relayed digit not reported")
	}

	// While relaying, b's own frames are not sent.
	r.b.WriteFrame(&f)
	if b := r.phone2.tryRecv(30 * time.Millisecond); b != nil {
		t.Errorf("WriteFrame during the relay sent %+v", parseHdr(t, b))
	}

	// The other direction.
	r.phone2.send(r.b.LocalAddr(), 0, true, 9, 77, 0x2222, payload)
	back := parseHdr(t, first(r.phone1.recv(time.Second)))
	if back.ssrc == 0x2222 || back.pt != 0 {
		t.Errorf("relayed back %+v; want a's SSRC", back)
	}

	stop()
	stop() // twice is fine
	r.b.WriteFrame(&f)
	after := parseHdr(t, first(r.phone2.recv(time.Second)))
	if after.seq != got[0].seq+9 || after.ssrc != before.ssrc {
		t.Errorf("b's own packet after the relay %+v; want seq %d (continuing), same SSRC", after, got[0].seq+9)
	}
	if int32(after.ts-got[0].ts) < int32(1000) {
		t.Errorf("timestamp after the relay %d went back (last relayed %d)", after.ts, got[0].ts)
	}
	if s := r.b.MediaStats(); s.PacketsSent != 1+5+3+1 {
		t.Errorf("b sent %d packets; want 10", s.PacketsSent)
	}
}

func first(b []byte, _ any) []byte { return b }

func TestRelayRefused(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	a, b, c := newTestSession(t, e), newTestSession(t, e), newTestSession(t, e)
	p := newPeer(t)
	if _, err := a.Answer(peerSDP(p.addr, "")); err != nil {
		t.Fatal(err)
	}
	pcma := strings.Replace(string(peerSDP(p.addr, "")), "RTP/AVP 0 8", "RTP/AVP 8 0", 1)
	if _, err := b.Answer([]byte(pcma)); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Relay(b); ok {
		t.Error("PCMU relayed to PCMA")
	}
	if _, ok := a.Relay(c); ok {
		t.Error("relayed to a session without negotiation")
	}
	if _, ok := a.Relay(a); ok {
		t.Error("relayed to itself")
	}
	var other call.Relayer = fakeRelayer{}
	if _, ok := a.Relay(other); ok {
		t.Error("relayed to another kind of Relayer")
	}
}

type fakeRelayer struct{ call.Relayer }

// BenchmarkRelay measures one packet through the relay on loopback
// sockets: a phone sends to session a, which rewrites it and sends it from
// b to the other phone, which reads it. allocs/op counts every goroutine:
// 0 means no allocation per relayed packet.
func BenchmarkRelay(b *testing.B) {
	r := newRelayRig(b)
	stop, ok := r.a.Relay(r.b)
	if !ok {
		b.Fatal("no relay")
	}
	defer stop()
	pkt := rtpPacket(0, false, 0, 0, 0x1234, make([]byte, 160))
	buf := make([]byte, 1500)
	dst := r.a.LocalAddr()
	r.phone2.conn.SetReadDeadline(time.Time{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pkt[3]++
		if pkt[3] == 0 {
			pkt[2]++
		}
		pkt[7] += 160
		if _, err := r.phone1.conn.WriteToUDPAddrPort(pkt, dst); err != nil {
			b.Fatal(err)
		}
		if _, _, err := r.phone2.conn.ReadFromUDPAddrPort(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRelayRewrite measures the relay's own work on a packet (checks,
// header parse, rewrite, send) without the receiving socket.
func BenchmarkRelayRewrite(b *testing.B) {
	r := newRelayRig(b)
	stop, ok := r.a.Relay(r.b)
	if !ok {
		b.Fatal("no relay")
	}
	defer stop()
	pkt := rtpPacket(0, false, 0, 0, 0x1234, make([]byte, 160))
	from := r.phone1.addr
	go func() { // drain phone 2
		buf := make([]byte, 1500)
		for {
			if _, _, err := r.phone2.conn.ReadFromUDPAddrPort(buf); err != nil {
				return
			}
		}
	}()
	r.phone2.conn.SetReadDeadline(time.Time{})
	tmpl := append([]byte(nil), pkt...)
	now := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		copy(pkt, tmpl) // the relay rewrote the last one in place
		binary.BigEndian.PutUint16(pkt[2:], uint16(i))
		binary.BigEndian.PutUint32(pkt[4:], uint32(i)*160)
		r.a.handleRTP(pkt, from, now)
	}
}

// TestRelaySippEcho replays load.sh's media calls packet by packet on real
// sockets: phone 1 plays sipp's g711a.pcap three times (the same sequence
// numbers every play, the last two packets of a play cut by the next),
// phone 2 echoes every packet back like sipp -rtp_echo. The relay loses
// nothing, and what each leg counts agrees with what was sent: the packets
// phone 1 never sent count as lost on both legs, and nothing else does.
func TestRelaySippEcho(t *testing.T) {
	t.Parallel()
	r := newRelayRig(t)
	stop, ok := r.a.Relay(r.b)
	if !ok {
		t.Fatal("Relay refused two PCMU sessions")
	}
	defer stop()
	payload := make([]byte, 240)
	skip := map[[2]int]bool{{0, 10}: true, {0, 11}: true, {1, 100}: true} // (play, index) not sent
	sent, echoed := 0, 0
	for play := range 3 {
		n := 236
		if play < 2 {
			n -= 2
		}
		for i := range n {
			if skip[[2]int{play, i}] {
				continue
			}
			r.phone1.send(r.a.LocalAddr(), 0, i == 0, uint16(59133+i), uint32(240+i*240), 0xdee0ed8f, payload)
			sent++
			pkt, _ := r.phone2.recv(time.Second)
			if _, err := r.phone2.conn.WriteToUDPAddrPort(pkt, r.b.LocalAddr()); err != nil {
				t.Fatal(err)
			}
			if r.phone1.tryRecv(time.Second) == nil {
				t.Fatalf("play %d packet %d: the echo did not come back through the relay", play, i)
			}
			echoed++
		}
	}
	a, b := r.a.Stats(), r.b.Stats()
	if a.PacketsRecv != int64(sent) || b.PacketsSent != int64(sent) || b.PacketsRecv != int64(echoed) || a.PacketsSent != int64(echoed) {
		t.Errorf("caller leg recv %d sent %d, callee leg sent %d recv %d; want %d %d %d %d",
			a.PacketsRecv, a.PacketsSent, b.PacketsSent, b.PacketsRecv, sent, echoed, sent, echoed)
	}
	if a.PacketsLost != 3 || b.PacketsLost != 3 {
		t.Errorf("lost: caller leg %d, callee leg %d; want 3 and 3 (the packets phone 1 skipped)", a.PacketsLost, b.PacketsLost)
	}
}

// BenchmarkRelayCPU measures the process's CPU time (user and system, from
// getrusage) per packet relayed, with 50 relayed pairs carrying packets
// round by round: one packet into each pair's first session, relayed out
// of the second to a phone that reads them. The phones' own sends and
// reads are in the figure too; compare runs, not the absolute value.
func BenchmarkRelayCPU(b *testing.B) {
	const pairs = 50
	e := newTestEngine(b, func(c *Config) { c.PortMin, c.PortMax = 40000, 40399 })
	phone1, phone2 := newPeer(b), newPeer(b)
	in := make([]netip.AddrPort, pairs)
	for i := range pairs {
		a, s := newTestSession(b, e), newTestSession(b, e)
		if _, err := a.Answer(peerSDP(phone1.addr, "")); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Answer(peerSDP(phone2.addr, "")); err != nil {
			b.Fatal(err)
		}
		if _, ok := a.Relay(s); !ok {
			b.Fatal("no relay")
		}
		in[i] = a.LocalAddr()
	}
	pkt := rtpPacket(0, false, 0, 0, 0x1234, make([]byte, 160))
	buf := make([]byte, 1500)
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpu()
	sent, got := 0, 0
	for seq := uint16(1); sent < b.N; seq++ {
		binary.BigEndian.PutUint16(pkt[2:], seq)
		binary.BigEndian.PutUint32(pkt[4:], uint32(seq)*160)
		for _, dst := range in {
			phone1.conn.WriteToUDPAddrPort(pkt, dst)
		}
		sent += pairs
		phone2.conn.SetReadDeadline(time.Now().Add(time.Second))
		for got < sent {
			if _, _, err := phone2.conn.ReadFromUDPAddrPort(buf); err != nil {
				break
			}
			got++
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpu()-c0)/float64(sent), "cpu-ns/packet")
	b.ReportMetric(100*float64(sent-got)/float64(sent), "lost-%")
}
