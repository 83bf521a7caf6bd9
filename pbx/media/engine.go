package media

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures an Engine.
type Config struct {
	// IP is the address to bind RTP sockets to and to put in SDP. It must
	// be an address phones can reach, not 0.0.0.0.
	IP netip.Addr
	// PortMin and PortMax bound the RTP port range. RTP takes even ports,
	// RTCP the odd port above (RTP+1).
	PortMin, PortMax int
	// MediaTimeout is how long an answered session may go without
	// receiving RTP before OnTimeout is called; 0 means 30 s. The timeout
	// pauses while the remote is on hold (it does not send).
	MediaTimeout time.Duration
	// RelatchAfter is how long the latched remote address must be quiet
	// before RTP from another address takes over (symmetric RTP, RFC
	// 4961); 0 means 1 s.
	RelatchAfter time.Duration
	// Logger receives the engine's and sessions' logs; nil discards them.
	Logger *slog.Logger
}

// Defaults of Config.
const (
	DefaultMediaTimeout = 30 * time.Second
	DefaultRelatchAfter = time.Second
)

// Engine hands out RTP sessions on one address and port range. It is safe
// for concurrent use.
type Engine struct {
	cfg   Config
	log   *slog.Logger
	ports *portPool
	ids   atomic.Uint64
	ip    atomic.Pointer[netip.Addr] // the current address; see SetIP

	rtcpBufs sync.Pool // *[maxPacket]byte for drainRTCP
	poll     rtpPoller // reads the sessions' RTP sockets
}

// NewEngine returns an engine for cfg. It binds nothing until NewSession.
func NewEngine(cfg Config) (*Engine, error) {
	if !cfg.IP.IsValid() || cfg.IP.IsUnspecified() {
		return nil, fmt.Errorf("media: config: IP %q: give the address phones send RTP to (not 0.0.0.0 or empty)", cfg.IP)
	}
	cfg.IP = cfg.IP.Unmap()
	ports, err := newPortPool(cfg.PortMin, cfg.PortMax)
	if err != nil {
		return nil, err
	}
	if cfg.MediaTimeout <= 0 {
		cfg.MediaTimeout = DefaultMediaTimeout
	}
	if cfg.RelatchAfter <= 0 {
		cfg.RelatchAfter = DefaultRelatchAfter
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Engine{cfg: cfg, log: cfg.Logger, ports: ports, poll: newRTPPoller()}
	e.rtcpBufs.New = func() any { return new([maxPacket]byte) }
	e.ip.Store(&cfg.IP)
	return e, nil
}

// ErrNoPorts is returned by NewSession when every port pair of the range
// is taken.
var ErrNoPorts = errors.New("media: no free RTP port pair; widen the RTP port range or end calls")

// NewSession binds an RTP/RTCP port pair and returns a session on it. The
// session needs an offer/answer exchange before it sends or receives. It
// is safe to call from any goroutine.
func (e *Engine) NewSession() (*Session, error) {
	ip := e.IP()
	network := "udp4"
	if ip.Is6() {
		network = "udp6"
	}
	var lastErr error
	for range e.ports.size() {
		port, ok := e.ports.acquire()
		if !ok {
			return nil, ErrNoPorts
		}
		rtpConn, err := net.ListenUDP(network, net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port))))
		if err != nil {
			e.ports.release(port) // taken by another program: try the next pair
			lastErr = err
			continue
		}
		rtcpConn, err := net.ListenUDP(network, net.UDPAddrFromAddrPort(netip.AddrPortFrom(ip, uint16(port+1))))
		if err != nil {
			rtpConn.Close()
			e.ports.release(port)
			lastErr = err
			continue
		}
		rtcpSock, err := newRTCPSocket(rtcpConn)
		if err != nil {
			rtpConn.Close()
			rtcpConn.Close()
			e.ports.release(port)
			return nil, fmt.Errorf("media: RTCP socket on %s: %w", ip, err)
		}
		s := newSession(e, rtpConn, rtcpSock, netip.AddrPortFrom(ip, uint16(port)))
		s.release = func() { e.ports.release(port) }
		return s, nil
	}
	if lastErr != nil {
		return nil, fmt.Errorf("media: bind RTP port on %s: %w", ip, lastErr)
	}
	return nil, ErrNoPorts
}
