package fxs

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/spi"
)

// readCounter is an spi.Conn that counts the driver's register reads.
type readCounter struct {
	spi.Conn
	mu    sync.Mutex
	reads map[byte]int
}

func (c *readCounter) TxPackets(p []spi.Packet) error {
	if len(p) > 0 && len(p[0].W) == 1 && p[0].W[0]&readBit != 0 {
		c.mu.Lock()
		c.reads[p[0].W[0]&^readBit]++
		c.mu.Unlock()
	}
	return c.Conn.TxPackets(p)
}

// take returns the reads counted since the last take, by register.
func (c *readCounter) take() map[byte]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.reads
	c.reads = map[byte]int{}
	return r
}

func total(m map[byte]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// irqRig is a driver on an emulated Si3210 whose INT output drives a pin
// the driver waits on.
type irqRig struct {
	rig
	pin   *sim.Pin
	count *readCounter
}

func newIRQRig(t *testing.T) *irqRig {
	t.Helper()
	pin := sim.NewPin("int", gpio.Low) // the pull-up is on the board: the chip sets it
	s := sim.NewSLIC(&sim.SLICOpts{IRQ: pin})
	p := sim.NewPhone(nil)
	s.Attach(p)
	count := &readCounter{Conn: s.Port().Conn(), reads: map[byte]int{}}
	d, err := New(count, &Opts{IRQ: pin})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	runDev(t, d, s)
	time.Sleep(time.Second)
	count.take()
	return &irqRig{rig: rig{slic: s, phone: p, dev: d, start: time.Now()}, pin: pin, count: count}
}

// quiet checks that the driver does not touch the chip for 10 s of an idle
// line: with the interrupt line it does not poll.
func (r *irqRig) quiet(t *testing.T, when string) {
	t.Helper()
	r.count.take()
	if evs := r.events(10 * time.Second); len(evs) != 0 {
		t.Errorf("%s: events %v on an idle line", when, kinds(evs))
	}
	if got := r.count.take(); total(got) != 0 {
		t.Errorf("%s: the driver read %v (register: reads) in 10 s of an idle line; want no reads", when, got)
	}
}

func TestInterruptHookAndRingTrip(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newIRQRig(t)
		if r.pin.Read() != gpio.High {
			t.Fatalf("INT is low after start-up with nothing pending")
		}
		r.quiet(t, "on-hook")

		lift := time.Now()
		r.phone.OffHook()
		e := <-r.dev.Events()
		if e.Kind != OffHook || e.At.Sub(lift) > DefaultOpts.PollInterval {
			t.Fatalf("event = %v at +%v; want off-hook at +0", e, e.At.Sub(lift))
		}
		if got := r.count.take(); got[regIntStatus2] == 0 {
			t.Errorf("off-hook seen without reading the interrupt status (reads %v)", got)
		}
		if r.pin.Read() != gpio.High {
			t.Errorf("INT still low after the driver serviced the interrupt")
		}
		r.quiet(t, "off-hook")

		if err := r.phone.Flash(context.Background(), 300*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if evs := r.events(2 * time.Second); len(evs) != 1 || evs[0].Kind != Flash {
			t.Errorf("events after a 300 ms flash = %v; want [flash]", kinds(evs))
		}
		if err := r.phone.PulseDial(context.Background(), "7", nil); err != nil {
			t.Fatal(err)
		}
		if evs := r.events(time.Second); len(evs) != 1 || evs[0].Kind != Digit || evs[0].Digit != '7' {
			t.Errorf("events after pulse-dialling 7 = %v; want [digit 7]", kinds(evs))
		}
		r.phone.OnHook()
		if evs := r.events(2 * time.Second); len(evs) != 1 || evs[0].Kind != OnHook {
			t.Errorf("events after hanging up = %v; want [on-hook]", kinds(evs))
		}
		r.quiet(t, "after hanging up")

		// Ringing plays its cadence without reads; answering trips it
		// through the ring trip interrupt.
		if err := r.dev.Ring(nil); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5500 * time.Millisecond)
		if got := r.count.take(); total(got) != 0 {
			t.Errorf("the driver read %v while ringing; want no reads", got)
		}
		r.phone.OffHook()
		if evs := r.events(time.Second); len(evs) != 1 || evs[0].Kind != OffHook {
			t.Fatalf("events after answering = %v; want [off-hook]", kinds(evs))
		}
		if r.phone.Ringing() || r.dev.Ringing() {
			t.Errorf("still ringing after the phone answered")
		}
	})
}

func TestInterruptStuckSourceIsMasked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newIRQRig(t)
		r.slic.StickInterrupt(regIntStatus2, intLoopClosure)
		time.Sleep(time.Second)
		got := r.count.take()
		if n := got[regIntStatus2]; n == 0 || n > maxServiceRounds {
			t.Errorf("the driver read the stuck status register %d times; want 1..%d", n, maxServiceRounds)
		}
		if v := r.slic.Reg(regIntEnable2); v&intLoopClosure != 0 {
			t.Errorf("interrupt enable 2 = 0x%02x; want the stuck loop closure source masked", v)
		}
		if r.pin.Read() != gpio.High {
			t.Errorf("INT held low by the stuck source after masking it")
		}
		// Polling takes over: the hook is still seen.
		r.phone.OffHook()
		if evs := r.events(time.Second); len(evs) != 1 || evs[0].Kind != OffHook {
			t.Errorf("events after lifting = %v; want [off-hook] by polling", kinds(evs))
		}
	})
}
