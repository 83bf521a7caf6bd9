package hal

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"testing"
	"testing/synctest"
	"time"
)

// pipePort is an in-memory serial port: what the modem writes to rx the
// driver reads, what the driver writes arrives on tx.
type pipePort struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func (p pipePort) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipePort) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipePort) Close() error {
	p.r.Close()
	return p.w.Close()
}

// newPipePort returns the driver's port and the modem's ends.
func newPipePort() (port pipePort, modemOut *io.PipeWriter, modemIn *io.PipeReader) {
	rxR, rxW := io.Pipe()
	txR, txW := io.Pipe()
	return pipePort{r: rxR, w: txW}, rxW, txR
}

// newPipePCM returns a SerialPCM on a pipePort, closed when the test ends,
// and the modem's ends of the port.
func newPipePCM(t *testing.T) (s *SerialPCM, modemOut *io.PipeWriter, modemIn *io.PipeReader) {
	t.Helper()
	port, modemOut, modemIn := newPipePort()
	s, err := NewSerialPCM(port, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, modemOut, modemIn
}

// rampBytes is n frames of samples k*7-3000 (k counting on across frames),
// as the modem would send them.
func rampBytes(n int) []byte {
	b := make([]byte, 0, n*SerialFrameBytes)
	for k := range n * FrameSamples {
		b = binary.LittleEndian.AppendUint16(b, uint16(int16(k*7-3000)))
	}
	return b
}

// TestSerialPCMReassembles sends frames in chunks that cut through samples
// and frames, one frame's bytes every 20 ms as a modem paces them, and
// checks each frame arrives whole, in order and at its time.
func TestSerialPCMReassembles(t *testing.T) {
	tests := []struct {
		name   string
		chunks []int // sizes the modem's 20 ms of bytes is written in
	}{
		{"whole frames", []int{320}},
		{"odd split", []int{1, 201, 118}},
		{"byte by byte head", []int{1, 1, 1, 317}},
		{"two writes", []int{160, 160}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s, modemOut, _ := newPipePCM(t)
				const frames = 5
				data := rampBytes(frames)
				start := time.Now()
				go func() {
					for i := range frames {
						time.Sleep(FrameDuration) // the modem's frame clock
						fb := data[i*SerialFrameBytes : (i+1)*SerialFrameBytes]
						for _, n := range tt.chunks {
							modemOut.Write(fb[:n])
							fb = fb[n:]
						}
					}
				}()
				for i := range frames {
					var f Frame
					if err := s.ReadFrame(&f); err != nil {
						t.Fatalf("ReadFrame %d: %v", i, err)
					}
					if got, want := time.Since(start), time.Duration(i+1)*FrameDuration; got != want {
						t.Errorf("frame %d at %v; want %v (paced by the modem)", i, got, want)
					}
					for j, v := range f {
						if want := int16((i*FrameSamples+j)*7 - 3000); v != want {
							t.Fatalf("frame %d sample %d = %d; want %d", i, j, v, want)
						}
					}
				}
			})
		})
	}
}

// TestSerialPCMWrite checks a frame written goes out as 320 bytes of
// little-endian samples.
func TestSerialPCMWrite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _, modemIn := newPipePCM(t)
		var f Frame
		for i := range f {
			f[i] = int16(i*200 - 16000)
		}
		if err := s.WriteFrame(&f); err != nil {
			t.Fatal(err)
		}
		b := make([]byte, SerialFrameBytes)
		if _, err := io.ReadFull(modemIn, b); err != nil {
			t.Fatal(err)
		}
		for i := range f {
			if got := int16(binary.LittleEndian.Uint16(b[2*i:])); got != f[i] {
				t.Fatalf("sample %d on the wire = %d; want %d", i, got, f[i])
			}
		}
	})
}

// TestSerialPCMDeadlineAndClose checks the read deadline, that Close ends
// a blocked ReadFrame, and that a stream the modem ended reports it.
func TestSerialPCMDeadlineAndClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, _, _ := newPipePCM(t)
		var f Frame
		s.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		start := time.Now()
		if err := s.ReadFrame(&f); !errors.Is(err, os.ErrDeadlineExceeded) || time.Since(start) != 100*time.Millisecond {
			t.Errorf("ReadFrame with a 100 ms deadline = %v after %v; want ErrDeadlineExceeded after 100ms", err, time.Since(start))
		}
		s.SetReadDeadline(time.Time{})
		errc := make(chan error)
		go func() { errc <- s.ReadFrame(&f) }()
		synctest.Wait()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-errc; !errors.Is(err, ErrClosed) {
			t.Errorf("blocked ReadFrame after Close = %v; want ErrClosed", err)
		}
		if err := s.WriteFrame(&f); !errors.Is(err, ErrClosed) {
			t.Errorf("WriteFrame after Close = %v; want ErrClosed", err)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		s, modemOut, _ := newPipePCM(t)
		modemOut.Write(rampBytes(1))
		modemOut.Close() // the modem dropped off the bus
		var f Frame
		if err := s.ReadFrame(&f); err != nil {
			t.Errorf("ReadFrame of the last frame = %v; want it delivered", err)
		}
		if err := s.ReadFrame(&f); !errors.Is(err, ErrClosed) {
			t.Errorf("ReadFrame after the stream ended = %v; want ErrClosed", err)
		}
	})
}

func TestNewSerialPCMNoPort(t *testing.T) {
	if _, err := NewSerialPCM(nil, nil); err == nil {
		t.Error("NewSerialPCM(nil) = nil error; want one")
	}
}
