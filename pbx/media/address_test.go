package media

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// TestSetIP moves the engine to another address: the session made before
// keeps its address and still talks to one made after, which binds and
// advertises the new address.
func TestSetIP(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	old := newTestSession(t, e)
	next := netip.MustParseAddr("127.0.0.2") // all of 127/8 is loopback on Linux
	if err := e.SetIP(next); err != nil {
		t.Fatal(err)
	}
	if e.IP() != next {
		t.Fatalf("IP() = %v after SetIP(%v)", e.IP(), next)
	}
	s := newTestSession(t, e)
	if got := s.LocalAddr().Addr(); got != next {
		t.Errorf("new session bound to %v; want %v", got, next)
	}
	if offer := string(s.Offer()); !strings.Contains(offer, "c=IN IP4 127.0.0.2\r\n") {
		t.Errorf("new session's offer lacks c=IN IP4 127.0.0.2:\n%s", offer)
	}
	if got := old.LocalAddr().Addr(); got != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("earlier session moved to %v; want it kept on 127.0.0.1", got)
	}
	if offer := string(old.Offer()); !strings.Contains(offer, "c=IN IP4 127.0.0.1\r\n") {
		t.Errorf("earlier session's offer lacks c=IN IP4 127.0.0.1:\n%s", offer)
	}
	negotiate(t, old, s)
	old.Start()
	s.Start()
	var f call.Frame
	tone(&f, 0)
	waitFor(t, 5*time.Second, "RTP from the earlier session", func() bool {
		if err := old.WriteFrame(&f); err != nil {
			t.Fatal(err)
		}
		return s.Stats().PacketsRecv > 0
	})
}

func TestSetIPRefused(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, nil)
	tests := []struct {
		ip   netip.Addr
		want string
	}{
		{netip.Addr{}, "not 0.0.0.0 or empty"},
		{netip.IPv4Unspecified(), "not 0.0.0.0 or empty"},
		{netip.MustParseAddr("::1"), "keep the address family"},
	}
	for _, tc := range tests {
		if err := e.SetIP(tc.ip); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "media: ") {
			t.Errorf("SetIP(%v) = %v; want an error saying %q", tc.ip, err, tc.want)
		}
	}
	if e.IP() != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("IP() = %v after refused changes; want 127.0.0.1 kept", e.IP())
	}
}
