package media

import (
	"net/netip"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// rxBatch is how many RTP packets one recvmmsg(2) takes at most. Two are
// enough to know the socket is drained when one comes, the common case of
// one packet per 20 ms.
const rxBatch = 2

// rxBatchBufs is the receive state for recvmmsg: the buffers, the source
// addresses and the message headers pointing at them. Each reader of the
// engine's poller (rtppoll_linux.go) owns one and lends it to the session
// it reads, so a session holds no receive buffer of its own.
type rxBatchBufs struct {
	bufs  [rxBatch][maxPacket]byte
	names [rxBatch]unix.RawSockaddrInet6
	iov   [rxBatch]unix.Iovec
	msgs  [rxBatch]unix.Mmsghdr
}

// newRxBatchBufs returns receive state with the message headers pointing
// at its buffers and addresses.
func newRxBatchBufs() *rxBatchBufs {
	b := new(rxBatchBufs)
	for i := range b.msgs {
		b.iov[i].Base = &b.bufs[i][0]
		b.iov[i].SetLen(maxPacket)
		b.msgs[i].Hdr.Name = (*byte)(unsafe.Pointer(&b.names[i]))
		b.msgs[i].Hdr.Iov = &b.iov[i]
		b.msgs[i].Hdr.SetIovlen(1)
	}
	return b
}

// readWaiting handles the RTP packets waiting on the socket fd, taking up
// to rxBatch per recvmmsg(2), until the socket is drained (a recvmmsg
// takes fewer) or s closes. It never waits and allocates nothing.
func (s *Session) readWaiting(fd uintptr, b *rxBatchBufs) {
	for !s.closing.Load() {
		for i := range b.msgs {
			b.msgs[i].Hdr.Namelen = uint32(unsafe.Sizeof(b.names[i]))
			b.msgs[i].Hdr.Flags = 0
			b.msgs[i].Len = 0
		}
		n, _, errno := unix.Syscall6(unix.SYS_RECVMMSG, fd, uintptr(unsafe.Pointer(&b.msgs[0])), rxBatch, unix.MSG_DONTWAIT, 0, 0)
		switch errno {
		case 0:
		case unix.EINTR, unix.ECONNREFUSED:
			continue // interrupted, or an ICMP error reported once
		default:
			return // EAGAIN: drained; anything else: the next readiness tells
		}
		now := time.Now()
		for i := range int(n) {
			if b.msgs[i].Hdr.Flags&unix.MSG_TRUNC != 0 {
				continue // larger than any RTP packet we take
			}
			if from, ok := sourceOf(&b.names[i]); ok {
				s.handleRTP(b.bufs[i][:b.msgs[i].Len], from, now)
			}
		}
		if int(n) < rxBatch {
			return
		}
	}
}

// sourceOf returns the address in sa, IPv4 or IPv6.
func sourceOf(sa *unix.RawSockaddrInet6) (netip.AddrPort, bool) {
	p := (*[2]byte)(unsafe.Pointer(&sa.Port)) // in network byte order
	port := uint16(p[0])<<8 | uint16(p[1])
	switch sa.Family {
	case unix.AF_INET:
		sa4 := (*unix.RawSockaddrInet4)(unsafe.Pointer(sa))
		return netip.AddrPortFrom(netip.AddrFrom4(sa4.Addr), port), true
	case unix.AF_INET6:
		return netip.AddrPortFrom(netip.AddrFrom16(sa.Addr).Unmap(), port), true
	}
	return netip.AddrPort{}, false
}
