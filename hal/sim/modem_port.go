package sim

import (
	"errors"
	"io"
	"sync"
)

// ErrModemPortClosed is returned by a modem port after Close or after the
// emulated modem dropped off the bus.
var ErrModemPortClosed = errors.New("sim: modem port closed")

// modemPort is the driver's end of the emulated modem's serial stream. It
// is built on channels so that a driver blocked in Read is durably blocked
// inside a testing/synctest bubble. One reader and one writer may use it
// concurrently; Close may be called by anyone.
type modemPort struct {
	rx      chan []byte // modem to driver
	tx      chan []byte // driver to modem
	closed  chan struct{}
	once    sync.Once
	pending []byte // rest of a chunk a short Read did not take; reader only
}

func newModemPort() *modemPort {
	return &modemPort{rx: make(chan []byte, 1024), tx: make(chan []byte, 1024), closed: make(chan struct{})}
}

// Read returns bytes the modem sent, blocking until there are some.
func (p *modemPort) Read(b []byte) (int, error) {
	if len(p.pending) == 0 {
		select {
		case <-p.closed:
			return 0, io.EOF
		case c := <-p.rx:
			p.pending = c
		}
	}
	n := copy(b, p.pending)
	p.pending = p.pending[n:]
	return n, nil
}

// Write hands bytes to the modem.
func (p *modemPort) Write(b []byte) (int, error) {
	c := append([]byte(nil), b...)
	select {
	case <-p.closed:
		return 0, ErrModemPortClosed
	case p.tx <- c:
		return len(b), nil
	}
}

// Close ends the stream for both sides.
func (p *modemPort) Close() error {
	p.once.Do(func() { close(p.closed) })
	return nil
}

// send is the modem's side of Read; it drops data once the port closed.
func (p *modemPort) send(b []byte) {
	select {
	case <-p.closed:
	case p.rx <- b:
	}
}

// trySend is send for audio: a chunk the driver does not take in time is
// lost, as a USB endpoint nobody reads drops data, and never blocks.
func (p *modemPort) trySend(b []byte) {
	select {
	case <-p.closed:
	case p.rx <- b:
	default:
	}
}
