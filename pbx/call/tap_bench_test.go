package call

import (
	"sync/atomic"
	"testing"
)

// countingTap counts the frames it hears.
type countingTap struct{ n atomic.Int64 }

func (t *countingTap) Tapped(caller bool, f *Frame) { t.n.Add(1) }

// BenchmarkPumpTapped is BenchmarkPump with a tap listening in: what
// recording adds to the pump per frame, besides the tap's own work.
func BenchmarkPumpTapped(b *testing.B) {
	var taken atomic.Int64
	full := make(chan struct{})
	n := int64(b.N)
	x := &endless{taken: &taken, limit: n, full: full}
	y := &endless{taken: &taken, limit: n, full: full}
	tap := &countingTap{}
	b.ReportAllocs()
	b.ResetTimer()
	p := startPump(x, y, tap, nil)
	<-full
	b.StopTimer()
	p.stop()
	if tap.n.Load() < n {
		b.Fatalf("the tap heard %d of %d frames", tap.n.Load(), n)
	}
}
