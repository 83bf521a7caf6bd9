package media

import (
	"net"
	"net/netip"
	"syscall"
	"time"
	"unsafe"
)

// rtcpSocket is an RTCP socket read without a goroutine: packets wait in
// the kernel's receive buffer until the session drains them (drainRTCP),
// each stamped by the kernel with its arrival (SO_TIMESTAMPNS), so that
// the round-trip time (RFC 3550 6.4.1) stays exact however late it is
// read.
type rtcpSocket struct {
	*net.UDPConn
	raw   syscall.RawConn
	stamp bool     // the kernel stamps arrivals
	oob   [64]byte // control messages; used by one drain at a time
}

// newRTCPSocket wraps c.
func newRTCPSocket(c *net.UDPConn) (*rtcpSocket, error) {
	raw, err := c.SyscallConn()
	if err != nil {
		return nil, err
	}
	s := &rtcpSocket{UDPConn: c, raw: raw}
	raw.Control(func(fd uintptr) {
		s.stamp = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TIMESTAMPNS, 1) == nil
	})
	return s, nil
}

// ReadWaiting implements drainConn.
func (s *rtcpSocket) ReadWaiting(b []byte) (n int, from netip.AddrPort, at time.Time, ok bool) {
	var oobn int
	var sa syscall.Sockaddr
	var err error
	rerr := s.raw.Read(func(fd uintptr) bool {
		n, oobn, _, sa, err = syscall.Recvmsg(int(fd), b, s.oob[:], syscall.MSG_DONTWAIT)
		return true // one try: never wait
	})
	if rerr != nil || err != nil {
		return 0, netip.AddrPort{}, time.Time{}, false
	}
	if from, ok = sockaddrAddrPort(sa); !ok {
		return 0, netip.AddrPort{}, time.Time{}, false
	}
	now := time.Now()
	at = now
	if s.stamp {
		if arrived, ok := kernelStamp(s.oob[:oobn]); ok {
			// The kernel's stamp is wall-clock time: carry its age over
			// to the monotonic clock the session measures with.
			if age := now.Sub(arrived); age > 0 {
				at = now.Add(-age)
			}
		}
	}
	return n, from, at, true
}

// kernelStamp returns the SCM_TIMESTAMPNS arrival time in the control
// messages oob.
func kernelStamp(oob []byte) (time.Time, bool) {
	for len(oob) >= syscall.SizeofCmsghdr {
		h := (*syscall.Cmsghdr)(unsafe.Pointer(&oob[0]))
		l := int(h.Len)
		if l < syscall.SizeofCmsghdr || l > len(oob) {
			return time.Time{}, false
		}
		data := oob[syscall.CmsgLen(0):l]
		if h.Level == syscall.SOL_SOCKET && h.Type == syscall.SCM_TIMESTAMPNS && len(data) >= int(unsafe.Sizeof(syscall.Timespec{})) {
			ts := (*syscall.Timespec)(unsafe.Pointer(&data[0]))
			return time.Unix(ts.Unix()), true
		}
		oob = oob[min(syscall.CmsgSpace(l-syscall.CmsgLen(0)), len(oob)):]
	}
	return time.Time{}, false
}
