package fxs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// Port is one FXS port of the board: its number as printed on the box, its
// ProSLIC and its PCM audio. cmd/ builds both from the board profile.
type Port struct {
	Number int // 1-based
	Dev    *fxs.Dev
	Audio  hal.PCMStream
}

// Opts configures a Channel. Zero durations take the DefaultOpts value.
type Opts struct {
	// Ports are the board's FXS ports.
	Ports []Port
	// Store holds the ports' settings (fxs_ports) and the extensions; the
	// channel follows its changes. Nil gives every port the defaults:
	// voice, no extension, no caller ID, Country's tones.
	Store *store.Store
	// Matcher says when a dialled number is complete; nil dials on '#' or
	// the inter-digit timeout only.
	Matcher Matcher
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// InterDigit is how long the port waits for the next digit before it
	// dials what it has.
	InterDigit time.Duration
	// HotlineDelay is how long a hotline port plays dial tone, waiting for
	// a digit, before it dials its hotline number; negative dials at once.
	HotlineDelay time.Duration
	// ToneTimeout is how long a phone left off-hook hears dial, busy or
	// congestion tone before the howler.
	ToneTimeout time.Duration
	// HowlerTime is how long the howler plays before the port is parked in
	// silence until the phone hangs up.
	HowlerTime time.Duration
	// Country (ISO 3166 alpha-2) gives the tones of ports the store does
	// not list or whose country has no tone plan.
	Country string
	// HoldMusic is what the far end of a call held on a port (call waiting,
	// waiting.go) hears; nil: silence. pbxd gives the dial plan's melody.
	HoldMusic *dsp.Tone
	// RecallTime is how long a phone hung up with a call on hold rings
	// with it before the held call is hung up (call.CauseNoAnswer).
	RecallTime time.Duration
}

// DefaultOpts are the defaults of zero Opts fields: 4 s between digits, a
// hotline after 1 s without a digit, 30 s of tone then 15 s of howler,
// Russian tones, and a held call rung back for a minute.
var DefaultOpts = Opts{
	InterDigit:   4 * time.Second,
	HotlineDelay: time.Second,
	ToneTimeout:  30 * time.Second,
	HowlerTime:   15 * time.Second,
	Country:      "RU",
	RecallTime:   time.Minute,
}

// Incomer takes the calls that phones on the ports make; *call.Switch is
// one.
type Incomer interface {
	Incoming(leg call.Leg, called string)
}

// PortStatus is a port as the dashboard shows it.
type PortStatus struct {
	Port      int    `json:"port"`
	Extension string `json:"extension"` // "" when the port is not assigned
	Mode      string `json:"mode"`      // store.FXSVoice or store.FXSFax
	// State is "idle", "off-hook", "dialling", "ringing" or "in call".
	State          string `json:"state"`
	MessageWaiting bool   `json:"message_waiting"`
}

// Channel is the FXS channel driver: the legs of the board's analog ports.
// It implements call.Dialer for kind "fxs". It is safe for concurrent use.
type Channel struct {
	o        Opts
	log      *slog.Logger
	matcher  Matcher
	plans    map[string]*dsp.TonePlan // built-in tone plans by country
	ringings map[string]fxs.Ringing   // ringing by country, for those plans
	ports    map[int]*port
	conf     atomic.Pointer[config]
	legIDs   atomic.Uint64

	mu      sync.Mutex
	sw      Incomer
	cancel  context.CancelFunc
	started bool
	wg      sync.WaitGroup // the loops Start runs
	done    chan struct{}  // closed when they have all returned
}

// New returns a channel for o.Ports. It touches no port: Start does.
func New(o Opts) (*Channel, error) {
	d := DefaultOpts
	o.InterDigit = cmp.Or(o.InterDigit, d.InterDigit)
	o.HotlineDelay = cmp.Or(o.HotlineDelay, d.HotlineDelay)
	o.ToneTimeout = cmp.Or(o.ToneTimeout, d.ToneTimeout)
	o.HowlerTime = cmp.Or(o.HowlerTime, d.HowlerTime)
	o.Country = strings.ToUpper(cmp.Or(o.Country, d.Country))
	o.RecallTime = cmp.Or(o.RecallTime, d.RecallTime)
	if o.HoldMusic != nil {
		if _, err := dsp.NewToneGen(*o.HoldMusic); err != nil {
			return nil, fmt.Errorf("fxs: hold music: %w", err)
		}
	}
	c := &Channel{o: o, log: cmp.Or(o.Logger, slog.Default()), matcher: o.Matcher,
		plans: map[string]*dsp.TonePlan{}, ringings: map[string]fxs.Ringing{}, ports: map[int]*port{}}
	if c.matcher == nil {
		c.matcher = anyNumber{}
	}
	plans, err := dsp.BuiltinPlans()
	if err != nil {
		return nil, fmt.Errorf("fxs: %w", err)
	}
	for i := range plans {
		p := &plans[i]
		c.plans[p.Country] = p
		c.ringings[p.Country] = ringingOf(p.Country, p)
	}
	if c.plans[o.Country] == nil {
		return nil, fmt.Errorf("fxs: no tone plan for the default country %q", o.Country)
	}
	if len(o.Ports) == 0 {
		return nil, errors.New("fxs: no ports: give Opts.Ports")
	}
	for _, pt := range o.Ports {
		switch {
		case pt.Number < 1 || pt.Number > 64:
			return nil, fmt.Errorf("fxs: port number %d: want 1..64", pt.Number)
		case pt.Dev == nil || pt.Audio == nil:
			return nil, fmt.Errorf("fxs: port %d: needs both Dev and Audio", pt.Number)
		case c.ports[pt.Number] != nil:
			return nil, fmt.Errorf("fxs: port %d listed twice", pt.Number)
		}
		p, err := newPort(c, pt)
		if err != nil {
			return nil, err
		}
		c.ports[pt.Number] = p
	}
	c.conf.Store(&config{ports: map[int]*portConfig{}})
	return c, nil
}

// Start loads the ports' settings from the store and starts every port:
// the driver's loop, the hook events and the audio. Calls the phones make
// go to sw. ctx bounds the start only; Stop ends the channel.
func (c *Channel) Start(ctx context.Context, sw Incomer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		return errors.New("fxs: already started")
	}
	var follow *store.Follower // subscribed before the first load, so no change slips between
	if c.o.Store != nil {
		follow = c.o.Store.Follow("fxs", c.reload, c.log)
	}
	if err := c.reload(ctx); err != nil {
		if follow != nil {
			follow.Stop()
		}
		return err
	}
	c.sw, c.started = sw, true
	runCtx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	if follow != nil {
		c.wg.Go(func() { follow.Run(runCtx) })
	}
	for _, p := range c.ports {
		c.wg.Go(func() {
			if err := p.dev.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				p.log.Error("fxs: port driver stopped; the port is out of service", "err", err)
			}
		})
		c.wg.Go(func() { p.hookLoop(runCtx) })
		c.wg.Go(func() { p.mediaLoop(runCtx) })
	}
	c.done = make(chan struct{})
	go func() {
		c.wg.Wait()
		close(c.done)
	}()
	return nil
}

// Stop hangs up every call on the ports and stops their loops. It returns
// when they have stopped or ctx is done.
func (c *Channel) Stop(ctx context.Context) error {
	c.mu.Lock()
	if !c.started {
		c.mu.Unlock()
		return nil
	}
	c.started = false
	c.mu.Unlock()
	for _, p := range c.ports {
		p.shutdown()
	}
	c.cancel()
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("fxs: stop: port loops still running: %w", ctx.Err())
	}
}

// incomer returns the switch given to Start.
func (c *Channel) incomer() Incomer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sw
}

// Dial implements call.Dialer for kind "fxs": address is an extension
// number (the port assigned to it rings) or "port/N". The phone rings with
// its country's cadence and caller ID from; a voice port in a call takes
// it as a waiting call (waiting.go). An unknown address fails with
// call.CauseUnavailable, a port in use otherwise with call.CauseBusy.
func (c *Channel) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	n, err := c.portOf(address)
	if err != nil {
		return nil, err
	}
	return c.ports[n].dial(ctx, from)
}

// portOf resolves a Dial address to a port number.
func (c *Channel) portOf(address string) (int, error) {
	if s, ok := strings.CutPrefix(address, "port/"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || c.ports[n] == nil {
			return 0, fmt.Errorf("fxs: no port %q on this box: %w", s, call.CauseUnavailable)
		}
		return n, nil
	}
	n, ok := c.conf.Load().byExt[address]
	if !ok || c.ports[n] == nil {
		return 0, fmt.Errorf("fxs: no port is assigned to extension %q: %w", address, call.CauseUnavailable)
	}
	return n, nil
}

// SetMessageWaiting turns the message-waiting indication of port on or
// off: FSK MWI to the phone (now if it is on-hook and idle, else once it
// is) and stutter dial tone.
func (c *Channel) SetMessageWaiting(port int, on bool) error {
	p := c.ports[port]
	if p == nil {
		return fmt.Errorf("fxs: message waiting: no port %d on this box", port)
	}
	p.setMessageWaiting(on)
	return nil
}

// Status returns every port's state, by port number.
func (c *Channel) Status() []PortStatus {
	out := make([]PortStatus, 0, len(c.ports))
	for n := 1; len(out) < len(c.ports); n++ {
		if p := c.ports[n]; p != nil {
			out = append(out, p.status())
		}
	}
	return out
}
