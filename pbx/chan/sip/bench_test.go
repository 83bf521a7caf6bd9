package sip

import (
	"context"
	"net/netip"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/media"
)

// startBenchChannel starts a channel with the relay switch and media
// (nil: none), and registers callee 102; it returns the channel and the
// two phones.
func startBenchChannel(b *testing.B, m NewMediaSession) (*Channel, *rawPhone, *rawPhone) {
	b.Helper()
	if m == nil {
		m = func() (MediaSession, error) { return newNullMedia(), nil }
	}
	sw := &relaySwitch{}
	c, err := New(Opts{Addr: "127.0.0.1:0", Store: newStore(b), MaxCalls: 1 << 20, Media: m})
	if err != nil {
		b.Fatal(err)
	}
	sw.c = c
	if err := c.Start(context.Background(), sw); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c.Stop(ctx)
	})
	caller, callee := newRawPhone(b, c, "101"), newRawPhone(b, c, "102")
	callee.register()
	return c, caller, callee
}

// cpuTime returns the CPU time the process used so far, user and system,
// in ns: unlike the wall time of ns/op it does not grow when other
// processes take the CPUs.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// memInUse returns the bytes of live heap after a collection, and of
// goroutine stacks.
func memInUse() (heap, stacks int64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc), int64(ms.StackInuse)
}

// BenchmarkCallCycle places one call after the other through the channel
// as load.sh does, without media: INVITE, 401, ACK, INVITE with
// credentials, the callee's 200, both ACKs, BYE and the callee's BYE with
// their 200s. cpu-ns/call is the process's CPU time per call, the box's
// and the phones'; allocs/op are every allocation of the process for one call,
// the raw phones' few included; retained-B/call is the heap still held
// per completed call a second after the cycles are done: transaction
// state kept for retransmissions (RFC 3261 section 17), which at 1000
// calls per second piles up for as long as it is kept.
func BenchmarkCallCycle(b *testing.B) {
	c, caller, callee := startBenchChannel(b, nil)
	caller.call(callee).hangup() // warm up
	waitIdle(b, c)
	before, _ := memInUse()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		caller.call(callee).hangup()
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/call")
	b.StopTimer()
	waitIdle(b, c)
	time.Sleep(2 * sip.T1) // what a round trip's grace holds is not what piles up
	after, _ := memInUse()
	b.ReportMetric(float64(after-before)/float64(b.N), "retained-B/call")
}

// BenchmarkHeldCall holds b.N calls up at once through the channel (no
// media) and reports the heap, goroutine stacks and goroutines each costs
// the box while up.
func BenchmarkHeldCall(b *testing.B) { benchmarkHeldCall(b, nil) }

// BenchmarkHeldCallMedia is BenchmarkHeldCall with pbx/media's RTP
// sessions (no RTP flows: the phones offer port 9), for the share of a
// held call that is the media's.
func BenchmarkHeldCallMedia(b *testing.B) {
	eng, err := media.NewEngine(media.Config{IP: netip.MustParseAddr("127.0.0.1"), PortMin: 30000, PortMax: 60000})
	if err != nil {
		b.Fatal(err)
	}
	benchmarkHeldCall(b, MediaFrom(eng))
}

func benchmarkHeldCall(b *testing.B, m NewMediaSession) {
	c, caller, callee := startBenchChannel(b, m)
	caller.call(callee).hangup()
	waitIdle(b, c)
	heap, stacks := memInUse()
	routines := runtime.NumGoroutine()
	calls := make([]*rawCall, 0, b.N)
	b.ResetTimer()
	for range b.N {
		calls = append(calls, caller.call(callee))
	}
	b.StopTimer()
	time.Sleep(2 * sip.T1) // as BenchmarkCallCycle
	heap2, stacks2 := memInUse()
	b.ReportMetric(float64(heap2-heap)/float64(b.N), "heap-B/call")
	b.ReportMetric(float64(stacks2-stacks)/float64(b.N), "stack-B/call")
	b.ReportMetric(float64(runtime.NumGoroutine()-routines)/float64(b.N), "goroutines/call")
	for _, rc := range calls {
		rc.hangup()
	}
	waitIdle(b, c)
}

// waitIdle waits until the channel has no legs left.
func waitIdle(b *testing.B, c *Channel) {
	b.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.calls.Load() != 0 || c.dialogs.Len() != 0 {
		if time.Now().After(deadline) {
			b.Fatalf("%d legs and %d dialogs left after the calls", c.calls.Load(), c.dialogs.Len())
		}
		time.Sleep(time.Millisecond)
	}
}
