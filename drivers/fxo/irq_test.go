package fxo

import (
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

func (c *readCounter) Tx(w, r []byte) error {
	if len(w) == 3 && w[0]&ctrlRead != 0 {
		c.mu.Lock()
		c.reads[w[1]]++
		c.mu.Unlock()
	}
	return c.Conn.Tx(w, r)
}

func (c *readCounter) take() map[byte]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.reads
	c.reads = map[byte]int{}
	return r
}

// newIRQRig is a driver on an emulated DAA whose INT output drives the pin
// the driver waits on.
func newIRQRig(t *testing.T, o Opts) (*rig, *sim.Pin, *readCounter) {
	t.Helper()
	pin := sim.NewPin("int", gpio.Low)
	line := sim.NewPSTNLine(nil)
	daa := sim.NewDAA(nil, "", line)
	daa.ConnectIRQ(pin)
	count := &readCounter{Conn: daa.Port().Conn(), reads: map[byte]int{}}
	o.IRQ = pin
	d, err := New(count, &o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	runDev(t, d, daa)
	time.Sleep(time.Second)
	count.take()
	return &rig{line: line, daa: daa, dev: d}, pin, count
}

func TestInterruptRingAndReversal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The line voltage is read once an hour: ring detect and
		// reversals must come through the interrupt.
		r, pin, count := newIRQRig(t, Opts{MonitorInterval: time.Hour})
		if pin.Read() != gpio.High {
			t.Fatalf("INT low after start-up with nothing pending")
		}
		if evs := r.events(10 * time.Second); len(evs) != 0 {
			t.Errorf("events on an idle line: %v", evs)
		}
		if got := count.take(); len(got) != 0 {
			t.Errorf("the driver read %v (register: reads) in 10 s of an idle line; want none", got)
		}

		start := time.Now()
		r.line.Ring(25, []time.Duration{time.Second, 4 * time.Second})
		evs := r.events(7 * time.Second) // rings at 0 and 5 s
		rings, starts := only(evs, Ring), only(evs, RingStart)
		if len(rings) != 2 || len(starts) != 2 || len(evs) != 4 {
			t.Fatalf("events = %v; want 2 ring-start and 2 ring", evs)
		}
		for i, e := range rings {
			if e.Duration != time.Second || e.At.Sub(start) != time.Duration(i)*5*time.Second {
				t.Errorf("ring %d: %v at +%v; want 1 s at +%v, timed by the interrupt", i, e.Duration, e.At.Sub(start), time.Duration(i)*5*time.Second)
			}
		}
		if got := count.take(); got[regIntSource] == 0 {
			t.Errorf("rings seen without reading the interrupt source (reads %v)", got)
		}
		r.line.StopRinging()
		time.Sleep(time.Second)
		count.take()

		// A 50 ms burst is rejected by the chip: no interrupt, no read.
		r.line.Burst(25, 50*time.Millisecond)
		if evs := r.events(2 * time.Second); len(evs) != 0 {
			t.Errorf("events after a 50 ms burst: %v", evs)
		}
		if got := count.take(); len(got) != 0 {
			t.Errorf("the driver read %v after a burst the chip rejected; want none", got)
		}

		r.line.ReversePolarity()
		if evs := r.events(time.Second); len(evs) != 1 || evs[0].Kind != Reversal {
			t.Errorf("events after a reversal = %v; want [reversal]", evs)
		}
		if pin.Read() != gpio.High {
			t.Errorf("INT still low after the driver serviced it")
		}
	})
}

func TestInterruptLineMonitor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r, _, count := newIRQRig(t, Opts{})
		r.line.SetParallelPhone(true)
		if evs := r.events(3 * time.Second); len(evs) != 1 || evs[0].Kind != LineInUse {
			t.Errorf("events with a parallel phone off-hook = %v; want [line-in-use] from the 1 s line monitor", evs)
		}
		count.take()
		time.Sleep(10 * time.Second)
		if n := count.take()[regLineV]; n < 9 || n > 11 {
			t.Errorf("line voltage read %d times in 10 s; want about 10 (every MonitorInterval)", n)
		}
	})
}
