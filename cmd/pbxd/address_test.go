package main

import (
	"errors"
	"log/slog"
	"net/netip"
	"testing"
)

// TestAdvertisedIP: a given address is used as is; an unspecified one
// follows the LAN address, or starts on 127.0.0.1 while there is none.
func TestAdvertisedIP(t *testing.T) {
	lan := func(ip string) func() (netip.Addr, bool) {
		return func() (netip.Addr, bool) {
			if ip == "" {
				return netip.Addr{}, false
			}
			return netip.MustParseAddr(ip), true
		}
	}
	tests := []struct {
		host, lan  string
		want       string
		wantFollow bool
	}{
		{"192.0.2.10", "198.51.100.7", "192.0.2.10", false},
		{"0.0.0.0", "198.51.100.7", "198.51.100.7", true},
		{"0.0.0.0", "", "127.0.0.1", true},
		{"::", "", "127.0.0.1", true},
	}
	for _, tc := range tests {
		ip, follow, err := advertisedIP(tc.host, lan(tc.lan), slog.New(slog.DiscardHandler))
		if err != nil || ip.String() != tc.want || follow != tc.wantFollow {
			t.Errorf("advertisedIP(%q) with LAN %q = %v, %v, %v; want %s, %v", tc.host, tc.lan, ip, follow, err, tc.want, tc.wantFollow)
		}
	}
	if _, _, err := advertisedIP("box.local", lan(""), slog.New(slog.DiscardHandler)); err == nil {
		t.Errorf("advertisedIP(box.local) = nil error; want one")
	}
}

// TestAddressWatch walks a box through DHCP: no address, a lease, the same
// lease again, a new address, a lost lease, and a part refusing the change.
func TestAddressWatch(t *testing.T) {
	var now netip.Addr // what the LAN has
	var applied []string
	refuse := false
	a := &addressWatch{cur: fallbackIP, log: slog.New(slog.DiscardHandler),
		lookup: func() (netip.Addr, bool) { return now, now.IsValid() },
		apply: []func(netip.Addr) error{func(ip netip.Addr) error {
			if refuse {
				return errors.New("media: set IP: refused")
			}
			applied = append(applied, ip.String())
			return nil
		}},
	}
	steps := []struct {
		name    string
		lan     string // "" for none
		refuse  bool
		wantCur string
		applied int // how many changes applied so far
	}{
		{"no lease yet", "", false, "127.0.0.1", 0},
		{"DHCP answers", "192.168.1.20", false, "192.168.1.20", 1},
		{"same lease", "192.168.1.20", false, "192.168.1.20", 1},
		{"new address", "192.168.1.33", false, "192.168.1.33", 2},
		{"lease lost", "", false, "192.168.1.33", 2},
		{"change refused", "10.0.0.5", true, "192.168.1.33", 2},
		{"then taken", "10.0.0.5", false, "10.0.0.5", 3},
	}
	for _, s := range steps {
		now = netip.Addr{}
		if s.lan != "" {
			now = netip.MustParseAddr(s.lan)
		}
		refuse = s.refuse
		a.check()
		if a.cur.String() != s.wantCur || len(applied) != s.applied {
			t.Errorf("%s: advertising %v after %d changes %v; want %s after %d", s.name, a.cur, len(applied), applied, s.wantCur, s.applied)
		}
	}
}

func TestPickLAN(t *testing.T) {
	tests := []struct {
		addrs []string
		want  string // "" for none
	}{
		{nil, ""},
		{[]string{"127.0.0.1/8", "::1/128"}, ""},
		{[]string{"127.0.0.1/8", "169.254.100.1/16"}, "169.254.100.1"},
		{[]string{"127.0.0.1/8", "169.254.100.1/16", "fe80::1/64", "192.168.1.20/24"}, "192.168.1.20"},
		{[]string{"10.0.2.15/24", "192.168.1.20/24"}, "10.0.2.15"},
	}
	for _, tc := range tests {
		var ps []netip.Prefix
		for _, a := range tc.addrs {
			ps = append(ps, netip.MustParsePrefix(a))
		}
		ip, ok := pickLAN(ps)
		got := ""
		if ok {
			got = ip.String()
		}
		if got != tc.want {
			t.Errorf("pickLAN(%v) = %q; want %q", tc.addrs, got, tc.want)
		}
	}
}
