package fxs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// SPIMode and MaxSPIHz are what cmd/ passes to spi.Port.Connect for a
// ProSLIC: mode 3, 8 bits per word. The data sheet allows a faster clock;
// 4 MHz leaves margin for a daughterboard connector.
const (
	SPIMode  = spi.Mode3
	MaxSPIHz = 4 * physic.MegaHertz
)

// Linefeed is a state of the linefeed interface (direct register 64 LF).
type Linefeed byte

// Linefeed states (data sheet, "Linefeed Interface").
const (
	Open          Linefeed = 0
	ForwardActive Linefeed = 1
	ForwardOHT    Linefeed = 2 // on-hook transmission, for caller ID
	TipOpen       Linefeed = 3
	RingingState  Linefeed = 4
	ReverseActive Linefeed = 5
	ReverseOHT    Linefeed = 6
	RingOpen      Linefeed = 7
)

func (l Linefeed) String() string {
	names := [...]string{"open", "forward active", "forward on-hook transmission", "tip open", "ringing", "reverse active", "reverse on-hook transmission", "ring open"}
	if int(l) < len(names) {
		return names[l]
	}
	return fmt.Sprintf("Linefeed(%d)", byte(l))
}

// Errors.
var (
	// ErrNoChip: nothing that answers like a ProSLIC on the connection.
	ErrNoChip = errors.New("fxs: no ProSLIC answering (check the chip select, SPI mode 3 and the reset line)")
	// ErrUnsupportedPart: a ProSLIC this driver does not drive.
	ErrUnsupportedPart = errors.New("fxs: unsupported ProSLIC part")
	// ErrForeignVoltage: voltage on tip or ring before the converter ran.
	ErrForeignVoltage = errors.New("fxs: foreign voltage on the line; disconnect the line and retry")
	// ErrCalibration: a calibration step did not finish or failed.
	ErrCalibration = errors.New("fxs: calibration failed")
	// ErrOffHookAtInit: a phone was off-hook during calibration.
	ErrOffHookAtInit = errors.New("fxs: phone off-hook during calibration; hang up and retry")
)

// Opts configures a Dev. Zero fields take the DefaultOpts value.
type Opts struct {
	// Clock drives every wait and timer; nil means hal.SystemClock.
	Clock hal.Clock
	// Logger receives diagnostics; nil means slog.Default().
	Logger *slog.Logger
	// Reset is the chip's active-low reset line; nil if the board resets
	// the chip itself. New holds it low 250 ms, then waits 250 ms.
	Reset gpio.PinOut
	// IRQ is the chip's INT line (open drain, active low), or nil to poll.
	// With it Run waits on its falling edge (hal.WatchIRQ) and reads the
	// chip only after an interrupt and while a hook change is timed.
	IRQ gpio.PinIn
	// Timeslot is the first 8-bit PCM slot of the port's audio, or -1 to
	// leave PCM off.
	Timeslot int
	// PCMLinear puts 16-bit linear samples on the highway, in Timeslot and
	// the slot after it (Timeslot even), instead of 8-bit µ-law. Set it
	// when the board's highway is 16-bit (hal.BoardProfile.PCMWidth 16).
	PCMLinear bool
	// Ringing is the default ringing (frequency, cadence) for Ring.
	Ringing Ringing
	// RingVpk is the ringing amplitude in volts peak.
	RingVpk float64
	// VBATH is the high battery voltage in volts (ringing needs more than
	// RingVpk), up to 94.5 V.
	VBATH float64
	// OnHookVoltage is the open-circuit tip-ring voltage in volts.
	OnHookVoltage float64
	// LoopCurrentLimit is the constant-current feed in mA (20..41).
	LoopCurrentLimit int
	// PollInterval is how often the loop status is read: always without
	// IRQ, with it only while a hook change is being timed.
	PollInterval time.Duration
	// Debounce is how long a hook state must hold to count. Pulse dialling
	// needs it below the shortest make (about 30 ms).
	Debounce time.Duration
	// FlashMin and FlashMax bound a hook flash: a shorter break is a dial
	// pulse, a longer one a hang-up.
	FlashMin, FlashMax time.Duration
	// InterDigit is the off-hook pause that ends a pulse-dialled digit.
	InterDigit time.Duration
	// EventBuffer is the capacity of the Events channel.
	EventBuffer int
}

// DefaultOpts are the defaults: Russian ringing (25 Hz, 1 s on / 4 s off)
// at 65 V peak, 48 V on-hook, 23 mA loop current, 5 ms polling, 20 ms
// debounce, flash window 100..800 ms, 300 ms inter-digit pause.
var DefaultOpts = Opts{
	Timeslot:         -1,
	Ringing:          Ringing{Hz: 25, Cadence: Cadence{time.Second, 4 * time.Second}},
	RingVpk:          65,
	VBATH:            75,
	OnHookVoltage:    48,
	LoopCurrentLimit: 23,
	PollInterval:     5 * time.Millisecond,
	Debounce:         20 * time.Millisecond,
	FlashMin:         100 * time.Millisecond,
	FlashMax:         800 * time.Millisecond,
	InterDigit:       300 * time.Millisecond,
	EventBuffer:      64,
}

func (o *Opts) withDefaults() Opts {
	r := DefaultOpts
	r.Timeslot = -1
	if o == nil {
		r.Clock, r.Logger = hal.SystemClock{}, slog.Default()
		return r
	}
	r.Clock, r.Logger, r.Reset, r.IRQ, r.Timeslot, r.PCMLinear = o.Clock, o.Logger, o.Reset, o.IRQ, o.Timeslot, o.PCMLinear
	if o.Ringing.Hz != 0 {
		r.Ringing = o.Ringing
	}
	set := func(dst *float64, v float64) {
		if v != 0 {
			*dst = v
		}
	}
	setD := func(dst *time.Duration, v time.Duration) {
		if v != 0 {
			*dst = v
		}
	}
	set(&r.RingVpk, o.RingVpk)
	set(&r.VBATH, o.VBATH)
	set(&r.OnHookVoltage, o.OnHookVoltage)
	if o.LoopCurrentLimit != 0 {
		r.LoopCurrentLimit = o.LoopCurrentLimit
	}
	setD(&r.PollInterval, o.PollInterval)
	setD(&r.Debounce, o.Debounce)
	setD(&r.FlashMin, o.FlashMin)
	setD(&r.FlashMax, o.FlashMax)
	setD(&r.InterDigit, o.InterDigit)
	if o.EventBuffer != 0 {
		r.EventBuffer = o.EventBuffer
	}
	r.Clock = hal.OrSystem(r.Clock)
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	return r
}

func (o *Opts) validate() error {
	switch {
	case o.Ringing.Hz < 15 || o.Ringing.Hz > 68:
		return fmt.Errorf("fxs: ringing frequency %g Hz: want 15..68", o.Ringing.Hz)
	case o.VBATH <= 0 || o.VBATH > 94.5:
		return fmt.Errorf("fxs: VBATH %g V: want up to 94.5", o.VBATH)
	case o.RingVpk <= 0 || o.RingVpk > o.VBATH:
		return fmt.Errorf("fxs: ringing %g Vpk: want up to VBATH (%g V)", o.RingVpk, o.VBATH)
	case o.OnHookVoltage <= 0 || o.OnHookVoltage > 63:
		return fmt.Errorf("fxs: on-hook voltage %g V: want up to 63", o.OnHookVoltage)
	case o.LoopCurrentLimit < 20 || o.LoopCurrentLimit > 41:
		return fmt.Errorf("fxs: loop current %d mA: want 20..41", o.LoopCurrentLimit)
	case o.Debounce >= o.FlashMin || o.FlashMin >= o.FlashMax:
		return fmt.Errorf("fxs: want Debounce (%v) < FlashMin (%v) < FlashMax (%v)", o.Debounce, o.FlashMin, o.FlashMax)
	case o.PollInterval <= 0 || o.PollInterval > o.Debounce:
		return fmt.Errorf("fxs: poll interval %v: want 0 < it <= Debounce", o.PollInterval)
	case o.Timeslot < -1 || o.Timeslot > 127:
		return fmt.Errorf("fxs: timeslot %d: want -1..127", o.Timeslot)
	case o.PCMLinear && o.Timeslot >= 0 && o.Timeslot%2 != 0:
		return fmt.Errorf("fxs: timeslot %d: 16-bit linear PCM takes two 8-bit slots and starts on an even one", o.Timeslot)
	}
	return o.Ringing.Cadence.Validate()
}

// Dev is one ProSLIC FXS port. Its methods are safe for concurrent use;
// Run must be running for hook events and ring trip to be seen.
type Dev struct {
	o    Opts
	part Part
	rev  byte

	mu       sync.Mutex // guards the bus and the fields below
	c        spi.Conn
	lf       Linefeed
	reversed bool
	ring     *ringer
	offHook  bool
	// intEnable mirrors the interrupt enable registers 21-23; irqStuck is
	// set once a source that would not clear was masked.
	intEnable [3]byte
	irqStuck  bool

	events chan Event
}

// New initialises the ProSLIC on c following the data sheet and AN35
// (reset, SPI check, identification, indirect registers, DC-DC start-up,
// calibration, linefeed set-up) and leaves the line in forward active. It
// takes from a few hundred ms to about 3 s of Opts.Clock time. c must be
// connected with SPIMode at no more than MaxSPIHz.
func New(c spi.Conn, o *Opts) (*Dev, error) {
	ctx := context.Background()
	opts := o.withDefaults()
	if err := opts.validate(); err != nil {
		return nil, err
	}
	d := &Dev{o: opts, c: c, events: make(chan Event, opts.EventBuffer)}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.init(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// String names the chip and connection.
func (d *Dev) String() string { return fmt.Sprintf("%s rev %c on %s", d.part, 'A'-1+d.rev, d.c) }

// Part returns the chip's part number.
func (d *Dev) Part() Part { return d.part }

// Events returns the channel of debounced hook events. Run sends on it; if
// nobody reads, Run blocks once it is full.
func (d *Dev) Events() <-chan Event { return d.events }

// Halt opens the line (no feed, no ringing). It implements conn.Resource.
func (d *Dev) Halt() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopRingLocked()
	return d.setLinefeedLocked(Open)
}

func (d *Dev) sleep(ctx context.Context, t time.Duration) error {
	return hal.Sleep(ctx, d.o.Clock, t)
}

// readReg reads a direct register: a control byte with the read bit, chip
// select released, then the data byte (data sheet, "Serial Peripheral
// Interface").
func (d *Dev) readReg(r byte) (byte, error) {
	var rx [1]byte
	err := d.c.TxPackets([]spi.Packet{{W: []byte{readBit | r}}, {W: []byte{0}, R: rx[:]}})
	if err != nil {
		return 0, fmt.Errorf("fxs: read reg %d: %w", r, err)
	}
	return rx[0], nil
}

func (d *Dev) writeReg(r, v byte) error {
	if err := d.c.TxPackets([]spi.Packet{{W: []byte{r &^ readBit}}, {W: []byte{v}}}); err != nil {
		return fmt.Errorf("fxs: write reg %d: %w", r, err)
	}
	return nil
}

// waitIndirect waits for the indirect access status (DR31 bit 0) to clear.
func (d *Dev) waitIndirect() error {
	for i := 0; i < 100; i++ {
		v, err := d.readReg(regIAS)
		if err != nil {
			return err
		}
		if v&1 == 0 {
			return nil
		}
	}
	return fmt.Errorf("fxs: indirect access stuck busy: %w", ErrNoChip)
}

// writeIndirect writes an indirect register: IDA low, IDA high, then the
// address into IAA.
func (d *Dev) writeIndirect(r byte, v uint16) error {
	if err := d.waitIndirect(); err != nil {
		return err
	}
	if err := d.writeReg(regIDALo, byte(v)); err != nil {
		return err
	}
	if err := d.writeReg(regIDAHi, byte(v>>8)); err != nil {
		return err
	}
	return d.writeReg(regIAA, r)
}

// readIndirect reads an indirect register: address into IAA, wait, read IDA.
func (d *Dev) readIndirect(r byte) (uint16, error) {
	if err := d.waitIndirect(); err != nil {
		return 0, err
	}
	if err := d.writeReg(regIAA, r); err != nil {
		return 0, err
	}
	if err := d.waitIndirect(); err != nil {
		return 0, err
	}
	lo, err := d.readReg(regIDALo)
	if err != nil {
		return 0, err
	}
	hi, err := d.readReg(regIDAHi)
	if err != nil {
		return 0, err
	}
	return uint16(hi)<<8 | uint16(lo), nil
}

// pollReg reads r every interval until done(v) or the timeout.
func (d *Dev) pollReg(ctx context.Context, r byte, interval, timeout time.Duration, done func(byte) bool) (byte, error) {
	deadline := d.o.Clock.Now().Add(timeout)
	for {
		v, err := d.readReg(r)
		if err != nil || done(v) {
			return v, err
		}
		if !d.o.Clock.Now().Before(deadline) {
			return v, fmt.Errorf("fxs: reg %d = 0x%02x after %v: %w", r, v, timeout, ErrCalibration)
		}
		if err := d.sleep(ctx, interval); err != nil {
			return v, err
		}
	}
}
