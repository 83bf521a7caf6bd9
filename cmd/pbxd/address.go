package main

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"time"
)

// addressPoll is how often pbxd re-reads the box's LAN address when -sip
// listens on every address.
const addressPoll = 3 * time.Second

// fallbackIP is what pbxd advertises while the box has no LAN address yet
// (DHCP has not answered): calls work on the box itself until it has one.
var fallbackIP = netip.MustParseAddr("127.0.0.1")

// lanAddress returns the box's LAN address (see pickLAN), or false when it
// has none yet.
func lanAddress() (netip.Addr, bool) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return netip.Addr{}, false
	}
	var ps []netip.Prefix
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			ps = append(ps, p)
		}
	}
	return pickLAN(ps)
}

// pickLAN picks the address phones reach the box at among its interface
// addresses: the first IPv4 address that is neither loopback nor link-local,
// else the first link-local one (the box's fallback 169.254.100.1 when no
// DHCP server answers, which it keeps beside a leased address).
func pickLAN(addrs []netip.Prefix) (netip.Addr, bool) {
	var linkLocal netip.Addr
	for _, p := range addrs {
		ip := p.Addr().Unmap()
		switch {
		case !ip.Is4() || ip.IsLoopback():
		case ip.IsLinkLocalUnicast():
			if !linkLocal.IsValid() {
				linkLocal = ip
			}
		default:
			return ip, true
		}
	}
	return linkLocal, linkLocal.IsValid()
}

// addressWatch keeps what SIP (Via, Contact) and media (SDP, RTP sockets)
// advertise on the box's LAN address, which DHCP may give late or change.
// Calls in progress keep the address they started with.
type addressWatch struct {
	cur    netip.Addr                // what is advertised now
	lookup func() (netip.Addr, bool) // the LAN address; lanAddress on the box
	apply  []func(netip.Addr) error  // each part that advertises it
	every  time.Duration             // between lookups
	log    *slog.Logger
}

// check looks the address up once and, when it changed, applies it to every
// part and logs it. No address (the lease ran out, the cable is out) keeps
// the one advertised. It is called from one goroutine.
func (a *addressWatch) check() {
	ip, ok := a.lookup()
	if !ok || ip == a.cur {
		return
	}
	for _, f := range a.apply {
		if err := f(ip); err != nil {
			a.log.Error("address: cannot advertise the new LAN address; keeping the old one", "old", a.cur, "new", ip, "err", err)
			return
		}
	}
	a.log.Warn("address: the box's LAN address changed: SIP and media advertise the new one from the next call", "old", a.cur, "new", ip)
	a.cur = ip
}

// run checks every a.every until ctx ends.
func (a *addressWatch) run(ctx context.Context) {
	t := time.NewTicker(a.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.check()
		}
	}
}
