package sim

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// Si3050 registers the emulation gives behaviour to (Si3050 data sheet,
// "Control Registers").
const (
	daaCtrl2      = 2  // INTE [7], RDI [2]
	daaIntMask    = 3  // RDTM [7], POLM [0]
	daaIntSource  = 4  // RDTI [7], POLI [0]; write 0 to clear
	daaCtrl1      = 5  // RDTN [6], RDTP [5], RDT [2], OH [0]
	daaCtrl2b     = 6  // PDL [4]: line-side device powered down
	daaRevision   = 11 // LSID [7:4], REVA [3:0]
	daaLineStatus = 12 // FDT [6], LCS [4:0]
	daaRingVal1   = 22 // RDLY[1:0] [7:6], RMX [5:0]
	daaRingVal2   = 23 // RDLY[2] [7], RTO [6:3], RCC [2:0]
	daaRingVal3   = 24 // RNGV [7], RAS [5:0]
	daaLoopI      = 28 // LCS2: loop current, 1.1 mA/LSB
	daaLineV      = 29 // LVS: line voltage, 1 V/LSB, two's complement
	daaPCM        = 33 // PCME [5], PCMF [4:3]
	daaPCMTXLo    = 34 // PCM transmit start count, PCLK cycles; 35 its high bits
	daaPCMRXHi    = 37 // PCM receive start count high bits; 36 its low byte
)

// DAA emulates a Si3050-class DAA (system side) with its line-side device
// at register level, on a PSTNLine. The ring detector implements the
// register-described ring validation: a burst counts only if its frequency
// lies inside the window set by RAS and RMX and it lasts the confirmation
// time RCC; RDT then stays set until the ring timeout RTO after the burst.
// Safe for concurrent use.
type DAA struct {
	clock hal.Clock
	name  string
	port  *SPIPort
	line  *PSTNLine
	irq   *Pin

	mu        sync.Mutex
	reg       [128]byte
	frame     []byte
	protoErrs []string

	fdt     bool
	ringGen int  // counts ring bursts seen, to match timers
	burstOn bool // the line rings now
	lastV   float64
	rdt     bool

	highwayBits int // channel width of the board's highway, 0 unchecked
}

// NewDAA returns a DAA in its reset state on line.
func NewDAA(clock hal.Clock, name string, line *PSTNLine) *DAA {
	d := &DAA{clock: hal.OrSystem(clock), name: name, line: line}
	if d.name == "" {
		d.name = "si3050"
	}
	d.reg[daaCtrl2] = 0x03
	d.reg[daaCtrl2b] = 0x10 // line side powered down
	d.reg[daaRevision] = 0x35
	d.port = NewSPIPort(d.name, d)
	line.attach(d)
	d.lineChanged()
	return d
}

// Port returns the SPI port the DAA sits on.
func (d *DAA) Port() *SPIPort { return d.port }

// ConnectIRQ wires the DAA's INT output to p: open drain, active low, so p
// is high (the board's pull-up) while no unmasked interrupt is pending.
func (d *DAA) ConnectIRQ(p *Pin) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.irq = p
	d.updateIRQLocked()
}

// Mode implements Slave.
func (d *DAA) Mode() spi.Mode { return spi.Mode3 }

// MaxHz implements Slave.
func (d *DAA) MaxHz() physic.Frequency { return 8 * physic.MegaHertz }

// Select implements Slave: a transaction is control, address, data in one
// chip-select frame.
func (d *DAA) Select() {
	d.mu.Lock()
	d.frame = d.frame[:0]
	d.mu.Unlock()
}

// Exchange implements Slave.
func (d *DAA) Exchange(b byte) byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.frame = append(d.frame, b)
	if len(d.frame) == 3 {
		ctrl, addr := d.frame[0], d.frame[1]&0x7f
		if ctrl&0x20 == 0 {
			d.protoErrs = append(d.protoErrs, fmt.Sprintf("control byte 0x%02x without bit 5", ctrl))
			return 0xff
		}
		if ctrl&0x40 != 0 {
			return d.readLocked(addr)
		}
		d.writeLocked(addr, b)
		d.updateIRQLocked()
	}
	return 0xff
}

// Deselect implements Slave.
func (d *DAA) Deselect() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n := len(d.frame); n != 3 && n != 0 {
		d.protoErrs = append(d.protoErrs, fmt.Sprintf("chip-select frame of %d bytes; want control, address, data", n))
	}
}

// ProtocolErrors returns the SPI framing errors seen so far.
func (d *DAA) ProtocolErrors() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.protoErrs...)
}

// Reg returns register r, for tests.
func (d *DAA) Reg(r byte) byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.readLocked(r & 0x7f)
}

func (d *DAA) readLocked(r byte) byte {
	st := d.line.state()
	switch r {
	case daaCtrl1:
		v := d.reg[r] & 0x09 // OH, ONHM
		if d.rdt {
			v |= 0x04
		}
		if st.ringing {
			v |= 0x60 // RDTP, RDTN: ring half-cycles present
		}
		return v
	case daaLineStatus:
		if d.fdt {
			return 0x40 | byte(math.Min(31, st.mA/3.3))
		}
		return 0
	case daaLoopI:
		if !d.fdt || d.reg[daaCtrl1]&1 == 0 {
			return 0
		}
		return byte(math.Min(255, st.mA/1.1))
	case daaLineV:
		if !d.fdt {
			return 0
		}
		return byte(int8(math.Max(-127, math.Min(127, math.Round(st.volts)))))
	}
	return d.reg[r]
}

func (d *DAA) writeLocked(r, v byte) {
	switch r {
	case daaRevision, daaLineStatus, daaLoopI, daaLineV:
		return
	case daaIntSource:
		d.reg[r] &= v // bits are cleared by writing 0
		return
	case daaCtrl1:
		d.reg[r] = v & 0x09
		d.line.setSeized(v&1 != 0 && d.fdt)
		d.lineChangedLocked()
		return
	case daaCtrl2b:
		d.reg[r] = v
		if v&0x10 == 0 && !d.fdt {
			// The isolation link needs a few ms to frame-lock.
			d.clock.AfterFunc(10*time.Millisecond, func() {
				d.mu.Lock()
				d.fdt = d.reg[daaCtrl2b]&0x10 == 0
				d.lineChangedLocked()
				d.mu.Unlock()
			})
		} else if v&0x10 != 0 {
			d.fdt = false
		}
		return
	case daaPCM:
		d.reg[r] = v
		if _, bad := d.pcmLocked(); bad != "" {
			d.protoErrs = append(d.protoErrs, bad)
		}
		return
	}
	d.reg[r] = v
}

// SetHighwayWidth tells the DAA the width of the board's PCM channels (8
// or 16 bits): enabling PCM in a format of another width is then recorded
// as a protocol error.
func (d *DAA) SetHighwayWidth(bits int) {
	d.mu.Lock()
	d.highwayBits = bits
	d.mu.Unlock()
}

// PCM returns the PCM format and start counts the driver set.
func (d *DAA) PCM() PCMSetup {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, _ := d.pcmLocked()
	return p
}

func (d *DAA) pcmLocked() (PCMSetup, string) {
	var counts [4]byte
	copy(counts[:], d.reg[daaPCMTXLo:daaPCMRXHi+1])
	return decodePCM(d.reg[daaPCM], counts, -1, d.highwayBits)
}

// ringWindow decodes the ring validation registers: the minimum and
// maximum ring frequency (from RAS and RMX, 2 ms units: a TIP/RING event
// every half-cycle), the confirmation time RCC and the timeout RTO.
func (d *DAA) ringWindow() (fmin, fmax float64, rcc, rto time.Duration, on bool) {
	ras := float64(d.reg[daaRingVal3] & 0x3f)
	rmx := float64(d.reg[daaRingVal1] & 0x3f)
	on = d.reg[daaRingVal3]&0x80 != 0
	if ras == 0 {
		return 0, 0, 0, 0, false
	}
	fmin = 1 / (2 * ras * 0.002)
	// RAS − RMX is the shortest half-cycle in 2 ms units (data sheet,
	// register 22).
	if d := (ras - rmx) * 0.002; d > 0 {
		fmax = 1 / (2 * d)
	} else {
		fmax = math.Inf(1)
	}
	rccs := []time.Duration{100, 150, 200, 256, 384, 512, 640, 1024}
	rcc = rccs[d.reg[daaRingVal2]&7] * time.Millisecond
	rto = time.Duration(d.reg[daaRingVal2]>>3&0xf) * 128 * time.Millisecond
	if rto == 0 {
		rto = 80 * time.Millisecond
	}
	return fmin, fmax, rcc, rto, on
}

func (d *DAA) lineChanged() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lineChangedLocked()
}

// lineChangedLocked reacts to a change on the line or the hook: ring
// validation, polarity reversal interrupts.
func (d *DAA) lineChangedLocked() {
	st := d.line.state()
	if st.ringing != d.burstOn {
		d.burstOn = st.ringing
		d.ringGen++
		gen := d.ringGen
		fmin, fmax, rcc, rto, on := d.ringWindow()
		if st.ringing {
			valid := !on || (st.ringHz >= fmin && st.ringHz <= fmax)
			if valid && d.fdt {
				d.clock.AfterFunc(rcc, func() {
					d.mu.Lock()
					defer d.mu.Unlock()
					if gen == d.ringGen && d.burstOn && !d.rdt {
						d.rdt = true
						d.raise(0x80)
					}
				})
			}
		} else if d.rdt {
			d.clock.AfterFunc(rto, func() {
				d.mu.Lock()
				defer d.mu.Unlock()
				if gen == d.ringGen && !d.burstOn && d.rdt {
					d.rdt = false
					if d.reg[daaCtrl2]&0x04 != 0 { // RDI: interrupt at ring end too
						d.raise(0x80)
					}
				}
			})
		}
	}
	if d.fdt && st.volts != 0 && d.lastV != 0 && (st.volts > 0) != (d.lastV > 0) {
		d.raise(0x01) // POLI
	}
	if st.volts != 0 {
		d.lastV = st.volts
	}
}

// raise sets interrupt source bits (register 4). A source bit is set
// whether or not it is masked; INT follows the unmasked ones (Si306x data
// sheet, register 4: "If the RDTM (Register 3) and INTE (Register 2) bits
// are set a hardware interrupt occurs on the INT port").
func (d *DAA) raise(bits byte) {
	d.reg[daaIntSource] |= bits
	d.updateIRQLocked()
}

// updateIRQLocked drives INT: low while INTE (register 2 bit 7) is set and
// a source bit of register 4 is unmasked in register 3, high otherwise.
func (d *DAA) updateIRQLocked() {
	if d.irq == nil {
		return
	}
	if d.reg[daaCtrl2]&0x80 != 0 && d.reg[daaIntSource]&d.reg[daaIntMask] != 0 {
		d.irq.Set(gpio.Low)
	} else {
		d.irq.Set(gpio.High)
	}
}
