package call

import (
	"math"
	"testing"
)

// TestFaxEarHearAllocs: the ear runs on the pump's per-frame path, so it
// allocates nothing per frame: through a CNG burst (1100 Hz, 500 ms), the
// silence after it, nor as it closes heard.
func TestFaxEarHearAllocs(t *testing.T) {
	var tone, silence Frame
	for i := range tone {
		tone[i] = int16(8000 * math.Sin(2*math.Pi*1100*float64(i)/8000))
	}
	e := newFaxEar()
	spare := []chan struct{}{make(chan struct{}), make(chan struct{}), make(chan struct{})}
	heard := 0
	allocs := testing.AllocsPerRun(1, func() {
		for range 25 { // 500 ms of CNG, reported once it ends
			e.hear(&tone)
		}
		for i := 0; i < 50 && !e.got.Load(); i++ {
			e.hear(&silence)
		}
		select {
		case <-e.heard:
			heard++
		default:
		}
		e.det.Reset()
		e.got.Store(false)
		e.heard, spare = spare[0], spare[1:]
	})
	if heard != 2 {
		t.Fatalf("the ear heard the CNG tone in %d of 2 runs; want 2", heard)
	}
	if allocs != 0 {
		t.Errorf("faxEar.hear allocates %v times over a run of silence and CNG; want 0", allocs)
	}
}
