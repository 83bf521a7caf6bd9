package gsm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// Module is one GSM module of the board: its slot (gsm_modules.slot,
// 1..N), the driver of its modem and its call audio.
type Module struct {
	Slot int
	// Dev is the modem's driver. The caller runs its Init and Supervise and
	// forwards its events to Channel.HandleEvent.
	Dev *gsm.Dev
	// Audio is the module's PCM port: the far end's voice in, ours out. nil
	// if the board has none (calls then carry silence).
	Audio hal.PCMStream
	// InbandDTMF takes the far end's digits from a DTMF detector on Audio
	// rather than from the modem's DTMF reports, for modems whose detection
	// is missing or unreliable.
	InbandDTMF bool
}

// Incomer takes the inbound legs of the channel, with the number the
// caller dialled. The switch of pbx/call implements it.
type Incomer interface {
	Incoming(leg call.Leg, called string)
}

// Opts configures a Channel. Zero durations take DefaultOpts' values.
type Opts struct {
	// Modules are the board's GSM modules; slots must be unique and 1..32.
	Modules []Module
	// Store holds gsm_modules and the extensions (their mobile numbers,
	// for FMC). The channel follows its changes.
	Store *store.Store
	// Limits gives per-SIM limits, FMC settings and usage; nil: no limits
	// and no FMC.
	Limits Limits
	// Logger receives the channel's log; nil discards it.
	Logger *slog.Logger
	// Now stamps leg events and finds the day and month of the limits;
	// nil: time.Now.
	Now func() time.Time
	// Location is where days and months of the limits begin; nil:
	// time.Local.
	Location *time.Location
	// OnAlarm is called (on a goroutine of the channel, not concurrently)
	// when a module reaches a limit; what says which. nil: only logged.
	OnAlarm func(slot int, what string)
	// Country picks the tone plan of the FMC tones (ISO 3166 alpha-2);
	// "" is "RU".
	Country string
	// FMCFirstDigit is how long FMC waits for the first digit of the PIN
	// or of the number.
	FMCFirstDigit time.Duration
	// FMCInterDigit ends the number (or the PIN) when no digit follows for
	// this long; "#" ends it at once.
	FMCInterDigit time.Duration
	// FMCRefusal is how long congestion tone plays before a refused FMC
	// call (wrong PIN, no number) is hung up.
	FMCRefusal time.Duration
	// StatusEvery is the interval at which idle modules' signal and every
	// module's usage are read again.
	StatusEvery time.Duration
	// OnChange is called, on a goroutine of the channel and never
	// concurrently, after what Status returns may have changed (a call,
	// registration, SIM, signal, usage); calls close together are
	// coalesced into one. The live dashboard reads Status then. nil: none.
	OnChange func()
}

// DefaultOpts are the values used for zero fields of Opts.
var DefaultOpts = Opts{
	Country:       "RU",
	FMCFirstDigit: 15 * time.Second,
	FMCInterDigit: 5 * time.Second,
	FMCRefusal:    3 * time.Second,
	StatusEvery:   time.Minute,
}

// Channel is the GSM channel driver. It is safe for concurrent use.
type Channel struct {
	o     Opts
	log   *slog.Logger
	plan  dsp.TonePlan
	ports map[int]*port // by slot; fixed after New
	order []*port       // by slot order of Opts.Modules
	conf  atomic.Pointer[config]
	ids   atomic.Uint64

	mu      sync.Mutex
	sw      Incomer
	ctx     context.Context // the running channel's; cancelled by Stop
	cancel  context.CancelFunc
	stopped bool
	wg      sync.WaitGroup
	alarmMu sync.Mutex    // OnAlarm calls one at a time
	kick    chan struct{} // OnChange wanted
	used    chan struct{} // usage to read again (UsageChanged)
}

// New returns a channel over the modules of o. It reads nothing and starts
// nothing: Start does.
func New(o Opts) (*Channel, error) {
	d := DefaultOpts
	if o.Store == nil {
		return nil, errors.New("gsm: no store; give Opts.Store")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Country == "" {
		o.Country = d.Country
	}
	for _, f := range []struct{ v, d *time.Duration }{
		{&o.FMCFirstDigit, &d.FMCFirstDigit}, {&o.FMCInterDigit, &d.FMCInterDigit},
		{&o.FMCRefusal, &d.FMCRefusal}, {&o.StatusEvery, &d.StatusEvery},
	} {
		if *f.v <= 0 {
			*f.v = *f.d
		}
	}
	plan, err := dsp.BuiltinPlan(o.Country)
	if err != nil {
		return nil, fmt.Errorf("gsm: FMC tones: %w", err)
	}
	c := &Channel{o: o, log: o.Logger, plan: plan, ports: map[int]*port{}, kick: make(chan struct{}, 1),
		used: make(chan struct{}, 1)}
	for _, m := range o.Modules {
		if m.Slot < 1 || m.Slot > 32 {
			return nil, fmt.Errorf("gsm: module slot %d: use 1 to 32 as in gsm_modules.slot", m.Slot)
		}
		if m.Dev == nil {
			return nil, fmt.Errorf("gsm: module slot %d: no modem driver", m.Slot)
		}
		if c.ports[m.Slot] != nil {
			return nil, fmt.Errorf("gsm: module slot %d given twice", m.Slot)
		}
		p, err := newPort(c, m)
		if err != nil {
			return nil, err
		}
		c.ports[m.Slot] = p
		c.order = append(c.order, p)
	}
	return c, nil
}

// Start reads the configuration, starts following its changes and the
// modules' audio, and from then on hands inbound calls to sw. It fails if
// the store cannot be read or the channel was started before.
func (c *Channel) Start(ctx context.Context, sw Incomer) error {
	if sw == nil {
		return errors.New("gsm: start: no switch")
	}
	follow := c.o.Store.Follow("gsm", c.reload, c.log)
	cfg, err := loadConfig(ctx, c.o.Store, c.o.Limits)
	if err != nil {
		follow.Stop()
		return err
	}
	c.mu.Lock()
	if c.sw != nil || c.stopped {
		c.mu.Unlock()
		follow.Stop()
		return errors.New("gsm: start: the channel was started before")
	}
	c.conf.Store(cfg)
	c.sw = sw
	c.ctx, c.cancel = context.WithCancel(context.Background())
	run := c.ctx
	c.mu.Unlock()

	c.refreshUsage(ctx) // limits known before the first Up; Init read the signal
	c.spawn(func() { follow.Run(run) })
	c.spawn(func() { c.poll(run) })
	if c.o.OnChange != nil {
		c.spawn(func() { c.announce(run) })
	}
	for _, p := range c.order {
		if p.audio != nil {
			c.spawn(func() { p.readAudio(run) })
		}
	}
	return nil
}

// Stop hangs up every call of the channel with CauseCongestion and stops
// its goroutines, waiting for them until ctx is done. Inbound calls that
// come later are ignored (the caller may ring on).
func (c *Channel) Stop(ctx context.Context) error {
	c.mu.Lock()
	c.stopped = true
	cancel := c.cancel
	c.mu.Unlock()
	if cancel == nil {
		return nil
	}
	for _, p := range c.order {
		if l := p.current(); l != nil {
			l.Hangup(ctx, call.CauseCongestion)
		}
	}
	cancel()
	done := make(chan struct{})
	go func() { c.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("gsm: stop: %w", ctx.Err())
	}
}

// HandleEvent takes an event of the modem in slot: the caller forwards
// each Dev's Opts.OnEvent here. It does not block.
func (c *Channel) HandleEvent(slot int, ev gsm.Event) {
	p := c.ports[slot]
	if p == nil {
		c.log.Warn("gsm: event of a module the channel was not given", "slot", slot, "event", ev.Kind)
		return
	}
	p.handle(ev)
}

// running returns the switch and the run context, or ok false when the
// channel is not started or is stopping.
func (c *Channel) running() (sw Incomer, ctx context.Context, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sw == nil || c.stopped {
		return nil, nil, false
	}
	return c.sw, c.ctx, true
}

// spawn runs f on a goroutine that Stop waits for; once Stop began, f
// runs on a goroutine of its own (Stop's wait may be under way).
func (c *Channel) spawn(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		go f()
		return
	}
	c.wg.Add(1)
	go func() { defer c.wg.Done(); f() }()
}

// reload reads the configuration, swaps it in and refreshes the modules'
// usage; a configuration that cannot be read leaves the running one in
// place. Start's Follower calls it on every committed change.
func (c *Channel) reload(ctx context.Context) error {
	cfg, err := loadConfig(ctx, c.o.Store, c.o.Limits)
	if err != nil {
		return err
	}
	c.conf.Store(cfg)
	c.refreshUsage(ctx)
	return nil
}

// changed asks for an OnChange call; it never blocks.
func (c *Channel) changed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// announce calls OnChange after changes until ctx ends.
func (c *Channel) announce(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
			c.o.OnChange()
		}
	}
}

// newLegID returns a leg ID unique while the box runs, e.g. "gsm/1/3".
func (c *Channel) newLegID(channel string) string {
	return channel + "/" + strconv.FormatUint(c.ids.Add(1), 10)
}
