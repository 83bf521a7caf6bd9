package gsm

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// ctrlZ ends a PDU after the "> " prompt; esc cancels it (27.005 4.3).
const (
	ctrlZ = 0x1a
	esc   = 0x1b
)

// engine runs the AT session over the serial stream: one command at a time,
// each with its own timeout, and a read loop that feeds the session state
// machine and queues unsolicited result codes. It is safe for concurrent
// use.
type engine struct {
	port io.ReadWriter
	log  *slog.Logger
	urcs *fifo[unsolicited]

	sem chan struct{} // holds a token while a command runs

	mu   sync.Mutex // guards sess and cur
	sess session
	cur  *pending

	closing  chan struct{} // closed by close
	dead     chan struct{} // closed when the read loop ended
	deadErr  error         // why; set before dead is closed
	closeOne sync.Once
	wg       sync.WaitGroup
}

// pending is a command waiting for its result.
type pending struct {
	done   chan result   // capacity 1
	prompt chan struct{} // capacity 1
}

func newEngine(port io.ReadWriter, log *slog.Logger, onURC func(unsolicited)) *engine {
	e := &engine{
		port:    port,
		log:     log,
		urcs:    newFIFO[unsolicited](),
		sem:     make(chan struct{}, 1),
		closing: make(chan struct{}),
		dead:    make(chan struct{}),
	}
	e.wg.Add(2)
	go func() { defer e.wg.Done(); e.readLoop() }()
	go func() { defer e.wg.Done(); e.urcs.run(e.closing, onURC) }()
	return e
}

// timeoutError is what a port with a read deadline returns when nothing came.
type timeoutError interface{ Timeout() bool }

// readLoop reads the stream until it ends or the engine closes. A read that
// returns nothing, or a timeout error (a serial port read with a deadline),
// only makes it check for closing.
func (e *engine) readLoop() {
	var sp splitter
	buf := make([]byte, 512)
	for {
		n, err := e.port.Read(buf)
		if n > 0 {
			sp.feed(buf[:n], e.lineIn, e.promptIn)
		}
		select {
		case <-e.closing:
			e.deadErr = ErrClosed
			close(e.dead)
			return
		default:
		}
		if err != nil {
			var te timeoutError
			if errors.As(err, &te) && te.Timeout() {
				continue
			}
			e.deadErr = fmt.Errorf("gsm: serial stream ended: %v: %w", err, ErrClosed)
			close(e.dead)
			return
		}
	}
}

func (e *engine) lineIn(line string) {
	e.log.Debug("gsm: rx", "line", line)
	e.mu.Lock()
	eff := e.sess.lineIn(line)
	p := e.cur
	if eff.done != nil {
		e.cur = nil
	}
	e.mu.Unlock()
	e.apply(p, eff)
}

func (e *engine) promptIn() {
	e.mu.Lock()
	eff := e.sess.promptIn()
	p := e.cur
	e.mu.Unlock()
	e.apply(p, eff)
}

func (e *engine) apply(p *pending, eff effects) {
	if p != nil && eff.done != nil {
		p.done <- *eff.done
	}
	if p != nil && eff.prompt {
		select {
		case p.prompt <- struct{}{}:
		default:
		}
	}
	for _, u := range eff.urcs {
		e.urcs.put(u)
	}
}

// exec sends one command and waits up to timeout for its final result. For
// AT+CMGS, pdu is sent (hex, then Ctrl-Z) after the "> " prompt. It returns
// the information text lines.
func (e *engine) exec(ctx context.Context, c command, pdu []byte, timeout time.Duration) ([]string, error) {
	select {
	case e.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-e.dead:
		return nil, e.deadErr
	}
	defer func() { <-e.sem }()

	p := &pending{done: make(chan result, 1), prompt: make(chan struct{}, 1)}
	e.mu.Lock()
	e.sess.start(&c)
	e.cur = p
	e.mu.Unlock()
	if strings.HasPrefix(c.line, "AT+CPIN=") {
		e.log.Debug("gsm: tx", "cmd", "AT+CPIN=(hidden)")
	} else {
		e.log.Debug("gsm: tx", "cmd", c.line)
	}
	if _, err := e.port.Write([]byte(c.line + "\r")); err != nil {
		e.forget(p)
		return nil, fmt.Errorf("gsm: %s: write: %v: %w", c.line, err, ErrClosed)
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	prompted := false
	for {
		select {
		case r := <-p.done:
			return r.lines, r.err
		case <-p.prompt:
			prompted = true
			b := make([]byte, 0, 2*len(pdu)+1)
			b = hex.AppendEncode(b, pdu)
			for i := range b {
				if b[i] >= 'a' {
					b[i] -= 'a' - 'A'
				}
			}
			b = append(b, ctrlZ)
			if _, err := e.port.Write(b); err != nil {
				e.forget(p)
				return nil, fmt.Errorf("gsm: %s: write PDU: %v: %w", c.line, err, ErrClosed)
			}
		case <-timer.C:
			e.cancel(p, c.prompt && !prompted)
			return nil, fmt.Errorf("gsm: %s: %w", c.line, ErrTimeout)
		case <-ctx.Done():
			e.cancel(p, c.prompt && !prompted)
			return nil, fmt.Errorf("gsm: %s: %w", c.line, ctx.Err())
		case <-e.dead:
			e.forget(p)
			return nil, fmt.Errorf("gsm: %s: %w", c.line, e.deadErr)
		}
	}
}

// cancel forgets p; when the modem may still wait for a PDU, ESC ends that.
func (e *engine) cancel(p *pending, atPrompt bool) {
	e.forget(p)
	if atPrompt {
		_, _ = e.port.Write([]byte{esc})
	}
}

func (e *engine) forget(p *pending) {
	e.mu.Lock()
	if e.cur == p {
		e.cur = nil
		e.sess.abort()
	}
	e.mu.Unlock()
}

// close stops the engine. If the port is an io.Closer it is closed to end a
// blocked read; otherwise the read loop ends at its next read timeout.
func (e *engine) close() error {
	var err error
	e.closeOne.Do(func() {
		close(e.closing)
		if c, ok := e.port.(io.Closer); ok {
			err = c.Close()
		}
		e.wg.Wait()
	})
	return err
}
