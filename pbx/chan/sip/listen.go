package sip

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
)

// listen binds UDP and TCP on the same address. With port 0 it picks a
// free port that is free for both.
func listen(ctx context.Context, addr string) (*net.UDPConn, *net.TCPListener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, nil, fmt.Errorf("sip: listen %q: want host:port: %w", addr, err)
	}
	var lc net.ListenConfig
	for attempt := 0; ; attempt++ {
		pc, err := lc.ListenPacket(ctx, "udp", addr)
		if err != nil {
			return nil, nil, fmt.Errorf("sip: listen udp %s: %w", addr, err)
		}
		udp := pc.(*net.UDPConn)
		p := strconv.Itoa(udp.LocalAddr().(*net.UDPAddr).Port)
		l, err := lc.Listen(ctx, "tcp", net.JoinHostPort(host, p))
		if err == nil {
			return udp, l.(*net.TCPListener), nil
		}
		udp.Close()
		if port != "0" || attempt == 10 {
			return nil, nil, fmt.Errorf("sip: listen tcp %s: %w", net.JoinHostPort(host, p), err)
		}
	}
}

// limitListener accepts at most n TCP connections at a time; further
// clients are closed at once, so that a flood of connections cannot pile up
// reader goroutines.
type limitListener struct {
	net.Listener
	sem chan struct{}
}

func newLimitListener(l net.Listener, n int) *limitListener {
	return &limitListener{Listener: l, sem: make(chan struct{}, n)}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.sem <- struct{}{}:
			return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
		default:
			c.Close()
		}
	}
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// isClosed reports whether err says that a listener was closed on purpose.
func isClosed(err error) bool { return err == nil || errors.Is(err, net.ErrClosed) }
