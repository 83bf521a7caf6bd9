package recording

import (
	"testing"
	"time"
)

// BenchmarkTapped measures a recorded frame time: one frame from each side
// written side by side, what a tapped bridge's pump pays per 20 ms.
func BenchmarkTapped(b *testing.B) {
	w, err := Create(b.TempDir(), "bench", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	tone := sine(440, 8000, 1)
	b.ReportAllocs()
	for b.Loop() {
		w.Tapped(true, &tone[0])
		w.Tapped(false, &tone[0])
	}
	b.StopTimer()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}
