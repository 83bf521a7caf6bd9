//go:build !linux

package media

import (
	"net"
	"net/netip"
	"syscall"
	"time"
)

// rtcpSocket is an RTCP socket read without a goroutine (see the Linux
// version). Elsewhere, for development only, a packet's arrival is taken
// as when it is read, which makes the round-trip time too long.
type rtcpSocket struct {
	*net.UDPConn
	raw syscall.RawConn
}

// newRTCPSocket wraps c.
func newRTCPSocket(c *net.UDPConn) (*rtcpSocket, error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return nil, err
	}
	return &rtcpSocket{UDPConn: c, raw: raw}, nil
}

// ReadWaiting implements drainConn.
func (s *rtcpSocket) ReadWaiting(b []byte) (n int, from netip.AddrPort, at time.Time, ok bool) {
	var sa syscall.Sockaddr
	var err error
	rerr := s.raw.Read(func(fd uintptr) bool {
		n, _, _, sa, err = syscall.Recvmsg(int(fd), b, nil, syscall.MSG_DONTWAIT)
		return true
	})
	if rerr != nil || err != nil {
		return 0, netip.AddrPort{}, time.Time{}, false
	}
	if from, ok = sockaddrAddrPort(sa); !ok {
		return 0, netip.AddrPort{}, time.Time{}, false
	}
	return n, from, time.Now(), true
}
