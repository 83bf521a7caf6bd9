package recording

import (
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// TestWriterRecordsBothSides: two sides tapped at once, each with its own
// tone, end up on their own channels at their own levels, and the file
// appears under its name only when it is complete.
func TestWriterRecordsBothSides(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, "call/7", time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if want := "20261121-093000-call_7.wav"; w.Name() != want {
		t.Errorf("Name() = %q; want %q", w.Name(), want)
	}
	const frames = 250 // 5 s
	caller, callee := sine(440, 8000, frames), sine(1000, 2000, frames)
	// Each side says a frame per 20 ms, as a bridge's pump does, the
	// callee 7 ms behind the caller.
	synctest.Test(t, func(t *testing.T) {
		var wg sync.WaitGroup
		for side, tone := range map[bool][]call.Frame{true: caller, false: callee} {
			wg.Go(func() {
				if !side {
					time.Sleep(7 * time.Millisecond)
				}
				for i := range tone {
					w.Tapped(side, &tone[i])
					time.Sleep(call.FrameDuration)
				}
			})
		}
		wg.Wait()
	})
	if _, err := os.Stat(filepath.Join(dir, w.Name())); !os.IsNotExist(err) {
		t.Fatalf("the recording is under its final name before Close: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, w.Name()+partSuffix)); err != nil {
		t.Fatalf("no temporary file while recording: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, w.Name()+partSuffix)); !os.IsNotExist(err) {
		t.Errorf("the temporary file is left after Close: %v", err)
	}
	left, right := readStereo(t, filepath.Join(dir, w.Name()))
	if len(left) != frames*call.FrameSamples {
		t.Fatalf("%d samples a channel; want %d", len(left), frames*call.FrameSamples)
	}
	for _, c := range []struct {
		name    string
		samples []int16
		peak    float64
	}{{"left (caller)", left, 8000}, {"right (callee)", right, 2000}} {
		want := c.peak / math.Sqrt2
		if got := rms(c.samples); math.Abs(got-want) > want*0.01 {
			t.Errorf("%s RMS = %.0f; want %.0f", c.name, got, want)
		}
	}
	if w.Duration() != 5*time.Second {
		t.Errorf("Duration() = %v; want 5s", w.Duration())
	}
	if err := w.Close(); err == nil {
		t.Error("second Close: no error")
	}
}

// TestWriterSideThatStops: when one side stops saying anything, the other
// is still written, against silence, and nothing is lost at Close.
func TestWriterSideThatStops(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, "1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tone := sine(440, 8000, 100)
	for i := range tone {
		w.Tapped(true, &tone[i])
		if i < 20 {
			w.Tapped(false, &tone[i])
		}
	}
	if d := w.Duration(); d < (100-maxSkew-1)*call.FrameDuration {
		t.Errorf("written before Close: %v; want all but %d frames of 2s", d, maxSkew)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	left, right := readStereo(t, filepath.Join(dir, w.Name()))
	if len(left) != 100*call.FrameSamples {
		t.Fatalf("%d samples; want %d", len(left), 100*call.FrameSamples)
	}
	if got := rms(right[20*call.FrameSamples:]); got != 0 {
		t.Errorf("the stopped side's channel after it stopped has RMS %.0f; want silence", got)
	}
	if got := rms(left); got < 5000 {
		t.Errorf("the caller's channel has RMS %.0f; want the tone's 5657", got)
	}
}
