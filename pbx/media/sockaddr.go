package media

import (
	"net/netip"
	"syscall"
)

// sockaddrAddrPort returns the address of a packet's sender as a socket
// read it (an IPv4-mapped IPv6 address unmapped); false for another
// family.
func sockaddrAddrPort(sa syscall.Sockaddr) (netip.AddrPort, bool) {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port)), true
	case *syscall.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(a.Addr).Unmap(), uint16(a.Port)), true
	}
	return netip.AddrPort{}, false
}
