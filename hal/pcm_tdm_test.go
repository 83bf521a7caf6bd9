package hal

import (
	"errors"
	"testing"
	"testing/synctest"
)

// memPort is an in-memory TDMPort: each period the test sends on rx is
// captured, and each period the highway writes arrives on tx.
type memPort struct {
	rx     chan []int16
	tx     chan []int16
	closed chan struct{}
	fail   error // returned by ReadPeriod once rx is closed
}

func newMemPort() *memPort {
	return &memPort{rx: make(chan []int16), tx: make(chan []int16, 100), closed: make(chan struct{})}
}

func (m *memPort) ReadPeriod(p []int16) error {
	select {
	case v, ok := <-m.rx:
		if !ok {
			return m.fail
		}
		copy(p, v)
		return nil
	case <-m.closed:
		return errors.New("mem port closed")
	}
}

func (m *memPort) WritePeriod(p []int16) error {
	m.tx <- append([]int16(nil), p...)
	return nil
}

func (m *memPort) Close() error { close(m.closed); return nil }

// tagged returns a period of n channels whose sample i of channel c is
// base + c*1000 + i.
func tagged(n, base int) []int16 {
	p := make([]int16, FrameSamples*n)
	for i := range FrameSamples {
		for c := range n {
			p[i*n+c] = int16(base + c*1000 + i)
		}
	}
	return p
}

func taggedFrame(v int) *Frame {
	var f Frame
	for i := range f {
		f[i] = int16(v + i)
	}
	return &f
}

func channelOf(p []int16, n, c int) Frame {
	var f Frame
	for i := range f {
		f[i] = p[i*n+c]
	}
	return f
}

func TestTDMHighwaySlots(t *testing.T) {
	const n = 4
	port := newMemPort()
	h, err := NewTDMHighway(port, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s1, err := h.Stream(1)
	if err != nil {
		t.Fatal(err)
	}
	s3, err := h.Stream(3)
	if err != nil {
		t.Fatal(err)
	}
	s1.WriteFrame(taggedFrame(-100))
	s3.WriteFrame(taggedFrame(-300))

	port.rx <- tagged(n, 0)
	var f Frame
	for _, tc := range []struct {
		s  PCMStream
		ch int
	}{{s1, 1}, {s3, 3}} {
		if err := tc.s.ReadFrame(&f); err != nil {
			t.Fatalf("channel %d: ReadFrame: %v", tc.ch, err)
		}
		if want := *taggedFrame(tc.ch * 1000); f != want {
			t.Errorf("channel %d: ReadFrame = %v...; want %v...", tc.ch, f[:3], want[:3])
		}
	}
	out := <-port.tx
	wants := []Frame{{}, *taggedFrame(-100), {}, *taggedFrame(-300)}
	for c, want := range wants {
		if got := channelOf(out, n, c); got != want {
			t.Errorf("period 1 towards the line, channel %d = %v...; want %v...", c, got[:3], want[:3])
		}
	}

	// Nobody wrote for the next period: silence on every channel.
	port.rx <- tagged(n, 0)
	out = <-port.tx
	for c := range n {
		if got := channelOf(out, n, c); got != (Frame{}) {
			t.Errorf("period 2 towards the line, channel %d = %v...; want silence", c, got[:3])
		}
	}
}

func TestTDMHighwaySlowReaderLosesOldest(t *testing.T) {
	const n = 2
	port := newMemPort()
	h, err := NewTDMHighway(port, n, &TDMOpts{Queue: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s, err := h.Stream(0)
	if err != nil {
		t.Fatal(err)
	}
	// Five periods while nobody reads: the highway keeps going.
	for k := range 5 {
		port.rx <- tagged(n, k*10000)
		<-port.tx
	}
	var f Frame
	for k := 2; k < 5; k++ {
		if err := s.ReadFrame(&f); err != nil {
			t.Fatal(err)
		}
		if f[0] != int16(k*10000) {
			t.Errorf("ReadFrame after falling behind = period %d; want period %d", f[0]/10000, k)
		}
	}
	if got := h.Lost(); got != 2 {
		t.Errorf("Lost() = %d after a reader lost 2 periods; want 2", got)
	}
	// A writer running ahead of the highway loses its newest frames.
	for k := range 5 {
		s.WriteFrame(taggedFrame(k))
	}
	if got := h.Lost(); got != 4 {
		t.Errorf("Lost() = %d after a writer overfilled a queue of 3 by 2; want 4", got)
	}
}

func TestTDMHighwayPortFails(t *testing.T) {
	port := newMemPort()
	port.fail = errors.New("device unplugged")
	h, err := NewTDMHighway(port, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s, _ := h.Stream(1)
	port.rx <- tagged(2, 0)
	<-port.tx
	close(port.rx)
	var f Frame
	// The frame captured before the failure is still delivered.
	if err := s.ReadFrame(&f); err != nil || f[0] != 1000 {
		t.Fatalf("ReadFrame = %d, %v; want the last captured frame", f[0], err)
	}
	if err := s.ReadFrame(&f); err == nil || !errors.Is(err, port.fail) {
		t.Errorf("ReadFrame after the port failed = %v; want %v", err, port.fail)
	}
	if err := s.WriteFrame(&f); !errors.Is(err, port.fail) {
		t.Errorf("WriteFrame after the port failed = %v; want %v", err, port.fail)
	}
	if _, err := h.Stream(0); !errors.Is(err, port.fail) {
		t.Errorf("Stream after the port failed = %v; want %v", err, port.fail)
	}
}

func TestTDMHighwayClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		port := newMemPort()
		h, err := NewTDMHighway(port, 8, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := h.Stream(5)
		if _, err := h.Stream(5); err == nil {
			t.Errorf("Stream(5) twice: no error")
		}
		s.Close()
		s, err = h.Stream(5)
		if err != nil {
			t.Fatalf("Stream(5) after closing its stream: %v", err)
		}
		res := make(chan error)
		go func() {
			var f Frame
			res <- s.ReadFrame(&f)
		}()
		synctest.Wait()
		select {
		case err := <-res:
			t.Fatalf("ReadFrame returned %v before any period", err)
		default:
		}
		if err := h.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-res; !errors.Is(err, ErrClosed) {
			t.Errorf("blocked ReadFrame after Close = %v; want ErrClosed", err)
		}
		if err := s.WriteFrame(&Frame{}); !errors.Is(err, ErrClosed) {
			t.Errorf("WriteFrame after Close = %v; want ErrClosed", err)
		}
		if _, err := h.Stream(0); !errors.Is(err, ErrClosed) {
			t.Errorf("Stream after Close = %v; want ErrClosed", err)
		}
	})
}

func TestTDMHighwayBadArguments(t *testing.T) {
	if _, err := NewTDMHighway(nil, 2, nil); err == nil {
		t.Errorf("NewTDMHighway(nil port): no error")
	}
	if _, err := NewTDMHighway(newMemPort(), 0, nil); err == nil {
		t.Errorf("NewTDMHighway(0 channels): no error")
	}
	h, err := NewTDMHighway(newMemPort(), 16, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, ch := range []int{-1, 16} {
		if _, err := h.Stream(ch); err == nil {
			t.Errorf("Stream(%d) on 16 channels: no error", ch)
		}
	}
}

func TestTDMChannel(t *testing.T) {
	tests := []struct {
		ts, bits, want int
		ok             bool
	}{
		{0, 16, 0, true},
		{6, 16, 3, true},
		{3, 16, 0, false},
		{3, 8, 3, true},
		{-1, 8, 0, false},
		{2, 12, 0, false},
	}
	for _, tc := range tests {
		got, err := TDMChannel(tc.ts, tc.bits)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("TDMChannel(%d, %d) = %d, %v; want %d, ok=%v", tc.ts, tc.bits, got, err, tc.want, tc.ok)
		}
	}
}

// BenchmarkTDMHighway32 measures one period of a 32-channel highway with
// every channel open, read and written.
func BenchmarkTDMHighway32(b *testing.B) {
	const n = 32
	port := newMemPort()
	h, err := NewTDMHighway(port, n, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	streams := make([]PCMStream, n)
	for c := range streams {
		streams[c], _ = h.Stream(c)
	}
	period := tagged(n, 0)
	var f Frame
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range streams {
			s.WriteFrame(&f)
		}
		port.rx <- period
		<-port.tx
		for _, s := range streams {
			s.ReadFrame(&f)
		}
	}
}
