package sim

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/gpio"
)

func TestPCMLinkPacing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewPCMLink(nil)
		var f hal.Frame
		f[0] = 1234
		if err := l.World().WriteFrame(&f); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		var got hal.Frame
		for i := 0; i < 5; i++ {
			if err := l.Box().ReadFrame(&got); err != nil {
				t.Fatal(err)
			}
			// The cushion's silence comes first, then the frame written.
			if i == pcmCushionFrames && got[0] != 1234 {
				t.Errorf("frame %d sample = %d; want 1234", i, got[0])
			}
			if i != pcmCushionFrames && got[0] != 0 {
				t.Errorf("frame %d not silence", i)
			}
		}
		if d := time.Since(start); d != 5*hal.FrameDuration {
			t.Errorf("5 frames took %v; want %v", d, 5*hal.FrameDuration)
		}
		l.Box().Close()
		if err := l.World().ReadFrame(&got); err != hal.ErrClosed {
			t.Errorf("ReadFrame after Close = %v; want ErrClosed", err)
		}
	})
}

// TestPCMLinkLateWriter: the box stalls for 60 ms (three frames) and then
// catches up; the world hears every frame in order with no silence cut in,
// because the late reader gets the frames it missed at once and the
// cushion covers the stall.
func TestPCMLinkLateWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewPCMLink(nil)
		heard := make(chan int16, 100)
		go func() {
			var f hal.Frame
			for l.World().ReadFrame(&f) == nil {
				heard <- f[0]
			}
			close(heard)
		}()
		var in, out hal.Frame
		for n := int16(1); n <= 20; n++ {
			if n == 8 {
				time.Sleep(3 * hal.FrameDuration) // the box is busy
			}
			if err := l.Box().ReadFrame(&in); err != nil {
				t.Fatal(err)
			}
			out[0] = n
			l.Box().WriteFrame(&out)
		}
		time.Sleep(10 * hal.FrameDuration)
		l.Box().Close()
		var got []int16
		for v := range heard {
			if v != 0 || len(got) > 0 { // from the first frame written on
				got = append(got, v)
			}
		}
		if len(got) < 20 {
			t.Fatalf("the world heard %v; want frames 1 to 20", got)
		}
		got = got[:20]
		for i, v := range got {
			if v != int16(i+1) {
				t.Fatalf("the world heard %v; want frames 1 to 20 in order", got)
			}
		}
	})
}

func TestWatchdog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := NewWatchdog(nil, time.Second)
		fired := make(chan struct{})
		w.mu.Lock()
		w.OnExpire = func() { close(fired) }
		w.mu.Unlock()
		for i := 0; i < 5; i++ {
			time.Sleep(900 * time.Millisecond)
			w.Kick()
		}
		if w.Expired() {
			t.Fatal("expired although kicked every 900 ms")
		}
		time.Sleep(1100 * time.Millisecond)
		<-fired
		if !w.Expired() {
			t.Fatal("did not expire")
		}
		w2 := NewWatchdog(nil, time.Second)
		w2.Close()
		time.Sleep(2 * time.Second)
		if w2.Expired() {
			t.Error("expired after the magic close")
		}
	})
}

func TestPins(t *testing.T) {
	var ps Pins
	if ps.Pin("sim:a") != ps.Pin("a") {
		t.Fatal("sim:a and a are different pins")
	}
	ps.Pin("a").Out(gpio.High)
	if ps.Pin("a").Read() != gpio.High {
		t.Fatal("level lost")
	}
}

// pcmStall runs a box that writes numbered frames and a world that
// records what it hears; each stops once, for 100 ms from its stall time
// (the box 1 ms longer), as when the OS gives the CPU to others. It
// returns what the world heard from the first frame written on.
func pcmStall(t *testing.T, boxStallAt, worldStallAt time.Duration) []int16 {
	t.Helper()
	const stall = 100 * time.Millisecond
	l := NewPCMLink(nil)
	start := time.Now()
	heard := make(chan int16, 200)
	go func() {
		var f hal.Frame
		stalled := false
		for {
			if !stalled && time.Since(start) >= worldStallAt {
				stalled = true
				time.Sleep(time.Until(start.Add(worldStallAt + stall)))
			}
			if l.World().ReadFrame(&f) != nil {
				break
			}
			heard <- f[0]
		}
		close(heard)
	}()
	var in, out hal.Frame
	stalled := false
	for n := int16(1); n <= 40; n++ {
		if !stalled && time.Since(start) >= boxStallAt {
			stalled = true
			// The world, when it stalls too, wakes first.
			time.Sleep(time.Until(start.Add(boxStallAt + stall + time.Millisecond)))
		}
		if err := l.Box().ReadFrame(&in); err != nil {
			t.Fatal(err)
		}
		out[0] = n
		l.Box().WriteFrame(&out)
	}
	time.Sleep(10 * hal.FrameDuration)
	l.Box().Close()
	var got []int16
	for v := range heard {
		if v != 0 || len(got) > 0 {
			got = append(got, v)
		}
	}
	return got
}

// TestPCMLinkSharedStall: the box and the world stall together for 100 ms
// (five frames, more than the cushion) and the world wakes first. The
// world hears frames 1 to 40 in order with no silence cut in: no hardware
// would hear a gap when the simulated world itself was not running.
func TestPCMLinkSharedStall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := pcmStall(t, 200*time.Millisecond, 200*time.Millisecond)
		if len(got) < 40 {
			t.Fatalf("the world heard %v; want frames 1 to 40", got)
		}
		for i, v := range got[:40] {
			if v != int16(i+1) {
				t.Fatalf("the world heard %v; want frames 1 to 40 in order", got)
			}
		}
	})
}

// TestPCMLinkLateBox: the box alone stalls for 100 ms while the world
// keeps its clock; that is longer than the cushion, so the world hears a
// gap of silence, as a real PCM interface would.
func TestPCMLinkLateBox(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := pcmStall(t, 200*time.Millisecond, time.Hour)
		if !slices.Contains(got, 0) {
			t.Fatalf("the world heard %v; want a gap of silence while the box stalled", got)
		}
		if len(got) < 40 || !slices.Equal(slices.DeleteFunc(slices.Clone(got), func(v int16) bool { return v == 0 })[:40], seq(40)) {
			t.Fatalf("the world heard %v; want frames 1 to 40 in order around the gap", got)
		}
	})
}

// seq returns 1..n.
func seq(n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(i + 1)
	}
	return s
}
