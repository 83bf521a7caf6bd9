package call

import (
	"math"
	"testing"
	"time"
)

// TestRelayEarWindows: a relayed caller is heard for the whole of the
// first 10 s of the bridge, then for the last 4.5 s of every 30 s, and
// the detector starts afresh in each window, so that tone on both sides
// of a gap never adds up to one burst.
func TestRelayEarWindows(t *testing.T) {
	t0 := time.Now()
	r := &relayEar{e: newFaxEar(), start: t0}
	tests := []struct {
		at   time.Duration
		want bool
	}{
		{0, true}, {9900 * time.Millisecond, true}, {10 * time.Second, false}, {35 * time.Second, false},
		{35500 * time.Millisecond, true}, {39900 * time.Millisecond, true}, {40 * time.Second, false},
		{65 * time.Second, false}, {65500 * time.Millisecond, true}, {3577 * time.Second, true}, {3580 * time.Second, false},
	}
	for _, tc := range tests {
		if got := r.Wants(t0.Add(tc.at)); got != tc.want {
			t.Errorf("Wants(%v into the bridge) = %v; want %v", tc.at, got, tc.want)
		}
	}

	// 300 ms of CNG at the end of the first window and 300 ms at the
	// start of the next are two short runs, not a 600 ms burst.
	var tone, silence Frame
	for i := range tone {
		tone[i] = int16(8000 * math.Sin(2*math.Pi*1100*float64(i)/8000))
	}
	r = &relayEar{e: newFaxEar(), start: t0}
	say := func(from time.Duration, f *Frame, n int) {
		for i := range n {
			if r.Wants(t0.Add(from + time.Duration(i)*20*time.Millisecond)) {
				r.Hear(f)
			}
		}
	}
	say(9700*time.Millisecond, &tone, 15)
	say(35500*time.Millisecond, &tone, 15)
	say(35800*time.Millisecond, &silence, 50)
	if r.e.got.Load() {
		t.Error("two 300 ms halves of a tone across a gap were heard as CNG")
	}
	say(36800*time.Millisecond, &tone, 25) // a whole burst in the window
	say(37300*time.Millisecond, &silence, 10)
	if !r.e.got.Load() {
		t.Error("a 500 ms CNG burst inside a window was not heard")
	}
	if r.Wants(t0.Add(time.Second)) {
		t.Error("Wants after the tone was heard = true; want false: nothing more to hear")
	}
}
