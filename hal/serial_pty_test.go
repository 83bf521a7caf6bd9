//go:build linux

package hal

import (
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns the master side of a pseudo-terminal and its slave path.
func openPTY(t *testing.T) (*os.File, string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("pty number: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m, fmt.Sprintf("/dev/pts/%d", n)
}

// TestOpenSerialTarm runs the real tarm/serial backend on a pseudo-terminal:
// data both ways, a read deadline, and Close ending a blocked Read. It uses
// real time (a pty is a real device), waiting on events with deadlines.
func TestOpenSerialTarm(t *testing.T) {
	m, slave := openPTY(t)
	p, err := OpenSerial(SerialConfig{Device: slave})
	if err != nil {
		t.Fatalf("OpenSerial(%s): %v", slave, err)
	}
	if _, err := p.Write([]byte("AT\r")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	m.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := m.Read(buf); err != nil || string(buf[:n]) != "AT\r" {
		t.Fatalf("modem side read %q, %v", buf[:n], err)
	}
	if _, err := m.Write([]byte("OK\r\n")); err != nil {
		t.Fatal(err)
	}
	p.SetReadDeadline(time.Now().Add(5 * time.Second))
	got := ""
	for len(got) < 4 {
		n, err := p.Read(buf)
		if err != nil {
			t.Fatalf("Read: %v (got %q)", err, got)
		}
		got += string(buf[:n])
	}
	if got != "OK\r\n" {
		t.Fatalf("Read %q; want OK", got)
	}

	p.SetReadDeadline(time.Now().Add(150 * time.Millisecond))
	if _, err := p.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read past deadline = %v", err)
	}
	p.SetReadDeadline(time.Time{})

	errc := make(chan error, 1)
	go func() {
		_, err := p.Read(buf)
		errc <- err
	}()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("Read after Close = %v; want ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end a blocked Read")
	}
}
