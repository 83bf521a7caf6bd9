package qemutest

import (
	"net"
	"net/netip"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// mdnsLookup asks the guest's mDNS responder for name's IPv4 address with
// a one-shot query (RFC 6762 section 5.1) to the forwarded mDNS port, again
// every second until an answer comes, at most timeout. qemu's user network
// carries no multicast, so this is the unicast path; the multicast one is
// tested on the host (cmd/pbxd's TestMDNSMulticast).
func (b *box) mdnsLookup(name string, timeout time.Duration) netip.Addr {
	b.t.Helper()
	conn, err := net.Dial("udp", b.mdns)
	if err != nil {
		b.t.Fatal(err)
	}
	defer conn.Close()
	q, err := (&dnsmessage.Message{
		Header:    dnsmessage.Header{ID: 7},
		Questions: []dnsmessage.Question{{Name: dnsmessage.MustNewName(name + "."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}},
	}).Pack()
	if err != nil {
		b.t.Fatal(err)
	}
	deadline := time.Now().Add(timeout)
	buf := make([]byte, 1500)
	for time.Now().Before(deadline) {
		if _, err := conn.Write(q); err != nil {
			b.t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(time.Second))
		n, err := conn.Read(buf)
		if err != nil {
			continue
		}
		var m dnsmessage.Message
		if err := m.Unpack(buf[:n]); err != nil {
			continue
		}
		for _, a := range m.Answers {
			if ra, ok := a.Body.(*dnsmessage.AResource); ok && a.Header.Name.String() == name+"." {
				return netip.AddrFrom4(ra.A)
			}
		}
	}
	b.t.Fatalf("no mDNS answer for %s at %s within %v", name, b.mdns, timeout)
	return netip.Addr{}
}
