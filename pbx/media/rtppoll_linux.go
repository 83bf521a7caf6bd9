package media

import (
	"net"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// maxPollShards bounds how many readers an engine's poller runs.
const maxPollShards = 32

// pollEvents is how many ready sockets one epoll_wait(2) takes at most.
const pollEvents = 64

// rtpPoller reads the RTP sockets of an engine's sessions with one
// goroutine per shard instead of one per session: a goroutine's stack
// (4 KB and more once it has relayed a packet) per leg was the largest
// part of a relayed call's memory. Each shard is an epoll instance
// (edge-triggered, so a socket is reported once per arrival) that Go's
// own poller waits on, so a shard's reader parks like any socket reader
// and holds no thread. A session belongs to one shard (by its id), so
// one reader at a time handles its packets, as its own goroutine did before.
// Shards number 8 per CPU the scheduler uses (at most maxPollShards): the
// relaying spreads over the cores, and while one reader waits in a
// system call or for a CPU the box shares, the others go on with their
// sessions, as many goroutines did. A shard exists only while it has
// sessions: an idle engine runs no reader.
type rtpPoller struct {
	shards []pollShard
}

// pollShard is one epoll instance, its reader and its sessions.
type pollShard struct {
	mu       sync.Mutex
	ep       *os.File // the epoll instance; nil while no session is registered
	epfd     int
	sessions map[uint64]*Session // by id, which the epoll events carry
}

// pollReg is a session's registration with the poller.
type pollReg struct {
	shard *pollShard      // nil: a goroutine reads the session (readRTP)
	raw   syscall.RawConn // the RTP socket
	busy  sync.Mutex      // held by the reader while it handles the session's packets
	bufs  *rxBatchBufs    // the reader's, lent while busy is held
	read  func(fd uintptr)
}

// newRTPPoller returns a poller with 8 shards per CPU the Go scheduler
// uses.
func newRTPPoller() rtpPoller {
	return rtpPoller{shards: make([]pollShard, min(8*max(runtime.GOMAXPROCS(0), 1), maxPollShards))}
}

// add registers s, whose RTP socket is c, with its shard, and reports
// false, registering nothing, when c is not a socket it can poll; s then
// reads with a goroutine of its own.
func (p *rtpPoller) add(s *Session, c packetConn) bool {
	uc, ok := c.(*net.UDPConn)
	if !ok || len(p.shards) == 0 {
		return false
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return false
	}
	sh := &p.shards[s.id%uint64(len(p.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.ep == nil {
		if err := sh.open(); err != nil {
			s.log.Warn("media: RTP poller: reading with a goroutine", "err", err)
			return false
		}
	}
	// The event carries the session's id in its 64 bits of data.
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLET, Fd: int32(uint32(s.id)), Pad: int32(uint32(s.id >> 32))}
	var ctlErr error
	err = raw.Control(func(fd uintptr) { ctlErr = unix.EpollCtl(sh.epfd, unix.EPOLL_CTL_ADD, int(fd), &ev) })
	if err == nil {
		err = ctlErr
	}
	if err != nil {
		if len(sh.sessions) == 0 {
			ep := sh.takeLocked()
			go ep.Close() // see remove
		}
		s.log.Warn("media: RTP poller: reading with a goroutine", "err", err)
		return false
	}
	r := &s.reg
	r.shard, r.raw = sh, raw
	r.read = func(fd uintptr) { s.readWaiting(fd, r.bufs) }
	sh.sessions[s.id] = s
	return true
}

// remove takes s out of its shard, if it is in one, and returns once no
// reader handles its packets any longer. Set s.closing first.
func (p *rtpPoller) remove(s *Session) {
	sh := s.reg.shard
	if sh == nil {
		return
	}
	var last *os.File
	sh.mu.Lock()
	if sh.sessions[s.id] == s {
		delete(sh.sessions, s.id)
		s.reg.raw.Control(func(fd uintptr) { unix.EpollCtl(sh.epfd, unix.EPOLL_CTL_DEL, int(fd), nil) })
		if len(sh.sessions) == 0 {
			last = sh.takeLocked()
		}
	}
	sh.mu.Unlock()
	if last != nil {
		// Close waits for the reader to leave the instance, and the
		// reader may be waiting for sh.mu: close it unlocked.
		last.Close()
	}
	s.reg.busy.Lock() // a reader that took s before it left finishes first
	s.reg.busy.Unlock()
}

// open makes the shard's epoll instance and starts its reader. Hold sh.mu.
func (sh *pollShard) open() error {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return err
	}
	if err := unix.SetNonblock(epfd, true); err != nil {
		unix.Close(epfd)
		return err
	}
	// A non-blocking descriptor goes to Go's poller, which then wakes
	// the reader when the epoll instance has a ready socket.
	ep := os.NewFile(uintptr(epfd), "rtp-epoll")
	if err := ep.SetReadDeadline(time.Time{}); err != nil {
		ep.Close() // not in Go's poller: nothing would wake the reader
		return err
	}
	raw, err := ep.SyscallConn()
	if err != nil {
		ep.Close()
		return err
	}
	sh.ep, sh.epfd, sh.sessions = ep, epfd, make(map[uint64]*Session)
	go sh.run(raw)
	return nil
}

// takeLocked takes the epoll instance from the shard and returns it, for
// the caller to close, which ends its reader. Hold sh.mu.
func (sh *pollShard) takeLocked() *os.File {
	ep := sh.ep
	sh.ep, sh.sessions = nil, nil
	return ep
}

// run is a shard's reader: it waits for the epoll instance raw to report
// ready sockets and reads each one's packets until it is drained, until
// the instance is closed.
func (sh *pollShard) run(raw syscall.RawConn) {
	bufs := newRxBatchBufs()
	var events [pollEvents]unix.EpollEvent
	read := func(fd uintptr) bool {
		for {
			n, err := unix.EpollWait(int(fd), events[:], 0)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return false // wait: a closed instance ends the Read
			}
			for i := range n {
				id := uint64(uint32(events[i].Fd)) | uint64(uint32(events[i].Pad))<<32
				sh.mu.Lock()
				s := sh.sessions[id]
				sh.mu.Unlock()
				if s != nil {
					s.readReady(bufs)
				}
			}
			if n < len(events) {
				return false // drained: wait for the next readiness
			}
		}
	}
	raw.Read(read) // returns once the instance is closed
}

// readReady handles the packets waiting on s's RTP socket with the
// reader's buffers b, unless s is closing.
func (s *Session) readReady(b *rxBatchBufs) {
	r := &s.reg
	r.busy.Lock()
	defer r.busy.Unlock()
	if s.closing.Load() {
		return
	}
	r.bufs = b
	r.raw.Control(r.read)
	r.bufs = nil
}
