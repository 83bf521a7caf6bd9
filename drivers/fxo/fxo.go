package fxo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/spi"
)

// SPIMode and MaxSPIHz are what cmd/ passes to spi.Port.Connect.
const (
	SPIMode  = spi.Mode3
	MaxSPIHz = 4 * physic.MegaHertz
)

// PCM modes of register 33.
const (
	pcmOnULaw     = 0x28 // PCME, PCMF 01 µ-law
	pcmOnLinear16 = 0x38 // PCME, PCMF 11 16-bit linear
)

// Registers (Si3050 data sheet, "Control Registers").
const (
	regCtrl2      = 2  // INTE [7], RDI [2]
	regIntMask    = 3  // RDTM [7], POLM [0]
	regIntSource  = 4  // RDTI [7], POLI [0]; write 0 to clear
	regDAACtrl1   = 5  // ONHM [3], RDT [2], OH [0]
	regDAACtrl2   = 6  // PDL [4]
	regRevision   = 11 // LSID [7:4], REVA [3:0]
	regLineStatus = 12 // FDT [6]
	regIntl1      = 16 // OHS [6]
	regRingVal1   = 22 // RMX [5:0]
	regRingVal2   = 23 // RTO [6:3], RCC [2:0]
	regRingVal3   = 24 // RNGV [7], RAS [5:0]
	regDCTerm     = 26 // DCV [7:6], MINI [5:4], ILIM [1]
	regLoopI      = 28 // LCS2, 1.1 mA/LSB
	regLineV      = 29 // LVS, 1 V/LSB, signed
	regACTerm     = 30 // ACIM [3:0]
	regCtrl3      = 31 // FULL [7], FOH[1:0] [6:5] (reset 01 = 128 ms), OHS2 [3]
	regPCM        = 33 // PCME [5], PCMF [4:3]
	regTXStartLo  = 34
	regTXStartHi  = 35
	regRXStartLo  = 36
	regRXStartHi  = 37

	ctrlBase = 0x20 // control byte: bit 5 always set
	ctrlRead = 0x40
	bitOH    = 0x01
	bitONHM  = 0x08
	bitRDT   = 0x04
	bitPDL   = 0x10
	bitFDT   = 0x40
	bitINTE  = 0x80 // register 2: INT pin on
	intRDT   = 0x80
	intPOL   = 0x01
)

// Country is a country's DC and AC termination.
type Country struct {
	// ACIM is the AC termination (register 30, Si3019 table): 0 = 600 Ω,
	// 2 = 270 Ω + (750 Ω || 150 nF) (ETSI TBR21), 3 = 220 Ω + (820 Ω ||
	// 120/115 nF) (Germany), 5 = 320 Ω + (1050 Ω || 230 nF) (UK).
	ACIM byte
	// DCV, MINI set the DC termination voltage and minimum loop current
	// (register 26); ILIM limits loop current to 60 mA (TBR21).
	DCV, MINI byte
	ILIM      bool
	// OHS and OHS2 set the on-hook speed (registers 16 and 31).
	OHS, OHS2 bool
}

// Countries are the termination settings by region, from the data sheet's
// country table.
var Countries = map[string]Country{
	"RU":    {ACIM: 0, DCV: 0, MINI: 3},                         // 600 Ω; DAHDI "RUSSIA"
	"US":    {ACIM: 0, DCV: 3, MINI: 0},                         // FCC part 68, 600 Ω
	"TBR21": {ACIM: 2, DCV: 3, MINI: 0, ILIM: true, OHS2: true}, // ETSI: 270 Ω + (750 Ω || 150 nF), 60 mA limit, 3 ms on-hook
	"DE":    {ACIM: 3, DCV: 3, MINI: 0, ILIM: true, OHS2: true}, // DAHDI "GERMANY"
	"GB":    {ACIM: 5, DCV: 3, MINI: 0, ILIM: true, OHS2: true}, // DAHDI "UK"
}

// Opts configures a Dev. Zero fields take the DefaultOpts value.
type Opts struct {
	// Clock drives waits and timers; nil means hal.SystemClock.
	Clock hal.Clock
	// Logger receives diagnostics; nil means slog.Default().
	Logger *slog.Logger
	// Reset is the DAA's active-low reset line, or nil.
	Reset gpio.PinOut
	// IRQ is the DAA's INT line (open drain, active low), or nil to poll.
	// With it Run waits on its falling edge (hal.WatchIRQ) for ring detect
	// and polarity reversals.
	IRQ gpio.PinIn
	// Country selects the termination (a key of Countries).
	Country string
	// Timeslot is the first 8-bit PCM slot of the line's audio, or -1 to
	// leave PCM off.
	Timeslot int
	// PCMLinear puts 16-bit linear samples on the highway, in Timeslot and
	// the slot after it (Timeslot even), instead of 8-bit µ-law. Set it
	// when the board's highway is 16-bit (hal.BoardProfile.PCMWidth 16).
	PCMLinear bool
	// RingMinHz and RingMaxHz bound a valid ringing frequency.
	RingMinHz, RingMaxHz float64
	// MinRingOn is the shortest ring (measured on the validated signal)
	// that counts; shorter bursts are reported as nothing.
	MinRingOn time.Duration
	// PollInterval is how often the status registers are read without IRQ.
	PollInterval time.Duration
	// MonitorInterval is how often the line voltage is read with IRQ: the
	// DAA raises no interrupt when a parallel phone takes the line or the
	// line goes down.
	MonitorInterval time.Duration
	// InUseVolts: on-hook line voltage (magnitude) below this, but above
	// NoLineVolts, means a parallel phone holds the line.
	InUseVolts float64
	// NoLineVolts: below this the line is down.
	NoLineVolts float64
	// EventBuffer is the capacity of the Events channel.
	EventBuffer int
}

// DefaultOpts: Russian termination, 15..68 Hz ringing confirmed for 200 ms
// with a 256 ms ring timeout, rings shorter than 200 ms ignored, 10 ms
// polling (with an interrupt line: the line voltage read every second),
// line in use below 20 V, no line below 3 V.
var DefaultOpts = Opts{
	Country:         "RU",
	Timeslot:        -1,
	RingMinHz:       15,
	RingMaxHz:       68,
	MinRingOn:       200 * time.Millisecond,
	PollInterval:    10 * time.Millisecond,
	MonitorInterval: time.Second,
	InUseVolts:      20,
	NoLineVolts:     3,
	EventBuffer:     64,
}

const (
	rccCode = 2 // 200 ms ring confirmation
	rtoCode = 2 // 2 × 128 ms ring timeout
)

var (
	rccTime = 200 * time.Millisecond
	rtoTime = 256 * time.Millisecond
)

// Errors.
var (
	ErrNoChip     = errors.New("fxo: no DAA answering (check the chip select and SPI mode 3)")
	ErrNoLineSide = errors.New("fxo: line-side device not framing; check the isolation capacitors and the line-side chip")
)

// EventKind says what happened on the line.
type EventKind int

// Event kinds.
const (
	// Ring: a validated ring ended; Duration is its length.
	Ring EventKind = iota + 1
	// RingStart: the chip validated a ringing signal (frequency and
	// confirmation time); sent before Ring for early answer.
	RingStart
	// Reversal: the line polarity reversed (answer or clear-down).
	Reversal
	// LineInUse / LineIdle: a parallel phone took / released the line.
	LineInUse
	LineIdle
	// LineDown / LineUp: the line voltage vanished / came back.
	LineDown
	LineUp
)

func (k EventKind) String() string {
	switch k {
	case Ring:
		return "ring"
	case RingStart:
		return "ring-start"
	case Reversal:
		return "reversal"
	case LineInUse:
		return "line-in-use"
	case LineIdle:
		return "line-idle"
	case LineDown:
		return "line-down"
	case LineUp:
		return "line-up"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is a line event.
type Event struct {
	Kind     EventKind
	At       time.Time
	Duration time.Duration
}

// Dev is one DAA. Methods are safe for concurrent use.
type Dev struct {
	o Opts

	mu     sync.Mutex
	c      spi.Conn
	seized bool
	lsid   byte
	// intMask mirrors register 3; irqStuck is set once a source that would
	// not clear was masked.
	intMask  byte
	irqStuck bool

	events chan Event
}

func (o *Opts) withDefaults() Opts {
	r := DefaultOpts
	if o == nil {
		r.Clock, r.Logger = hal.SystemClock{}, slog.Default()
		return r
	}
	r.Clock, r.Logger, r.Reset, r.IRQ, r.Timeslot, r.PCMLinear = hal.OrSystem(o.Clock), o.Logger, o.Reset, o.IRQ, o.Timeslot, o.PCMLinear
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	if o.Country != "" {
		r.Country = o.Country
	}
	if o.RingMinHz != 0 {
		r.RingMinHz = o.RingMinHz
	}
	if o.RingMaxHz != 0 {
		r.RingMaxHz = o.RingMaxHz
	}
	if o.MinRingOn != 0 {
		r.MinRingOn = o.MinRingOn
	}
	if o.PollInterval != 0 {
		r.PollInterval = o.PollInterval
	}
	if o.MonitorInterval != 0 {
		r.MonitorInterval = o.MonitorInterval
	}
	if o.InUseVolts != 0 {
		r.InUseVolts = o.InUseVolts
	}
	if o.NoLineVolts != 0 {
		r.NoLineVolts = o.NoLineVolts
	}
	if o.EventBuffer != 0 {
		r.EventBuffer = o.EventBuffer
	}
	return r
}

// ringValidation returns RAS and RMX for a frequency window: the chip sees
// a TIP/RING event every half-cycle and counts in 2 ms steps; RAS × 2 ms is
// the longest half-cycle (lowest frequency), (RAS − RMX) × 2 ms the
// shortest. Si3050 data sheet, registers 22 and 24: RAS = 1/(2·f_min)/2 ms
// (rounded up here so f_min stays inside the window) and
// RMX = RAS − 1/(2·f_max)/2 ms, "incremented by 1" as the data sheet
// recommends to cover the detector's 10 % error.
func ringValidation(fmin, fmax float64) (ras, rmx byte, err error) {
	r := math.Ceil(1 / (2 * fmin) / 0.002)
	m := math.Floor(r-1/(2*fmax)/0.002) + 1
	if r > 63 || m < 0 || m >= r || fmin >= fmax {
		return 0, 0, fmt.Errorf("fxo: ring window %g..%g Hz not programmable", fmin, fmax)
	}
	return byte(r), byte(m), nil
}

// New initialises the DAA on c and leaves it on-hook with ring validation
// on. c must be connected with SPIMode at no more than MaxSPIHz.
func New(c spi.Conn, o *Opts) (*Dev, error) {
	opts := o.withDefaults()
	country, ok := Countries[opts.Country]
	if !ok {
		return nil, fmt.Errorf("fxo: unknown country %q", opts.Country)
	}
	if opts.PollInterval <= 0 || opts.MonitorInterval <= 0 {
		return nil, fmt.Errorf("fxo: poll interval %v, monitor interval %v: want both > 0", opts.PollInterval, opts.MonitorInterval)
	}
	switch ts := opts.Timeslot; {
	case ts < -1 || ts > 127:
		return nil, fmt.Errorf("fxo: timeslot %d: want -1..127", ts)
	case opts.PCMLinear && ts >= 0 && ts%2 != 0:
		return nil, fmt.Errorf("fxo: timeslot %d: 16-bit linear PCM takes two 8-bit slots and starts on an even one", ts)
	}
	ras, rmx, err := ringValidation(opts.RingMinHz, opts.RingMaxHz)
	if err != nil {
		return nil, err
	}
	d := &Dev{o: opts, c: c, events: make(chan Event, opts.EventBuffer)}
	d.mu.Lock()
	defer d.mu.Unlock()
	ctx := context.Background()
	if r := opts.Reset; r != nil {
		if err := r.Out(gpio.Low); err != nil {
			return nil, fmt.Errorf("fxo: reset: %w", err)
		}
		if err := hal.Sleep(ctx, opts.Clock, 5*time.Millisecond); err != nil {
			return nil, err
		}
		if err := r.Out(gpio.High); err != nil {
			return nil, fmt.Errorf("fxo: reset: %w", err)
		}
		if err := hal.Sleep(ctx, opts.Clock, time.Millisecond); err != nil {
			return nil, err
		}
	}
	rev, err := d.read(regRevision)
	if err != nil {
		return nil, err
	}
	if rev == 0 || rev == 0xff {
		return nil, fmt.Errorf("%w: reg %d = 0x%02x", ErrNoChip, regRevision, rev)
	}
	d.lsid = rev >> 4
	// Power up the line side and wait for the isolation link to frame.
	if err := d.write(regDAACtrl2, 0); err != nil {
		return nil, err
	}
	deadline := opts.Clock.Now().Add(500 * time.Millisecond)
	for {
		st, err := d.read(regLineStatus)
		if err != nil {
			return nil, err
		}
		if st&bitFDT != 0 {
			break
		}
		if !opts.Clock.Now().Before(deadline) {
			return nil, ErrNoLineSide
		}
		if err := hal.Sleep(ctx, opts.Clock, 10*time.Millisecond); err != nil {
			return nil, err
		}
	}
	var intl1, dct byte
	ctrl3 := byte(0x20) // keep FOH = 01 (128 ms off-hook counter, the reset value)
	if country.OHS {
		intl1 |= 0x40
	}
	if country.OHS2 {
		ctrl3 |= 0x08
	}
	dct = country.DCV<<6 | country.MINI<<4
	if country.ILIM {
		dct |= 0x02
	}
	writes := [][2]byte{
		{regIntl1, intl1},
		{regDCTerm, dct},
		{regACTerm, country.ACIM},
		{regCtrl3, ctrl3},
		{regRingVal1, rmx},
		{regRingVal2, rtoCode<<3 | rccCode},
		{regRingVal3, 0x80 | ras},
	}
	if ts := opts.Timeslot; ts >= 0 {
		// PCLK cycles from FSYNC: 8 per 8-bit slot, so 16-bit channel c
		// (ts = 2c) starts at 16c.
		count := uint16(ts) * 8
		mode := byte(pcmOnULaw)
		if opts.PCMLinear {
			mode = pcmOnLinear16
		}
		writes = append(writes,
			[2]byte{regTXStartLo, byte(count)}, [2]byte{regTXStartHi, byte(count >> 8)},
			[2]byte{regRXStartLo, byte(count)}, [2]byte{regRXStartHi, byte(count >> 8)},
			[2]byte{regPCM, mode})
	}
	ctrl2 := byte(0x04 | 0x03) // RDI: ring start and end; keep HBE, RXE
	if opts.IRQ != nil {
		ctrl2 |= bitINTE
	}
	d.intMask = intRDT | intPOL
	writes = append(writes,
		[2]byte{regIntMask, d.intMask},
		[2]byte{regCtrl2, ctrl2},
		[2]byte{regIntSource, 0},
		[2]byte{regDAACtrl1, bitONHM}, // on-hook, line monitor on
	)
	for _, w := range writes {
		if err := d.write(w[0], w[1]); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// String names the chip.
func (d *Dev) String() string { return fmt.Sprintf("Si3050 (line side %d) on %s", d.lsid, d.c) }

// Events returns the channel Run sends line events on.
func (d *Dev) Events() <-chan Event { return d.events }

func (d *Dev) read(r byte) (byte, error) {
	var rx [3]byte
	if err := d.c.Tx([]byte{ctrlBase | ctrlRead, r, 0}, rx[:]); err != nil {
		return 0, fmt.Errorf("fxo: read reg %d: %w", r, err)
	}
	return rx[2], nil
}

func (d *Dev) write(r, v byte) error {
	if err := d.c.Tx([]byte{ctrlBase, r, v}, nil); err != nil {
		return fmt.Errorf("fxo: write reg %d: %w", r, err)
	}
	return nil
}

// Seize takes the line off-hook (answer or dial out).
func (d *Dev) Seize() error { return d.setHook(true) }

// Release puts the line on-hook.
func (d *Dev) Release() error { return d.setHook(false) }

// Halt releases the line. It implements conn.Resource.
func (d *Dev) Halt() error { return d.Release() }

func (d *Dev) setHook(off bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	// On-hook the line monitor (ONHM) stays on, so that what the exchange
	// sends between rings, caller ID, reaches the PCM stream (Si3050 data
	// sheet, register 5).
	v := byte(bitONHM)
	if off {
		v = bitOH
	}
	if err := d.write(regDAACtrl1, v); err != nil {
		return err
	}
	d.seized = off
	return nil
}

// Seized reports whether the DAA holds the line.
func (d *Dev) Seized() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seized
}

// LineVoltage returns the tip-ring voltage in volts, negative in normal
// polarity.
func (d *Dev) LineVoltage() (float64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.read(regLineV)
	return float64(int8(v)), err
}

// LoopCurrent returns the loop current in mA while seized.
func (d *Dev) LoopCurrent() (float64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.read(regLoopI)
	return float64(v) * 1.1, err
}
