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

// Si3210 direct registers the emulation gives behaviour to (Si3210/11 data
// sheet, "Direct Register Summary"; initialisation per Silicon Labs AN35).
const (
	slicDRSPIMode    = 0  // part number [5:4], revision [3:0]
	slicDRPCMMode    = 1  // bit 7 reads 1 on the Si3215 family
	slicDRPCMTXLo    = 2  // PCM transmit start count, PCLK cycles; 3 its high bits
	slicDRPCMRXHi    = 5  // PCM receive start count high bits; 4 its low byte
	slicDRLoopback   = 8  // reads 0x02 after reset: SPI sanity check
	slicDRHybrid     = 11 // reads 0x33 after reset: SPI sanity check
	slicDRPowerDown1 = 14 // bit 4 powers the DC-DC converter down
	slicDRIntStatus1 = 18
	slicDRIntStatus2 = 19 // bit 0 ring trip, bit 1 loop closure
	slicDRIntStatus3 = 20 // bit 2 common-mode balance calibration error
	slicDRIntEnable1 = 21
	slicDRIntEnable2 = 22
	slicDRIntEnable3 = 23
	slicDRIDALo      = 28
	slicDRIDAHi      = 29
	slicDRIAA        = 30
	slicDRIAS        = 31 // bit 0: indirect access pending
	slicDRLinefeed   = 64 // LF [2:0] written, LFS [6:4] read back
	slicDRLoopStatus = 68 // bit 0 LCR, bit 1 RTP, bit 2 DBIRAW
	slicDRILim       = 71 // 20 mA + 3 mA/LSB
	slicDRVOC        = 72 // on-hook line voltage, 1.5 V/LSB
	slicDRVBATH      = 74 // high battery, 1.5 V/LSB
	slicDRVLoop      = 78 // tip-ring voltage sense, 376 mV/LSB
	slicDRILoop      = 79 // loop current sense, ILOOP[5:0], 1.25 mA/LSB
	slicDRVTip       = 80
	slicDRVRing      = 81
	slicDRVBATSense  = 82 // battery sense, 376 mV/LSB
	slicDRRingCalErr = 88 // nonzero until RING gain (DR98) is calibrated
	slicDRTipCalErr  = 89 // nonzero until TIP gain (DR99) is calibrated
	slicDRDCDCPWM    = 93 // bit 7 DCCAL: DC-DC calibration, self-clearing
	slicDRCal1       = 96 // calibration start/status, 0 when done
	slicDRRingGain   = 98
	slicDRTipGain    = 99
)

// Si3210 indirect registers for ringing (data sheet Table "Registers for
// Ringing Generation").
const (
	slicIRROFF = 19
	slicIRRCO  = 20
	slicIRRNGX = 21
	slicIRRNGY = 22
)

// Linefeed states, LF[2:0] of direct register 64.
const (
	lfOpen       = 0
	lfFwdActive  = 1
	lfFwdOHT     = 2
	lfTipOpen    = 3
	lfRinging    = 4
	lfRevActive  = 5
	lfRevOHT     = 6
	lfRingOpen   = 7
	vlsb         = 0.376 // V per LSB of the voltage sense registers
	loopResistor = 300.0 // ohms: phone DC resistance plus a short loop
)

// LoopCurrentLSB is the scale the emulation uses for direct register 79,
// in mA per LSB (6-bit field).
const LoopCurrentLSB = 1.25

// Part selects which ProSLIC the emulation claims to be.
type Part int

// Parts.
const (
	PartSi3210 Part = iota
	PartSi3215
)

// SLICOpts configures an emulated SLIC.
type SLICOpts struct {
	// Clock runs calibration and DC-DC start-up; nil means hal.SystemClock.
	Clock hal.Clock
	// Part is the part number the chip reports.
	Part Part
	// Name appears in messages.
	Name string
	// IRQ is the line the chip's INT output drives: open drain, active
	// low, so it is high (the board's pull-up) while no enabled interrupt
	// is pending. nil leaves INT unconnected.
	IRQ *Pin
}

// SLIC emulates a Si3210-class ProSLIC at register level. Connect a driver
// to Port(), attach a Phone with Attach. Safe for concurrent use.
type SLIC struct {
	clock hal.Clock
	name  string
	port  *SPIPort
	irq   *Pin

	mu sync.Mutex
	dr [128]byte
	ir [256]uint16

	// SPI framing: the ProSLIC takes one byte per chip-select frame; the
	// first frame is the control byte (bit 7 read, bits 6:0 address), the
	// second the data byte.
	frameBytes int
	haveCtrl   bool
	ctrl       byte
	idaHiSet   bool
	protoErrs  []string

	phone    *Phone
	lcr, rtp bool
	ringOn   bool
	ringFreq float64
	ringVpk  float64
	reversed bool
	dcdcOn   bool
	stuck    [3]byte // status bits of registers 18-20 that no write clears

	highwayBits int // channel width of the board's highway, 0 unchecked
}

// NewSLIC returns a SLIC in its reset state.
func NewSLIC(o *SLICOpts) *SLIC {
	var opts SLICOpts
	if o != nil {
		opts = *o
	}
	s := &SLIC{clock: hal.OrSystem(opts.Clock), name: opts.Name, irq: opts.IRQ}
	if s.name == "" {
		s.name = "si3210"
	}
	s.dr[slicDRSPIMode] = 0x05 // Si3210, revision E
	if opts.Part == PartSi3215 {
		s.dr[slicDRPCMMode] = 0x80
	}
	s.dr[slicDRLoopback] = 0x02
	s.dr[slicDRHybrid] = 0x33
	s.dr[slicDRPowerDown1] = 0x10
	s.dr[slicDRILim] = 0x00
	s.dr[slicDRVOC] = 0x20
	s.dr[slicDRVBATH] = 0x32
	s.dr[slicDRRingGain] = 0x10
	s.dr[slicDRTipGain] = 0x10
	s.port = NewSPIPort(s.name, s)
	s.updateIRQLocked()
	return s
}

// Port returns the SPI port the SLIC sits on.
func (s *SLIC) Port() *SPIPort { return s.port }

// Mode implements Slave: the ProSLIC clocks data on rising edges with SCLK
// idling high (SPI mode 3).
func (s *SLIC) Mode() spi.Mode { return spi.Mode3 }

// MaxHz implements Slave.
func (s *SLIC) MaxHz() physic.Frequency { return 16 * physic.MegaHertz }

// Select implements Slave.
func (s *SLIC) Select() {
	s.mu.Lock()
	s.frameBytes = 0
	s.mu.Unlock()
}

// Deselect implements Slave.
func (s *SLIC) Deselect() {}

// Exchange implements Slave.
func (s *SLIC) Exchange(b byte) byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.frameBytes++
	if s.frameBytes > 1 {
		// The ProSLIC needs chip select released between bytes; a second
		// byte in one frame is lost on the real chip.
		s.protoErrs = append(s.protoErrs, fmt.Sprintf("byte 0x%02x in the same chip-select frame as the previous byte", b))
		return 0xff
	}
	if !s.haveCtrl {
		s.ctrl = b
		s.haveCtrl = true
		return 0xff
	}
	s.haveCtrl = false
	reg := s.ctrl & 0x7f
	if s.ctrl&0x80 != 0 {
		return s.readLocked(reg)
	}
	s.writeLocked(reg, b)
	s.updateIRQLocked()
	return 0xff
}

// ProtocolErrors returns the SPI framing errors seen so far.
func (s *SLIC) ProtocolErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.protoErrs...)
}

// Reg returns direct register r, for tests.
func (s *SLIC) Reg(r byte) byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dr[r&0x7f]
}

// IndirectReg returns indirect register r, for tests.
func (s *SLIC) IndirectReg(r byte) uint16 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ir[r]
}

// Ringing reports whether ringing voltage is on the line, with its
// frequency in Hz and peak voltage.
func (s *SLIC) Ringing() (on bool, hz, vpk float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ringOn, s.ringFreq, s.ringVpk
}

// Attach connects p to the SLIC's tip and ring.
func (s *SLIC) Attach(p *Phone) {
	s.mu.Lock()
	s.phone = p
	s.mu.Unlock()
	p.connect(s)
	s.lineChanged()
}

func (s *SLIC) readLocked(r byte) byte {
	switch r {
	case slicDRLinefeed:
		lf := s.dr[r] & 7
		return lf<<4 | lf
	case slicDRLoopStatus:
		var v byte
		if s.lcr {
			v |= 1 | 4
		}
		if s.rtp {
			v |= 2
		}
		return v
	case slicDRIAS:
		return 0 // indirect accesses complete within one SPI frame here
	case slicDRVBATSense:
		if !s.dcdcOn {
			return 0
		}
		return byte(math.Min(255, float64(s.dr[slicDRVBATH])*1.5/vlsb))
	case slicDRVLoop:
		return byte(math.Min(255, s.loopVoltage()/vlsb))
	case slicDRILoop:
		return byte(math.Min(63, s.loopCurrent()/LoopCurrentLSB))
	case slicDRVTip, slicDRVRing:
		return 0 // no foreign voltage on the line
	case slicDRRingCalErr:
		if s.dr[slicDRRingGain] > 0x0a {
			return 1
		}
		return 0
	case slicDRTipCalErr:
		if s.dr[slicDRTipGain] > 0x0c {
			return 1
		}
		return 0
	}
	return s.dr[r]
}

func (s *SLIC) writeLocked(r, v byte) {
	switch r {
	case slicDRSPIMode, slicDRLoopStatus, slicDRVBATSense, slicDRVLoop, slicDRILoop, slicDRVTip, slicDRVRing, slicDRRingCalErr, slicDRTipCalErr:
		return // read-only
	case slicDRIntStatus1, slicDRIntStatus2, slicDRIntStatus3:
		s.dr[r] &^= v &^ s.stuck[r-slicDRIntStatus1] // write 1 to clear
		return
	case slicDRIDAHi:
		s.dr[r] = v
		s.idaHiSet = true
		return
	case slicDRIAA:
		// Writing the address after both data bytes writes the indirect
		// register; writing it alone reads it into IDA.
		if s.idaHiSet {
			s.ir[v] = uint16(s.dr[slicDRIDAHi])<<8 | uint16(s.dr[slicDRIDALo])
			s.idaHiSet = false
		} else {
			s.dr[slicDRIDALo] = byte(s.ir[v])
			s.dr[slicDRIDAHi] = byte(s.ir[v] >> 8)
		}
		s.dr[r] = v
		s.lineChangedLocked()
		return
	case slicDRPowerDown1:
		s.dr[r] = v
		s.dcdcOn = v&0x10 == 0
		return
	case slicDRDCDCPWM:
		s.dr[r] = v
		if v&0x80 != 0 {
			s.after(20*time.Millisecond, func() { s.dr[slicDRDCDCPWM] &^= 0x80 })
		}
		return
	case slicDRCal1:
		s.dr[r] = v
		if v != 0 {
			d := 200 * time.Millisecond
			if v == 0x40 {
				d = 100 * time.Millisecond
			}
			s.after(d, func() { s.dr[slicDRCal1] = 0 })
		}
		return
	case slicDRLinefeed:
		s.dr[r] = v & 7
		s.lineChangedLocked()
		return
	case slicDRPCMMode:
		s.dr[r] = v
		if _, bad := s.pcmLocked(); bad != "" {
			s.protoErrs = append(s.protoErrs, bad)
		}
		return
	}
	s.dr[r] = v
}

// SetHighwayWidth tells the SLIC the width of the board's PCM channels (8
// or 16 bits): enabling PCM in a format of another width is then recorded
// as a protocol error.
func (s *SLIC) SetHighwayWidth(bits int) {
	s.mu.Lock()
	s.highwayBits = bits
	s.mu.Unlock()
}

// PCM returns the PCM format and start counts the driver set.
func (s *SLIC) PCM() PCMSetup {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, _ := s.pcmLocked()
	return p
}

func (s *SLIC) pcmLocked() (PCMSetup, string) {
	var counts [4]byte
	copy(counts[:], s.dr[slicDRPCMTXLo:slicDRPCMRXHi+1])
	mode := s.dr[slicDRPCMMode]
	return decodePCM(mode, counts, int(mode>>2)&1, s.highwayBits)
}

// after runs f under the lock after d.
func (s *SLIC) after(d time.Duration, f func()) {
	s.clock.AfterFunc(d, func() {
		s.mu.Lock()
		f()
		s.updateIRQLocked()
		s.mu.Unlock()
	})
}

// StickInterrupt makes the status bits of interrupt status register reg
// (18, 19 or 20) set and never cleared by a write, as a failing chip or a
// pin shorted to ground does; bits 0 ends the fault. For tests of a
// driver's interrupt service.
func (s *SLIC) StickInterrupt(reg, bits byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if reg < slicDRIntStatus1 || reg > slicDRIntStatus3 {
		panic(fmt.Sprintf("sim: StickInterrupt: register %d is not an interrupt status register (18-20)", reg))
	}
	s.stuck[reg-slicDRIntStatus1] = bits
	s.dr[reg] |= bits
	s.updateIRQLocked()
}

// updateIRQLocked drives INT: low while a status bit of registers 18-20
// is set whose enable bit in registers 21-23 is set, released (high)
// otherwise (data sheet, "Interrupt Logic").
func (s *SLIC) updateIRQLocked() {
	if s.irq == nil {
		return
	}
	pending := s.dr[slicDRIntStatus1]&s.dr[slicDRIntEnable1] |
		s.dr[slicDRIntStatus2]&s.dr[slicDRIntEnable2] |
		s.dr[slicDRIntStatus3]&s.dr[slicDRIntEnable3]
	if pending != 0 {
		s.irq.Set(gpio.Low)
	} else {
		s.irq.Set(gpio.High)
	}
}

// ringSignal decodes the ringing oscillator registers: RCO = cos(2πf/1000)
// × 2^15 and RNGX = ¼·sqrt((1−c)/(1+c)) × Vpk/96 V × 2^15 (data sheet,
// "Sinusoidal Ringing"). It returns 0, 0 when the registers do not describe
// a ringing signal.
func (s *SLIC) ringSignal() (hz, vpk float64) {
	rco := float64(int16(s.ir[slicIRRCO])) / 32768
	rngx := float64(s.ir[slicIRRNGX]) / 32768
	if rco <= 0 || rco >= 1 || rngx == 0 {
		return 0, 0
	}
	hz = math.Acos(rco) * 1000 / (2 * math.Pi)
	vpk = rngx / (0.25 * math.Sqrt((1-rco)/(1+rco))) * 96
	if hz < 15 || hz > 100 {
		return 0, 0
	}
	// The ringing swing cannot exceed the high battery.
	vpk = math.Min(vpk, float64(s.dr[slicDRVBATH])*1.5)
	return hz, vpk
}

func (s *SLIC) linefeed() byte { return s.dr[slicDRLinefeed] & 7 }

func (s *SLIC) fed() bool {
	switch s.linefeed() {
	case lfFwdActive, lfFwdOHT, lfRevActive, lfRevOHT:
		return s.dcdcOn
	}
	return false
}

func (s *SLIC) loopVoltage() float64 {
	if !s.fed() {
		return 0
	}
	voc := float64(s.dr[slicDRVOC]) * 1.5
	if s.phone != nil && s.phone.isOffHook() {
		return math.Min(voc, s.loopCurrent()/1000*loopResistor)
	}
	return voc
}

func (s *SLIC) loopCurrent() float64 {
	if !s.fed() || s.phone == nil || !s.phone.isOffHook() {
		return 0
	}
	ilim := 20 + 3*float64(s.dr[slicDRILim]&0x7)
	voc := float64(s.dr[slicDRVOC]) * 1.5
	return math.Min(ilim, voc/loopResistor*1000)
}

func (s *SLIC) lineChanged() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lineChangedLocked()
}

// lineChangedLocked recomputes what the line does after a register write or
// a hook change: ringing, loop closure, ring trip, polarity, interrupts.
func (s *SLIC) lineChangedLocked() {
	now := s.clock.Now()
	offHook := s.phone != nil && s.phone.isOffHook()
	lf := s.linefeed()

	hz, vpk := 0.0, 0.0
	if lf == lfRinging && s.dcdcOn {
		hz, vpk = s.ringSignal()
	}
	ring := hz > 0
	if ring != s.ringOn || (ring && (hz != s.ringFreq || vpk != s.ringVpk)) {
		s.ringOn, s.ringFreq, s.ringVpk = ring, hz, vpk
		if s.phone != nil {
			s.phone.ringVoltage(now, ring, hz, vpk)
		}
	}

	// Ring trip: a phone off-hook while ringing draws DC loop current.
	rtp := ring && offHook
	lcr := !ring && offHook && s.fed()
	if rtp && !s.rtp && s.dr[slicDRIntEnable2]&0x01 != 0 {
		s.dr[slicDRIntStatus2] |= 0x01
	}
	if lcr != s.lcr && s.dr[slicDRIntEnable2]&0x02 != 0 {
		s.dr[slicDRIntStatus2] |= 0x02
	}
	s.rtp, s.lcr = rtp, lcr

	rev := lf == lfRevActive || lf == lfRevOHT
	if s.fed() && rev != s.reversed {
		s.reversed = rev
		if s.phone != nil {
			s.phone.polarity(now, rev)
		}
	}
	s.updateIRQLocked()
}
