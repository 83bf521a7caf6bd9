package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/net/ipv4"
)

func TestMDNSName(t *testing.T) {
	tests := []struct{ hostname, want string }{
		{"hookflash", "hookflash.local"},
		{"Front-Desk.example.com", "front-desk.local"},
		{"", "hookflash.local"},
	}
	for _, tt := range tests {
		if got := mdnsName(tt.hostname); got != tt.want {
			t.Errorf("mdnsName(%q) = %q; want %q", tt.hostname, got, tt.want)
		}
	}
}

// startTestResponder starts a responder for hookflash.local on a free port
// (mDNS's own port may be taken by the machine's Avahi) with address ip.
func startTestResponder(t *testing.T, ip netip.Addr) (*mdnsResponder, int) {
	t.Helper()
	probe, err := net.ListenUDP("udp4", &net.UDPAddr{})
	if err != nil {
		t.Fatal(err)
	}
	port := probe.LocalAddr().(*net.UDPAddr).Port
	probe.Close()
	r := &mdnsResponder{name: "hookflash.local", listen: fmt.Sprintf("224.0.0.0:%d", port), log: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	if err := r.setAddress(ip); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.close() })
	return r, port
}

// mdnsQuery sends a one-shot query (RFC 6762 section 5.1: from a port other
// than 5353, so the answer comes back by unicast) for an A record of each
// name in turn to dst through conn, and returns the address in the first
// answer that arrives within timeout, with the name it answers. Answers to
// other questions count too: the caller checks the name.
func mdnsQuery(t *testing.T, conn net.PacketConn, dst net.Addr, timeout time.Duration, names ...string) (string, netip.Addr) {
	t.Helper()
	for i, name := range names {
		msg := dnsmessage.Message{
			Header:    dnsmessage.Header{ID: uint16(100 + i)},
			Questions: []dnsmessage.Question{{Name: dnsmessage.MustNewName(name + "."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}},
		}
		b, err := msg.Pack()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.WriteTo(b, dst); err != nil {
			t.Fatalf("send the mDNS query to %v: %v", dst, err)
		}
	}
	conn.SetReadDeadline(time.Now().Add(timeout))
	buf := make([]byte, 1500)
	for {
		n, _, err := conn.ReadFrom(buf)
		if err != nil {
			t.Fatalf("no mDNS answer for %v from %v within %v: %v", names, dst, timeout, err)
		}
		var m dnsmessage.Message
		if err := m.Unpack(buf[:n]); err != nil || !m.Header.Response {
			continue
		}
		for _, a := range m.Answers {
			if ra, ok := a.Body.(*dnsmessage.AResource); ok {
				return a.Header.Name.String(), netip.AddrFrom4(ra.A)
			}
		}
	}
}

// TestMDNSUnicast asks the responder directly, the way a one-shot resolver
// (or a test on the host through qemu's forwarded port) does: it answers its
// name with the address it was given, follows a new address, and does not
// answer for other names.
func TestMDNSUnicast(t *testing.T) {
	r, port := startTestResponder(t, netip.MustParseAddr("192.0.2.77"))
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	dst := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}

	// The question for another name goes first; the first answer that
	// comes must be for ours.
	name, ip := mdnsQuery(t, conn, dst, 10*time.Second, "printer.local", "hookflash.local")
	if name != "hookflash.local." || ip != netip.MustParseAddr("192.0.2.77") {
		t.Errorf("answer = %s %v; want hookflash.local. 192.0.2.77", name, ip)
	}

	// DHCP gave the box another address.
	if err := r.setAddress(netip.MustParseAddr("198.51.100.9")); err != nil {
		t.Fatal(err)
	}
	if name, ip := mdnsQuery(t, conn, dst, 10*time.Second, "HookFlash.local"); ip != netip.MustParseAddr("198.51.100.9") {
		t.Errorf("after the address changed: answer = %s %v; want 198.51.100.9", name, ip)
	}

	// Stopped, it answers nothing (within a second, far more than the
	// answers above took).
	if err := r.close(); err != nil {
		t.Fatal(err)
	}
	q, _ := (&dnsmessage.Message{Questions: []dnsmessage.Question{{Name: dnsmessage.MustNewName("hookflash.local."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}}}).Pack()
	conn.WriteTo(q, dst)
	conn.SetReadDeadline(time.Now().Add(time.Second))
	if n, _, err := conn.ReadFrom(make([]byte, 1500)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("after close: read %d bytes, %v; want no answer", n, err)
	}
}

// TestMDNSMulticast asks the way an installer's laptop does: a query to the
// mDNS group 224.0.0.251 on a network interface of this machine, looped
// back to the responder by the kernel. It needs an interface that is up and
// carries multicast.
func TestMDNSMulticast(t *testing.T) {
	ifi := multicastInterface(t)
	_, port := startTestResponder(t, netip.MustParseAddr("192.0.2.78"))
	c, err := net.ListenUDP("udp4", &net.UDPAddr{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := ipv4.NewPacketConn(c)
	if err := p.SetMulticastInterface(ifi); err != nil {
		t.Fatal(err)
	}
	if err := p.SetMulticastLoopback(true); err != nil {
		t.Fatal(err)
	}
	group := &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: port}
	name, ip := mdnsQuery(t, c, group, 10*time.Second, "hookflash.local")
	if name != "hookflash.local." || ip != netip.MustParseAddr("192.0.2.78") {
		t.Errorf("answer on %s = %s %v; want hookflash.local. 192.0.2.78", ifi.Name, name, ip)
	}
}

// multicastInterface returns an interface that is up, not loopback, carries
// multicast and has an IPv4 address, or skips the test.
func multicastInterface(t *testing.T) *net.Interface {
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, ifi := range ifs {
		if ifi.Flags&net.FlagUp == 0 || ifi.Flags&net.FlagLoopback != 0 || ifi.Flags&net.FlagMulticast == 0 {
			continue
		}
		addrs, _ := ifi.Addrs()
		for _, a := range addrs {
			if p, err := netip.ParsePrefix(a.String()); err == nil && p.Addr().Is4() {
				return &ifi
			}
		}
	}
	t.Skip("no interface with multicast and IPv4 here: the multicast query cannot be tested")
	return nil
}

// TestMDNSProbe starts two boxes' responders on one mDNS port of this
// machine, the way two boxes share a LAN: the second probes before it
// answers (RFC 6762 section 8), hears the first answer for hookflash.local
// and takes hookflash-2.local; a query over multicast then finds each box
// under its own name.
func TestMDNSProbe(t *testing.T) {
	ifi := multicastInterface(t)
	_, port := startTestResponder(t, netip.MustParseAddr("192.0.2.80"))
	type claim struct{ name, taken string }
	claims := make(chan claim, 1)
	second := &mdnsResponder{name: "hookflash.local", listen: fmt.Sprintf("224.0.0.0:%d", port),
		log: slog.New(slog.NewTextHandler(os.Stderr, nil)), claimed: func(name, taken string) { claims <- claim{name, taken} }}
	second.claim(netip.MustParseAddr("192.0.2.81"))
	if err := second.setAddress(netip.MustParseAddr("192.0.2.81")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.close() })
	if c := <-claims; c != (claim{"hookflash-2.local", "hookflash.local"}) {
		t.Fatalf("the second box claimed %+v; want hookflash-2.local, as hookflash.local is taken", c)
	}

	c, err := net.ListenUDP("udp4", &net.UDPAddr{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := ipv4.NewPacketConn(c)
	if err := p.SetMulticastInterface(ifi); err != nil {
		t.Fatal(err)
	}
	group := &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: port}
	for _, want := range []struct{ name, ip string }{{"hookflash-2.local", "192.0.2.81"}, {"hookflash.local", "192.0.2.80"}} {
		name, ip := mdnsQuery(t, c, group, 10*time.Second, want.name)
		if name != want.name+"." || ip != netip.MustParseAddr(want.ip) {
			t.Errorf("answer for %s = %s %v; want %s", want.name, name, ip, want.ip)
		}
	}
}

// TestMDNSProbeAlone: with nobody answering, the box keeps its name.
func TestMDNSProbeAlone(t *testing.T) {
	multicastInterface(t)
	probe, err := net.ListenUDP("udp4", &net.UDPAddr{})
	if err != nil {
		t.Fatal(err)
	}
	port := probe.LocalAddr().(*net.UDPAddr).Port
	probe.Close()
	var got []string
	r := &mdnsResponder{name: "hookflash.local", listen: fmt.Sprintf("224.0.0.0:%d", port),
		log: slog.New(slog.DiscardHandler), claimed: func(name, taken string) { got = append(got, name, taken) }}
	r.claim(netip.MustParseAddr("192.0.2.82"))
	if len(got) != 2 || got[0] != "hookflash.local" || got[1] != "" {
		t.Errorf("claimed %q; want hookflash.local, nothing taken", got)
	}
}

func TestNameCandidate(t *testing.T) {
	for i, want := range []string{"hookflash.local", "hookflash-2.local", "hookflash-3.local"} {
		if got := nameCandidate("hookflash.local", i+1); got != want {
			t.Errorf("nameCandidate(hookflash.local, %d) = %q; want %q", i+1, got, want)
		}
	}
}

// TestMDNSFollowsSIPAddressWatch: on the box the responder takes its
// address from SIP's address watcher instead of looking it up itself; it
// answers with the watcher's address at once and with the next one after
// the watcher's next check.
func TestMDNSFollowsSIPAddressWatch(t *testing.T) {
	probe, err := net.ListenUDP("udp4", &net.UDPAddr{})
	if err != nil {
		t.Fatal(err)
	}
	port := probe.LocalAddr().(*net.UDPAddr).Port
	probe.Close()
	lan := netip.MustParseAddr("192.0.2.90")
	w := &addressWatch{cur: lan, lookup: func() (netip.Addr, bool) { return lan, true }, log: slog.New(slog.DiscardHandler)}
	r := &mdnsResponder{name: "hookflash.local", listen: fmt.Sprintf("224.0.0.0:%d", port), log: slog.New(slog.DiscardHandler)}
	t.Cleanup(func() { r.close() })
	<-r.followWatch(w)

	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	dst := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}
	if _, ip := mdnsQuery(t, conn, dst, 10*time.Second, "hookflash.local"); ip != lan {
		t.Errorf("answer = %v; want the watcher's %v", ip, lan)
	}
	lan = netip.MustParseAddr("192.0.2.91")
	w.check()
	if _, ip := mdnsQuery(t, conn, dst, 10*time.Second, "hookflash.local"); ip != lan {
		t.Errorf("after the watcher's check: answer = %v; want %v", ip, lan)
	}
}
