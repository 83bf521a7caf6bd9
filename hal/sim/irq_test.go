package sim

import (
	"testing"
	"testing/synctest"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

func TestPinEdges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := NewPin("int", gpio.High)
		p.Set(gpio.Low)
		if p.WaitForEdge(0) {
			t.Errorf("WaitForEdge before In asked for edges = true")
		}
		if err := p.In(gpio.PullUp, gpio.FallingEdge); err != nil {
			t.Fatal(err)
		}
		p.Set(gpio.High) // a rising edge: not asked for
		if p.WaitForEdge(time.Second) {
			t.Errorf("a rising edge woke a falling-edge wait")
		}
		p.Set(gpio.Low)
		p.Set(gpio.High)
		p.Set(gpio.Low) // two falling edges before the wait merge into one
		if !p.WaitForEdge(time.Second) || p.WaitForEdge(time.Second) {
			t.Errorf("two latched falling edges: want one true WaitForEdge, then a timeout")
		}
		go func() {
			time.Sleep(100 * time.Millisecond)
			p.Set(gpio.High)
			p.Set(gpio.Low)
		}()
		start := time.Now()
		if !p.WaitForEdge(-1) || time.Since(start) != 100*time.Millisecond {
			t.Errorf("WaitForEdge(-1) did not return at the edge 100 ms later (after %v)", time.Since(start))
		}
		go func() {
			time.Sleep(50 * time.Millisecond)
			p.Halt()
		}()
		if p.WaitForEdge(-1) {
			t.Errorf("WaitForEdge ended by Halt = true")
		}
	})
}

func TestSLICInterruptPin(t *testing.T) {
	pin := NewPin("int", gpio.Low)
	s := NewSLIC(&SLICOpts{IRQ: pin})
	if pin.Read() != gpio.High {
		t.Fatalf("INT = low after reset; want released (high)")
	}
	c, err := s.Port().Connect(4*physic.MegaHertz, spi.Mode3, 8)
	if err != nil {
		t.Fatal(err)
	}
	p := NewPhone(nil)
	s.Attach(p)
	regIO(t, c, 14, 0) // DC-DC on
	regIO(t, c, 64, 1) // forward active

	// Masked: the loop closure raises nothing.
	p.OffHook()
	if v := regIO(t, c, 0x80|19, 0); v != 0 || pin.Read() != gpio.High {
		t.Errorf("loop closure with its interrupt disabled: status 0x%02x, INT %v; want 0, high", v, pin.Read())
	}
	p.OnHook()

	regIO(t, c, 22, 0x02) // enable the loop closure interrupt
	p.OffHook()
	if v := regIO(t, c, 0x80|19, 0); v != 0x02 || pin.Read() != gpio.Low {
		t.Errorf("loop closure enabled: status 0x%02x, INT %v; want 0x02, low", v, pin.Read())
	}
	regIO(t, c, 19, 0x02) // write 1 to clear
	if pin.Read() != gpio.High {
		t.Errorf("INT still low after clearing the status")
	}
	// Disabling a pending source releases INT too.
	p.OnHook()
	if pin.Read() != gpio.Low {
		t.Fatalf("INT high after the on-hook loop change")
	}
	regIO(t, c, 22, 0)
	if pin.Read() != gpio.High {
		t.Errorf("INT low with every source disabled")
	}

	// A stuck source survives the clear.
	regIO(t, c, 22, 0x02)
	s.StickInterrupt(19, 0x02)
	regIO(t, c, 19, 0xff)
	if v := regIO(t, c, 0x80|19, 0); v != 0x02 || pin.Read() != gpio.Low {
		t.Errorf("stuck source after a clear: status 0x%02x, INT %v; want 0x02, low", v, pin.Read())
	}
}

// daaIO is one Si3050 transaction: control, address, data in one frame.
func daaIO(t *testing.T, c spi.Conn, write bool, reg, data byte) byte {
	t.Helper()
	ctrl := byte(0x60)
	if write {
		ctrl = 0x20
	}
	var r [3]byte
	if err := c.Tx([]byte{ctrl, reg, data}, r[:]); err != nil {
		t.Fatal(err)
	}
	return r[2]
}

func TestDAAInterruptPin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pin := NewPin("int", gpio.Low)
		line := NewPSTNLine(nil)
		d := NewDAA(nil, "", line)
		d.ConnectIRQ(pin)
		c, err := d.Port().Connect(4*physic.MegaHertz, spi.Mode3, 8)
		if err != nil {
			t.Fatal(err)
		}
		daaIO(t, c, true, 6, 0) // power up the line side
		time.Sleep(20 * time.Millisecond)
		daaIO(t, c, true, 2, 0x80|0x07) // INTE, RDI
		daaIO(t, c, true, 3, 0x80)      // ring detect unmasked, polarity masked
		if pin.Read() != gpio.High {
			t.Fatalf("INT low with nothing pending")
		}

		// Masked: a reversal sets POLI but does not pull INT.
		line.ReversePolarity()
		if v := daaIO(t, c, false, 4, 0); v != 0x01 || pin.Read() != gpio.High {
			t.Errorf("masked reversal: source 0x%02x, INT %v; want POLI set, INT high", v, pin.Read())
		}
		daaIO(t, c, true, 4, 0xfe) // a 0 clears, 1s keep
		if v := daaIO(t, c, false, 4, 0); v != 0 {
			t.Errorf("source after writing 0 to POLI = 0x%02x; want 0", v)
		}

		daaIO(t, c, true, 3, 0x81) // both unmasked
		line.ReversePolarity()
		if pin.Read() != gpio.Low {
			t.Errorf("unmasked reversal left INT high")
		}
		daaIO(t, c, true, 4, 0xfe)
		if pin.Read() != gpio.High {
			t.Errorf("INT low after clearing POLI")
		}

		// A valid ring raises RDTI after the confirmation time, and at its
		// end again (RDI).
		daaIO(t, c, true, 22, 14)
		daaIO(t, c, true, 23, 2<<3|2)
		daaIO(t, c, true, 24, 0x80|17)
		line.Burst(25, time.Second)
		time.Sleep(100 * time.Millisecond)
		if pin.Read() != gpio.High {
			t.Errorf("INT low before the ring was confirmed")
		}
		time.Sleep(150 * time.Millisecond)
		if v := daaIO(t, c, false, 4, 0); v != 0x80 || pin.Read() != gpio.Low {
			t.Errorf("ring confirmed: source 0x%02x, INT %v; want RDTI, low", v, pin.Read())
		}
		daaIO(t, c, true, 4, 0x7f)
		time.Sleep(1100 * time.Millisecond) // the burst ends at 1 s, RDT falls RTO (256 ms) later
		if v := daaIO(t, c, false, 4, 0); v != 0x80 || pin.Read() != gpio.Low {
			t.Errorf("ring ended: source 0x%02x, INT %v; want RDTI again, low", v, pin.Read())
		}

		// INTE off: nothing reaches INT.
		daaIO(t, c, true, 2, 0x07)
		if pin.Read() != gpio.High {
			t.Errorf("INT low with INTE off")
		}
	})
}
