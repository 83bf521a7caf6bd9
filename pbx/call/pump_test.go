package call

import (
	"sync/atomic"
	"testing"
)

// endless is Audio that has a frame ready at once and counts what it is
// given, closing full once it has taken limit frames.
type endless struct {
	f     Frame
	taken *atomic.Int64
	limit int64
	full  chan struct{}
}

func (a *endless) ReadFrame(f *Frame) error { *f = a.f; return nil }

func (a *endless) WriteFrame(f *Frame) error {
	if a.taken.Add(1) == a.limit {
		close(a.full)
	}
	return nil
}

// BenchmarkPump measures the PCM pump per frame moved (both directions
// count), with Audio that never makes it wait: the pump's own cost.
func BenchmarkPump(b *testing.B) {
	var taken atomic.Int64
	full := make(chan struct{})
	n := int64(b.N)
	x := &endless{taken: &taken, limit: n, full: full}
	y := &endless{taken: &taken, limit: n, full: full}
	x.f[0], y.f[0] = 1, 2
	b.ReportAllocs()
	b.ResetTimer()
	p := startPump(x, y, nil, nil)
	<-full
	b.StopTimer()
	p.stop()
}
