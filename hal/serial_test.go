package hal

import (
	"errors"
	"io"
	"os"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeTarm behaves like tarm/serial with ReadTimeout: Read blocks up to
// 100 ms for data, then returns (0, io.EOF); Close does not wake a Read.
type fakeTarm struct {
	in     chan []byte
	mu     sync.Mutex
	out    []byte
	closed bool
}

func (f *fakeTarm) Read(b []byte) (int, error) {
	select {
	case d := <-f.in:
		return copy(b, d), nil
	case <-time.After(100 * time.Millisecond):
		return 0, io.EOF
	}
}

func (f *fakeTarm) Write(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.out = append(f.out, b...)
	return len(b), nil
}

func (f *fakeTarm) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func TestSerialReadLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		raw := &fakeTarm{in: make(chan []byte, 1)}
		p := newPollingPort(raw, "fake", nil)

		// Data arriving after several backend timeouts is still read.
		go func() {
			time.Sleep(350 * time.Millisecond)
			raw.in <- []byte("OK\r\n")
		}()
		buf := make([]byte, 16)
		n, err := p.Read(buf)
		if err != nil || string(buf[:n]) != "OK\r\n" {
			t.Fatalf("Read = %q, %v; want OK", buf[:n], err)
		}

		// The deadline ends a read with os.ErrDeadlineExceeded.
		start := time.Now()
		p.SetReadDeadline(start.Add(250 * time.Millisecond))
		if _, err := p.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("Read past deadline = %v; want os.ErrDeadlineExceeded", err)
		}
		if d := time.Since(start); d < 250*time.Millisecond || d > 350*time.Millisecond {
			t.Errorf("deadline read returned after %v; want 250 ms + one backend timeout at most", d)
		}
		p.SetReadDeadline(time.Time{})

		// Close unblocks a Read in progress within one backend timeout.
		errc := make(chan error, 1)
		go func() {
			_, err := p.Read(buf)
			errc <- err
		}()
		time.Sleep(time.Second)
		closedAt := time.Now()
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-errc; !errors.Is(err, ErrClosed) {
			t.Fatalf("Read after Close = %v; want ErrClosed", err)
		}
		if d := time.Since(closedAt); d > 100*time.Millisecond {
			t.Errorf("blocked Read noticed Close after %v; want <= 100 ms", d)
		}
		if _, err := p.Write([]byte("AT\r")); !errors.Is(err, ErrClosed) {
			t.Errorf("Write after Close = %v; want ErrClosed", err)
		}
		if !raw.closed {
			t.Errorf("backend not closed")
		}
	})
}
