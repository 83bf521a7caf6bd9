package sim

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/dsp"
)

// pcmStall is a time a frame loop stops, counted from the link's start,
// as when the OS or the Go scheduler gives the CPU to others.
type pcmStall struct{ at, d time.Duration }

// pcmLoop is one end of a link as a frame loop (a driver's, the lab's)
// drives it: every turn it reads a frame, hands it to hear, and writes
// what say makes of the turn (turns count from 1), unless say returns
// false. Before a turn it sleeps through a stall that has begun.
type pcmLoop struct {
	stalls []pcmStall
	say    func(turn int, f *hal.Frame) bool // nil: silence every turn
	hear   func(turn int, f *hal.Frame)      // nil: nothing listens
}

// run drives s until the link closes.
func (lp pcmLoop) run(s hal.PCMStream, start time.Time) {
	stalls := slices.Clone(lp.stalls)
	var in, out hal.Frame
	for turn := 1; ; turn++ {
		for len(stalls) > 0 && time.Since(start) >= stalls[0].at {
			time.Sleep(time.Until(start.Add(stalls[0].at + stalls[0].d)))
			stalls = stalls[1:]
		}
		if s.ReadFrame(&in) != nil {
			return
		}
		if lp.hear != nil {
			lp.hear(turn, &in)
		}
		out = hal.Frame{}
		if lp.say == nil || lp.say(turn, &out) {
			if s.WriteFrame(&out) != nil {
				return
			}
		}
	}
}

// runLink runs box and world on a new link for d, then closes it and
// waits for both. Call it inside a synctest bubble.
func runLink(box, world pcmLoop, d time.Duration) {
	l := NewPCMLink(nil)
	start := time.Now()
	var wg sync.WaitGroup
	wg.Go(func() { box.run(l.Box(), start) })
	wg.Go(func() { world.run(l.World(), start) })
	time.Sleep(d)
	l.Box().Close()
	wg.Wait()
}

// numbered says its turn's number in the first sample of every frame.
func numbered(turn int, f *hal.Frame) bool {
	f[0] = int16(turn)
	return true
}

// heardNumbers is what a loop that hears numbered frames heard: the
// numbers, from the first on, and for each how many turns after the
// writer's it was heard (the link's latency in frames); and when it read
// each frame.
type heardNumbers struct {
	mu      sync.Mutex
	numbers []int16
	lags    []int
	reads   []time.Time
}

func (h *heardNumbers) hear(turn int, f *hal.Frame) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reads = append(h.reads, time.Now())
	if f[0] != 0 || len(h.numbers) > 0 {
		h.numbers = append(h.numbers, f[0])
		h.lags = append(h.lags, turn-int(f[0]))
	}
}

// check fails t unless the frames 1 to n were heard in order, none
// missing and no silence cut in, with the same latency after the
// stalls as before them.
func (h *heardNumbers) check(t *testing.T, n int) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.numbers) < n || !slices.Equal(h.numbers[:n], seq(n)) {
		t.Fatalf("heard %v; want frames 1 to %d in order", h.numbers, n)
	}
	if first, last := h.lags[0], h.lags[n-1]; first != last {
		t.Errorf("frame 1 was heard %d turns after it was written, frame %d %d turns after; want no latency added", first, n, last)
	}
}

// waits returns how long the reads came apart where that was more than a
// frame: where the reader waited for its frame.
func (h *heardNumbers) waits() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	var w []time.Duration
	for i := 1; i < len(h.reads); i++ {
		if d := h.reads[i].Sub(h.reads[i-1]); d > hal.FrameDuration {
			w = append(w, d)
		}
	}
	return w
}

// seq returns 1..n.
func seq(n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(i + 1)
	}
	return s
}

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
		// After its one frame the world stopped writing: the box waited
		// for the next by the slack once, and is back on its clock since,
		// hearing silence.
		if d, want := time.Since(start), 4*hal.FrameDuration+pcmSlack; d != want {
			t.Errorf("5 frames took %v; want %v", d, want)
		}
		for range 25 {
			if l.Box().ReadFrame(&got); got[0] != 0 {
				t.Errorf("frame not silence")
			}
		}
		if d, want := time.Since(start), 30*hal.FrameDuration; d != want {
			t.Errorf("30 frames took %v; want %v", d, want)
		}
		l.Box().Close()
		if err := l.World().ReadFrame(&got); err != hal.ErrClosed {
			t.Errorf("ReadFrame after Close = %v; want ErrClosed", err)
		}
	})
}

// TestPCMLinkSilentWriter: a side that never writes costs its reader no
// wait: the reader hears silence every 20 ms.
func TestPCMLinkSilentWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewPCMLink(nil)
		start := time.Now()
		var f hal.Frame
		for range 10 {
			if err := l.World().ReadFrame(&f); err != nil || f != (hal.Frame{}) {
				t.Fatalf("ReadFrame = %v, %v; want silence", f[0], err)
			}
		}
		if d, want := time.Since(start), 10*hal.FrameDuration+hal.FrameDuration/2; d != want {
			t.Errorf("10 frames took %v; want %v", d, want)
		}
	})
}

// TestPCMLinkStalls: one side's frame loop, or both, stop for a while, as
// a loaded machine makes them. The other side hears every frame of the
// stalled one in order, with no silence cut in and no latency added: no
// hardware, with one clock for both directions, would hear a gap there.
func TestPCMLinkStalls(t *testing.T) {
	const frames = 60 // the box's, numbered; the world hears them
	for _, tc := range []struct {
		name       string
		box, world []pcmStall
	}{
		{"box 60 ms", []pcmStall{{200 * time.Millisecond, 60 * time.Millisecond}}, nil},
		{"box 100 ms", []pcmStall{{200 * time.Millisecond, 100 * time.Millisecond}}, nil},
		{"box within the slack", []pcmStall{{203 * time.Millisecond, pcmSlack - 7*time.Millisecond}}, nil},
		{"box twice", []pcmStall{{200 * time.Millisecond, 90 * time.Millisecond}, {500 * time.Millisecond, 130 * time.Millisecond}}, nil},
		{"world 100 ms", nil, []pcmStall{{200 * time.Millisecond, 100 * time.Millisecond}}},
		// Both stop together (the whole process); either wakes first.
		{"both, world first", []pcmStall{{200 * time.Millisecond, 101 * time.Millisecond}}, []pcmStall{{200 * time.Millisecond, 100 * time.Millisecond}}},
		{"both, box first", []pcmStall{{200 * time.Millisecond, 100 * time.Millisecond}}, []pcmStall{{200 * time.Millisecond, 101 * time.Millisecond}}},
		{"both 400 ms", []pcmStall{{200 * time.Millisecond, 401 * time.Millisecond}}, []pcmStall{{200 * time.Millisecond, 400 * time.Millisecond}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var heard heardNumbers
				box := pcmLoop{stalls: tc.box, say: func(turn int, f *hal.Frame) bool {
					return turn > frames || numbered(turn, f)
				}}
				runLink(box, pcmLoop{stalls: tc.world, hear: heard.hear}, 2*time.Second)
				heard.check(t, frames)
			})
		})
	}
}

// TestPCMLinkCushionAfterLateStart: the box reads for half a second
// before the world starts to write (the lab starts after the drivers);
// the stream still starts with its cushion, so a later stall of the world
// about as long as the cushion costs the box no wait.
func TestPCMLinkCushionAfterLateStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var heard heardNumbers
		world := pcmLoop{
			stalls: []pcmStall{{0, 500 * time.Millisecond}, {time.Second, pcmCushionFrames*hal.FrameDuration + 5*time.Millisecond}},
			say:    numbered,
		}
		runLink(pcmLoop{hear: heard.hear}, world, 2*time.Second)
		heard.check(t, 50)
		if w := heard.waits(); len(w) > 0 {
			t.Errorf("the box's reads came apart by %v; want every read on its clock", w)
		}
	})
}

// TestPCMLinkStoppedWriter: the world writes ten frames and then stops
// writing while it keeps reading (an FXO line on-hook, a call over). The
// box hears the ten frames, then, one slack later, silence, and it reads
// on time again from then on.
func TestPCMLinkStoppedWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var heard heardNumbers
		world := pcmLoop{say: func(turn int, f *hal.Frame) bool { return turn <= 10 && numbered(turn, f) }}
		runLink(pcmLoop{hear: heard.hear}, world, 2*time.Second)
		heard.check(t, 10)
		if extra := heard.numbers[10:]; slices.ContainsFunc(extra, func(v int16) bool { return v != 0 }) {
			t.Errorf("after frame 10 the box heard %v; want silence", extra)
		}
		if waits := heard.waits(); len(waits) != 1 || waits[0] > hal.FrameDuration+pcmSlack {
			t.Errorf("the box's reads were apart by more than a frame %d times (%v); want once, by at most the slack", len(waits), waits)
		}
	})
}

// TestPCMLinkCloseWhileWaiting: a reader waiting for a late writer
// returns ErrClosed when the link closes.
func TestPCMLinkCloseWhileWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := NewPCMLink(nil)
		var f hal.Frame
		l.World().WriteFrame(&f)
		for range pcmCushionFrames + 1 {
			l.Box().ReadFrame(&f)
		}
		errc := make(chan error)
		go func() { errc <- l.Box().ReadFrame(&f) }()
		time.Sleep(hal.FrameDuration + pcmSlack/2)
		synctest.Wait()
		select {
		case err := <-errc:
			t.Fatalf("ReadFrame returned %v before the slack was over; want it waiting", err)
		default:
		}
		l.World().Close()
		if err := <-errc; err != hal.ErrClosed {
			t.Errorf("ReadFrame = %v; want ErrClosed", err)
		}
	})
}

// TestPCMLinkDTMFThroughStalls: a phone dials DTMF while its frame loop,
// or the box's, stops for up to the slack, at every phase of the digits'
// 80 ms on, 80 ms off. The box's detector hears every digit once.
func TestPCMLinkDTMFThroughStalls(t *testing.T) {
	const cadence = 160 * time.Millisecond // a digit and its pause
	for _, who := range []string{"world", "box", "both"} {
		for _, d := range []time.Duration{45 * time.Millisecond, 95 * time.Millisecond, 195 * time.Millisecond, pcmSlack - 5*time.Millisecond} {
			t.Run(fmt.Sprintf("%s %v", who, d), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					// The digits start at 230 ms, one every 160 ms. Eight
					// stalls, each at least 100 ms after the last ended,
					// begin 20 ms later in the cadence each.
					every := (d+100*time.Millisecond+cadence-1)/cadence*cadence + 20*time.Millisecond
					var stalls []pcmStall
					for i := range 8 {
						stalls = append(stalls, pcmStall{240*time.Millisecond + time.Duration(i)*every, d})
					}
					last := stalls[len(stalls)-1]
					digits := strings.Repeat("1029384756*#ABCD", 4)[:(last.at+last.d)/cadence+2]
					gen, err := dsp.NewDTMFGen(nil)
					if err != nil {
						t.Fatal(err)
					}
					if err := gen.Send(digits); err != nil {
						t.Fatal(err)
					}
					det, err := dsp.NewDTMFDetector(nil)
					if err != nil {
						t.Fatal(err)
					}
					var heard []byte
					var events []dsp.DTMFEvent
					box := pcmLoop{hear: func(_ int, f *hal.Frame) {
						events = det.Process(f[:], events[:0])
						for _, e := range events {
							if !e.End {
								heard = append(heard, e.Digit)
							}
						}
					}}
					world := pcmLoop{say: func(turn int, f *hal.Frame) bool {
						if turn > 10 { // the phone lifted, then dials
							gen.Generate(f[:])
						}
						return true
					}}
					if who != "box" {
						world.stalls = stalls
					}
					if who != "world" {
						box.stalls = stalls
					}
					runLink(box, world, last.at+last.d+time.Second)
					if string(heard) != digits {
						t.Errorf("the box heard %q; want %q", heard, digits)
					}
				})
			})
		}
	}
}
