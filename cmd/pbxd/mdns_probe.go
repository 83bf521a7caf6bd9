package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"

	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/net/ipv4"
)

// Probing (RFC 6762 section 8.1): three queries 250 ms apart, and 250 ms
// after the last for an answer.
const (
	probeCount    = 3
	probeInterval = 250 * time.Millisecond
)

// maxNameTries bounds the names tried: hookflash.local, hookflash-2.local,
// ... hookflash-20.local.
const maxNameTries = 20

// mdnsGroup is the mDNS IPv4 multicast group.
var mdnsGroup = net.IPv4(224, 0, 0, 251)

// nameCandidate returns the i-th name to try for base (i from 1): base
// itself, then with -2, -3, ... before ".local" (RFC 6762 section 9).
func nameCandidate(base string, i int) string {
	if i == 1 {
		return base
	}
	label := strings.TrimSuffix(base, ".local")
	return fmt.Sprintf("%s-%d.local", label, i)
}

// nameOwner probes for name from a socket on listen's port: it sends the
// probe queries to the mDNS group on that port through every interface
// that carries multicast, and returns the address another host answered
// with, or false when none answered within the probing time. own is the
// address the box would answer with (the probe's proposed record).
func nameOwner(listen, name string, own netip.Addr) (netip.Addr, bool, error) {
	laddr, err := net.ResolveUDPAddr("udp4", listen)
	if err != nil {
		return netip.Addr{}, false, fmt.Errorf("mdns: %w", err)
	}
	l, err := net.ListenUDP("udp4", laddr)
	if err != nil {
		return netip.Addr{}, false, fmt.Errorf("mdns: probe: listen on %s: %w", listen, err)
	}
	defer l.Close()
	p := ipv4.NewPacketConn(l)
	ifs := multicastInterfaces()
	var joined []net.Interface
	for _, ifi := range ifs {
		if p.JoinGroup(&ifi, &net.UDPAddr{IP: mdnsGroup}) == nil {
			joined = append(joined, ifi)
		}
	}
	if len(joined) == 0 {
		return netip.Addr{}, false, errors.New("mdns: probe: no network interface with multicast is up")
	}
	p.SetMulticastLoopback(true) // another responder on this machine hears it too
	q, err := probeQuery(name, own)
	if err != nil {
		return netip.Addr{}, false, err
	}
	group := &net.UDPAddr{IP: mdnsGroup, Port: laddr.Port}
	buf := make([]byte, 9000)
	for i := 0; i < probeCount; i++ {
		sent := 0
		for _, ifi := range joined {
			if _, err := p.WriteTo(q, &ipv4.ControlMessage{IfIndex: ifi.Index}, group); err == nil {
				sent++
			}
		}
		if sent == 0 {
			return netip.Addr{}, false, errors.New("mdns: probe: cannot send on any interface")
		}
		l.SetReadDeadline(time.Now().Add(probeInterval))
		for {
			n, _, err := l.ReadFromUDP(buf)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				break
			}
			if err != nil {
				return netip.Addr{}, false, fmt.Errorf("mdns: probe: %w", err)
			}
			if ip, ok := answerFor(buf[:n], name); ok {
				return ip, true, nil
			}
		}
	}
	return netip.Addr{}, false, nil
}

// probeQuery is a probe for name: a question for its A record, asking
// for a unicast answer, with the record the box proposes in the authority
// section (RFC 6762 section 8.1).
func probeQuery(name string, own netip.Addr) ([]byte, error) {
	n, err := dnsmessage.NewName(name + ".")
	if err != nil {
		return nil, fmt.Errorf("mdns: name %q: %w", name, err)
	}
	msg := dnsmessage.Message{
		Questions: []dnsmessage.Question{{Name: n, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET | 1<<15}},
	}
	if own.Is4() {
		msg.Authorities = []dnsmessage.Resource{{
			Header: dnsmessage.ResourceHeader{Name: n, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 120},
			Body:   &dnsmessage.AResource{A: own.As4()},
		}}
	}
	b, err := msg.Pack()
	if err != nil {
		return nil, fmt.Errorf("mdns: %w", err)
	}
	return b, nil
}

// answerFor returns the address of an A record for name in the answers of
// the mDNS response b.
func answerFor(b []byte, name string) (netip.Addr, bool) {
	var m dnsmessage.Message
	if err := m.Unpack(b); err != nil || !m.Header.Response {
		return netip.Addr{}, false
	}
	for _, a := range m.Answers {
		ra, ok := a.Body.(*dnsmessage.AResource)
		if ok && strings.EqualFold(a.Header.Name.String(), name+".") {
			return netip.AddrFrom4(ra.A), true
		}
	}
	return netip.Addr{}, false
}

// multicastInterfaces returns the interfaces that are up and carry
// multicast.
func multicastInterfaces() []net.Interface {
	all, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []net.Interface
	for _, ifi := range all {
		if ifi.Flags&net.FlagUp != 0 && ifi.Flags&net.FlagMulticast != 0 {
			out = append(out, ifi)
		}
	}
	return out
}
