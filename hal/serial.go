package hal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// SerialPort is a byte stream to a modem on a UART or a USB serial
// interface. Read honours the read deadline; Close makes a Read in progress
// return ErrClosed within one poll interval. It is safe for one reader and
// one writer to use concurrently, and for any goroutine to call Close.
type SerialPort interface {
	io.ReadWriteCloser
	// SetReadDeadline makes Read return os.ErrDeadlineExceeded once t has
	// passed with no data. The zero time means no deadline.
	SetReadDeadline(t time.Time) error
}

// ErrClosed is returned by a SerialPort after Close.
var ErrClosed = errors.New("hal: serial port closed")

// SerialConfig says which serial device to open and how.
type SerialConfig struct {
	// Device is the path, e.g. /dev/ttyAMA0 or the /dev/serial/by-path link
	// that a board profile's USB path resolves to. Never a bare /dev/ttyUSBn.
	Device string
	// Baud is the line rate in bit/s; 0 means 115200.
	Baud int
	// Poll is how long one underlying read may block before the read loop
	// checks for Close and the deadline. tarm/serial counts it in tenths of
	// a second, so it is rounded up to 100 ms steps; 0 means 100 ms.
	Poll time.Duration
}

// rawSerial is what the read loop needs from a serial backend: a Read that
// returns (0, nil) or (0, io.EOF) when its own short timeout expires.
type rawSerial interface {
	io.ReadWriteCloser
}

// pollingPort turns a rawSerial with a short read timeout into a SerialPort
// with deadlines and an interruptible Read.
type pollingPort struct {
	raw   rawSerial
	name  string
	clock Clock

	mu       sync.Mutex
	deadline time.Time
	closed   bool
}

func newPollingPort(raw rawSerial, name string, clock Clock) *pollingPort {
	return &pollingPort{raw: raw, name: name, clock: OrSystem(clock)}
}

func (p *pollingPort) String() string { return p.name }

func (p *pollingPort) state() (closed bool, deadline time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed, p.deadline
}

// Read implements io.Reader. It loops over the backend's short timeout
// until data arrives, the port is closed or the deadline passes.
func (p *pollingPort) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		closed, dl := p.state()
		if closed {
			return 0, ErrClosed
		}
		if !dl.IsZero() && !p.clock.Now().Before(dl) {
			return 0, os.ErrDeadlineExceeded
		}
		n, err := p.raw.Read(b)
		if n > 0 {
			return n, nil
		}
		if closed, _ := p.state(); closed {
			return 0, ErrClosed
		}
		// tarm/serial returns (0, io.EOF) when VTIME expires: a timeout, not
		// the end of the stream.
		if err != nil && err != io.EOF {
			return 0, fmt.Errorf("hal: read %s: %w", p.name, err)
		}
	}
}

// Write implements io.Writer.
func (p *pollingPort) Write(b []byte) (int, error) {
	if closed, _ := p.state(); closed {
		return 0, ErrClosed
	}
	n, err := p.raw.Write(b)
	if err != nil {
		return n, fmt.Errorf("hal: write %s: %w", p.name, err)
	}
	return n, nil
}

// SetReadDeadline implements SerialPort.
func (p *pollingPort) SetReadDeadline(t time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.deadline = t
	return nil
}

// Close marks the port closed and closes the backend. A Read blocked in the
// backend returns ErrClosed when its short timeout expires.
func (p *pollingPort) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	if err := p.raw.Close(); err != nil {
		return fmt.Errorf("hal: close %s: %w", p.name, err)
	}
	return nil
}
