package media

import (
	"fmt"
	"net/netip"
)

// IP returns the address new sessions bind RTP to and put in SDP: Config.IP
// or the last address given to SetIP. It is safe for concurrent use.
func (e *Engine) IP() netip.Addr { return *e.ip.Load() }

// SetIP changes the address of the sessions created from now on, for a box
// whose LAN address changed (DHCP). Sessions already created keep their
// sockets and SDP, so calls in progress go on. ip must be of the same family
// as Config.IP and not unspecified. It is safe for concurrent use.
func (e *Engine) SetIP(ip netip.Addr) error {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsUnspecified() {
		return fmt.Errorf("media: set IP %q: give the address phones send RTP to (not 0.0.0.0 or empty)", ip)
	}
	if ip.Is4() != e.cfg.IP.Is4() {
		return fmt.Errorf("media: set IP %s: the engine was made for %s; keep the address family", ip, e.cfg.IP)
	}
	e.ip.Store(&ip)
	return nil
}
