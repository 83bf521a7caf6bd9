package sip

import (
	"fmt"
	"net"
)

// host returns the address the channel advertises in Via, Contact, From of
// its own requests and Call-IDs: Opts.Host, or the last SetHost.
func (c *Channel) host() string {
	if h := c.adv.Load(); h != nil {
		return *h
	}
	return c.o.Host
}

// SetHost changes the address the channel advertises (Via, Contact, Call-ID
// host) from the next message on, for a box whose LAN address changed
// (DHCP). Dialogs in progress keep the Contact the far end already has, so
// calls go on; trunks re-register with the new Contact when their
// registration is refreshed. host must be an IP address, not unspecified.
// Call it after Start; it is safe for concurrent use.
func (c *Channel) SetHost(host string) error {
	ip := net.ParseIP(host)
	if ip == nil || ip.IsUnspecified() {
		return fmt.Errorf("sip: set host %q: give the IP address phones reach the box at", host)
	}
	c.adv.Store(&host)
	return nil
}
