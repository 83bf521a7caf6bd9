//go:build linux

package hal

import (
	"errors"
	"testing"
	"time"
)

// TestSerialPCMOverTarm runs a SerialPCM on the real tarm/serial backend
// over a pseudo-terminal: a frame written in two pieces arrives whole, a
// frame written goes out, and Close ends a blocked ReadFrame. Real time: it
// waits on events with deadlines.
func TestSerialPCMOverTarm(t *testing.T) {
	m, slave := openPTY(t)
	p, err := OpenSerial(SerialConfig{Device: slave})
	if err != nil {
		t.Fatalf("OpenSerial(%s): %v", slave, err)
	}
	s, err := NewSerialPCM(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := rampBytes(1)
	for _, part := range [][]byte{data[:77], data[77:]} {
		if _, err := m.Write(part); err != nil {
			t.Fatal(err)
		}
	}
	s.SetReadDeadline(time.Now().Add(5 * time.Second))
	var f Frame
	if err := s.ReadFrame(&f); err != nil {
		t.Fatalf("ReadFrame: %v", err)
	}
	if f[0] != -3000 || f[159] != 159*7-3000 {
		t.Errorf("frame = [%d ... %d]; want [-3000 ... %d]", f[0], f[159], 159*7-3000)
	}
	if err := s.WriteFrame(&f); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 0, SerialFrameBytes)
	buf := make([]byte, SerialFrameBytes)
	m.SetReadDeadline(time.Now().Add(5 * time.Second))
	for len(got) < SerialFrameBytes {
		n, err := m.Read(buf)
		if err != nil {
			t.Fatalf("modem side read: %v after %d bytes", err, len(got))
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != string(data) {
		t.Error("the frame written did not reach the modem side unchanged")
	}

	s.SetReadDeadline(time.Time{})
	errc := make(chan error, 1)
	go func() { errc <- s.ReadFrame(&f) }()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("ReadFrame after Close = %v; want ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end a blocked ReadFrame")
	}
}
