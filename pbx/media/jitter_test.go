package media

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

var pcmu = findCodec("PCMU", 8000)

// frameCode is the µ-law code that fills the payload of frame i in the
// jitter tests, so that a played frame tells which packet it came from.
func frameCode(i int) byte { return byte(0x10 + i%96) }

// Outcomes of a played frame in jbSim.
const (
	playedSilence   = -1
	playedConcealed = -2
	playedOther     = -3
)

// jbSim drives a jitter buffer on a simulated clock: packet i of samples
// samples is sent at i*samples/8 ms and arrives delay(i) later (negative:
// lost); get runs every 20 ms from getFrom. It returns, per get, which
// packet's audio was played.
type jbSim struct {
	packets int
	samples int                           // per packet; 160 unless set
	delay   func(i int) time.Duration     // arrival after sending; < 0: lost
	ts      func(i int) uint32            // timestamp of packet i; nil: 1000 + i*samples
	getFrom time.Duration                 // first get
	wobble  func(k int) time.Duration     // optional: get k runs this much off its 20 ms grid
	gets    int                           // how many gets
	onGet   func(k int, jb *jitterBuffer) // optional probe after each get
}

func (s jbSim) run(t *testing.T) ([]int, *jitterBuffer) {
	t.Helper()
	if s.samples == 0 {
		s.samples = frameTS
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	jb := newJitterBuffer(t0)
	type arrival struct {
		at time.Duration
		i  int
	}
	var arr []arrival
	for i := range s.packets {
		d := s.delay(i)
		if d < 0 {
			continue
		}
		sent := time.Duration(i*s.samples) * sampleDur
		arr = append(arr, arrival{sent + d, i})
	}
	slices.SortStableFunc(arr, func(a, b arrival) int { return int(a.at - b.at) })
	var played []int
	var f call.Frame
	var prev call.Frame
	next := 0
	for k := range s.gets {
		now := s.getFrom + time.Duration(k)*frameDur
		if s.wobble != nil {
			now += s.wobble(k)
		}
		for next < len(arr) && arr[next].at <= now {
			i := arr[next].i
			ts := uint32(1000 + i*s.samples)
			if s.ts != nil {
				ts = s.ts(i)
			}
			p := make([]byte, s.samples)
			for j := range p {
				p[j] = frameCode(i)
			}
			jb.put(t0.Add(arr[next].at), pcmu, 42, ts, p)
			next++
		}
		jb.get(t0.Add(now), &f)
		played = append(played, identify(&f, &prev))
		prev = f
		if s.onGet != nil {
			s.onGet(k, jb)
		}
	}
	return played, jb
}

// identify says which packet frame f came from, given the frame before.
func identify(f, prev *call.Frame) int {
	if *f == (call.Frame{}) {
		return playedSilence
	}
	for i := range 96 {
		if f[0] == dsp.ULawDecode(frameCode(i)) && f[call.FrameSamples-1] == f[0] {
			return i
		}
	}
	if f[0] == prev[0]>>1 {
		return playedConcealed
	}
	return playedOther
}

// audible returns the played entries that are packets, in order.
func audible(played []int) []int {
	var out []int
	for _, p := range played {
		if p >= 0 {
			out = append(out, p)
		}
	}
	return out
}

// consecutive reports whether ps counts up by one (mod 96).
func consecutive(ps []int) bool {
	for i := 1; i < len(ps); i++ {
		if ps[i] != (ps[i-1]+1)%96 {
			return false
		}
	}
	return true
}

func TestJitterSteady(t *testing.T) {
	played, jb := jbSim{packets: 200, delay: func(int) time.Duration { return 5 * time.Millisecond },
		getFrom: 0, gets: 200}.run(t)
	a := audible(played)
	if len(a) < 195 || !consecutive(a) {
		t.Fatalf("played %v; want packets in order with no gaps", played)
	}
	if jb.stats.Concealed != 0 || jb.stats.Late != 0 {
		t.Errorf("stats %+v; want nothing concealed or late", jb.stats)
	}
	if d := jb.targetDelay(); d != 20*time.Millisecond {
		t.Errorf("target delay %v; want 20ms with no jitter", d)
	}
}

// TestJitterSteadyAtFrameEdge: when the reader's 20 ms ticks fall where
// the play point is a whole frame off the target, a wake-up a sample early
// or late must not make the buffer drop a frame and insert one by turns:
// every such pair loses 20 ms of audio and plays a concealment, which cost
// G.722-to-PCMU calls a third of their audio on a busy box.
func TestJitterSteadyAtFrameEdge(t *testing.T) {
	// Packets arrive 5 ms after they are sent; reads at getFrom put the
	// play point exactly on an edge of the dead band the old buffer had.
	tests := []struct {
		name    string
		getFrom time.Duration
	}{
		{"a frame behind the target", 25 * time.Millisecond},
		{"on the target", 5 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			played, jb := jbSim{packets: 500, delay: func(int) time.Duration { return 5 * time.Millisecond },
				getFrom: tc.getFrom, gets: 495, wobble: func(k int) time.Duration {
					if k%2 == 0 {
						return 2 * sampleDur // woke two samples late
					}
					return -2 * sampleDur
				}}.run(t)
			if moves := jb.stats.Dropped + jb.stats.Inserted; moves > 1 {
				t.Errorf("%d frames dropped and %d inserted on a steady stream; want at most one in all", jb.stats.Dropped, jb.stats.Inserted)
			}
			if a := audible(played); len(a) < 490 || !consecutive(a) {
				t.Errorf("played %v; want every packet in order", played)
			}
		})
	}
}

func TestJitterReorder(t *testing.T) {
	played, jb := jbSim{packets: 100, delay: func(i int) time.Duration {
		switch i {
		case 40:
			return 25 * time.Millisecond // arrives after 41
		case 41:
			return 2 * time.Millisecond
		}
		return 2 * time.Millisecond
	}, gets: 100}.run(t)
	if a := audible(played); !consecutive(a) || !slices.Contains(a, 40) || !slices.Contains(a, 41) {
		t.Fatalf("played %v; want 40 and 41 in order", played)
	}
	if jb.stats.Late != 0 || jb.stats.Concealed != 0 {
		t.Errorf("stats %+v; want none late or concealed", jb.stats)
	}
}

func TestJitterLoss(t *testing.T) {
	tests := []struct {
		name string
		lost []int
		want []int // what is played from packet 49 on
	}{
		{"single loss is concealed", []int{50}, []int{49, playedConcealed, 51, 52}},
		{"two losses: concealed then silence", []int{50, 51}, []int{49, playedConcealed, playedSilence, 52, 53}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			played, jb := jbSim{packets: 100, delay: func(i int) time.Duration {
				if slices.Contains(tc.lost, i) {
					return -1
				}
				return 3 * time.Millisecond
			}, gets: 100}.run(t)
			k := slices.Index(played, 49)
			if k < 0 || k+len(tc.want) > len(played) {
				t.Fatalf("played %v", played)
			}
			if got := played[k : k+len(tc.want)]; !slices.Equal(got, tc.want) {
				t.Errorf("played %v around the loss; want %v", got, tc.want)
			}
			if jb.stats.Concealed != int64(len(tc.lost)) {
				t.Errorf("concealed %d; want %d", jb.stats.Concealed, len(tc.lost))
			}
		})
	}
}

func TestJitterLatePacketRaisesTarget(t *testing.T) {
	played, jb := jbSim{packets: 150, delay: func(i int) time.Duration {
		if i == 60 {
			return 120 * time.Millisecond // a spike: late at 20 ms target
		}
		return 2 * time.Millisecond
	}, gets: 150}.run(t)
	if jb.stats.Late != 1 {
		t.Errorf("late %d; want 1 (packet 60)", jb.stats.Late)
	}
	if slices.Contains(played, 60) {
		t.Errorf("late packet 60 was played: %v", played)
	}
	if d := jb.targetDelay(); d < 100*time.Millisecond || d > 200*time.Millisecond {
		t.Errorf("target after a 120 ms spike %v; want 100 to 200 ms", d)
	}
	if jb.stats.Inserted == 0 {
		t.Error("no frames inserted to grow the delay")
	}
}

func TestJitterAdapts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rough = 1500 // packets with 0-60 ms jitter, then calm
	var peak, end time.Duration
	played, jb := jbSim{packets: 3000, delay: func(i int) time.Duration {
		if i < rough {
			return time.Duration(rng.IntN(60)) * time.Millisecond
		}
		return 5 * time.Millisecond
	}, gets: 3000, onGet: func(k int, jb *jitterBuffer) {
		if k == rough-1 {
			peak = jb.targetDelay()
		}
		end = jb.targetDelay()
	}}.run(t)
	if peak < 40*time.Millisecond || peak > 120*time.Millisecond {
		t.Errorf("target with 0-60 ms jitter %v; want 40 to 120 ms", peak)
	}
	if end > 30*time.Millisecond {
		t.Errorf("target after 30 s calm %v; want back near 20 ms", end)
	}
	late := jb.stats.Late
	if late > rough/50 {
		t.Errorf("%d of %d packets late; want under 2%%", late, rough)
	}
	if a := audible(played); len(a) < 2900 {
		t.Errorf("only %d of 3000 frames audible", len(a))
	}
}

func TestJitterBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var hi time.Duration
	_, _ = jbSim{packets: 1000, delay: func(int) time.Duration {
		return time.Duration(rng.IntN(600)) * time.Millisecond
	}, gets: 1100, onGet: func(_ int, jb *jitterBuffer) { hi = max(hi, jb.targetDelay()) }}.run(t)
	if hi != 200*time.Millisecond {
		t.Errorf("highest target with 0-600 ms jitter %v; want the 200 ms bound", hi)
	}
}

func TestJitterPacketSizes(t *testing.T) {
	// 30 ms packets (240 samples) still play as whole 20 ms frames.
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	jb := newJitterBuffer(t0)
	p := make([]byte, 240)
	for i := range p {
		p[i] = 0x20
	}
	var f call.Frame
	bad := 0
	for ms := 0; ms < 3000; ms++ {
		now := t0.Add(time.Duration(ms) * time.Millisecond)
		if ms%30 == 0 {
			jb.put(now, pcmu, 7, uint32(ms*8), p)
		}
		if ms%20 == 0 {
			jb.get(now, &f)
			if ms > 100 && f[0] != dsp.ULawDecode(0x20) {
				bad++
			}
		}
	}
	if bad > 0 || jb.stats.Concealed > 1 {
		t.Errorf("%d frames wrong, %d concealed with 30 ms packets", bad, jb.stats.Concealed)
	}
}

func TestJitterTimestampJump(t *testing.T) {
	played, _ := jbSim{packets: 200, delay: func(int) time.Duration { return 2 * time.Millisecond },
		ts: func(i int) uint32 {
			if i >= 100 {
				return uint32(900000 + i*160) // the source restarted its clock
			}
			return uint32(1000 + i*160)
		}, gets: 200}.run(t)
	a := audible(played)
	if len(a) < 190 {
		t.Fatalf("played %v; want audio before and after the jump", played)
	}
}
