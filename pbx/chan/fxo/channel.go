package fxo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// Line is one FXO port of the board: the DAA that holds the PSTN line and
// the line's PCM audio. cmd/ builds the Dev and opens the stream; the
// channel runs the Dev (Dev.Run) and is the one reader of its events and
// of the stream, but never closes either.
type Line struct {
	// Port is the port number, 1..N, as fxo_lines.port in the store.
	Port int
	// Dev is the line's DAA.
	Dev *fxo.Dev
	// Audio is the line's 8 kHz PCM stream.
	Audio hal.PCMStream
	// ReversalAnswer says that the exchange reverses the line's polarity
	// when the far end answers an outgoing call (answer supervision). Then
	// an outgoing leg reports EventAnswer at that reversal; otherwise it
	// reports EventAnswer as soon as the number is dialled.
	ReversalAnswer bool
}

// Incomer takes the calls that arrive on the channel: each inbound leg,
// with the number called (the line's own number from the store, or "").
// *call.Switch implements it.
type Incomer interface {
	Incoming(leg call.Leg, called string)
}

// Opts configures a Channel. Zero durations and levels take the values of
// DefaultOpts.
type Opts struct {
	// Lines are the board's FXO ports.
	Lines []Line
	// Store holds the lines' configuration (fxo_lines); the channel follows
	// its changes without dropping calls.
	Store *store.Store
	// Logger receives the channel's log; nil discards it.
	Logger *slog.Logger
	// DefaultCountry picks the tone plan of a line whose country has none
	// built in (ISO 3166-1 alpha-2).
	DefaultCountry string
	// DialToneWait is how long an outgoing call waits for the exchange's
	// dial tone after seizing the line; when none is recognised by then,
	// the number is dialled anyway.
	DialToneWait time.Duration
	// RingGap is the silence after a ring that means the exchange stopped
	// ringing (the caller gave up); longer than the longest pause of the
	// ring cadence.
	RingGap time.Duration
	// ReleaseGuard is how long a released line rests before it may be
	// seized again, so that the exchange clears the previous call.
	ReleaseGuard time.Duration
	// MinLoopMA is the loop current in mA below which a seized line is
	// taken as cleared by the exchange (an open-loop disconnect or a cut
	// line), once it lasted LoopDropHold.
	MinLoopMA    float64
	LoopDropHold time.Duration
	// DTMF sets the tones the channel dials and sends digits with; the zero
	// value means dsp.DefaultDTMFGenOpts.
	DTMF dsp.DTMFGenOpts
	// EchoCanceller configures the hybrid echo canceller; nil means
	// dsp.HighwayEchoCancellerOpts.
	EchoCanceller *dsp.EchoCancellerOpts
}

// DefaultOpts are the defaults for the zero fields of Opts: the Russian
// tone plan, 4 s for dial tone (long enough for the detector to tell dial
// tone from the longest cadenced tone of the US plan), rings stopped after
// 6 s of silence, a 1 s release guard, and a clear-down after 150 ms
// below 5 mA.
var DefaultOpts = Opts{
	DefaultCountry: "RU",
	DialToneWait:   4 * time.Second,
	RingGap:        6 * time.Second,
	ReleaseGuard:   time.Second,
	MinLoopMA:      5,
	LoopDropHold:   150 * time.Millisecond,
}

// Channel is the FXO channel driver: it turns PSTN lines into call legs.
// It is safe for concurrent use.
type Channel struct {
	o     Opts
	log   *slog.Logger
	lines []*line // in the order of Opts.Lines

	sw      Incomer
	legIDs  atomic.Uint64
	started atomic.Bool
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New returns a channel for o.Lines. It starts nothing: Start does.
func New(o Opts) (*Channel, error) {
	d := DefaultOpts
	if o.Store == nil {
		return nil, errors.New("fxo: no store")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.DefaultCountry == "" {
		o.DefaultCountry = d.DefaultCountry
	}
	if _, err := dsp.BuiltinPlan(o.DefaultCountry); err != nil {
		return nil, fmt.Errorf("fxo: default country %q: %w", o.DefaultCountry, err)
	}
	for _, p := range []struct{ v, d *time.Duration }{
		{&o.DialToneWait, &d.DialToneWait}, {&o.RingGap, &d.RingGap},
		{&o.ReleaseGuard, &d.ReleaseGuard}, {&o.LoopDropHold, &d.LoopDropHold},
	} {
		if *p.v <= 0 {
			*p.v = *p.d
		}
	}
	if o.MinLoopMA <= 0 {
		o.MinLoopMA = d.MinLoopMA
	}
	if o.DTMF == (dsp.DTMFGenOpts{}) {
		o.DTMF = dsp.DefaultDTMFGenOpts
	}
	if _, err := dsp.NewDTMFGen(&o.DTMF); err != nil {
		return nil, fmt.Errorf("fxo: dtmf: %w", err)
	}
	if o.EchoCanceller == nil {
		ec := dsp.HighwayEchoCancellerOpts
		o.EchoCanceller = &ec
	}
	if _, err := dsp.NewEchoCanceller(o.EchoCanceller); err != nil {
		return nil, fmt.Errorf("fxo: echo canceller: %w", err)
	}
	c := &Channel{o: o, log: o.Logger}
	seen := map[int]bool{}
	for _, ln := range o.Lines {
		if ln.Dev == nil || ln.Audio == nil {
			return nil, fmt.Errorf("fxo: line %d: no DAA or no audio stream", ln.Port)
		}
		if ln.Port < 1 || seen[ln.Port] {
			return nil, fmt.Errorf("fxo: line port %d: ports are numbered from 1, once each", ln.Port)
		}
		seen[ln.Port] = true
		l, err := newLine(c, ln)
		if err != nil {
			return nil, err
		}
		c.lines = append(c.lines, l)
	}
	return c, nil
}

// Start loads the lines' configuration, starts watching the lines, and
// hands inbound calls to sw from then on. ctx bounds the start only.
func (c *Channel) Start(ctx context.Context, sw Incomer) error {
	if sw == nil {
		return errors.New("fxo: no switch to hand calls to")
	}
	if !c.started.CompareAndSwap(false, true) {
		return errors.New("fxo: already started")
	}
	c.sw = sw
	follow := c.o.Store.Follow("fxo", c.reload, c.log)
	if err := c.reload(ctx); err != nil {
		follow.Stop()
		c.started.Store(false)
		return err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	for _, l := range c.lines {
		l.start(runCtx)
	}
	c.goRun(func() { follow.Run(runCtx) })
	c.log.Info("fxo: started", "lines", len(c.lines))
	return nil
}

// Stop hangs up every call, puts every line on-hook and stops watching
// the lines. ctx bounds the wait.
func (c *Channel) Stop(ctx context.Context) error {
	if !c.started.Load() || c.cancel == nil {
		return nil
	}
	for _, l := range c.lines {
		l.shutdown()
	}
	c.cancel()
	done := make(chan struct{})
	go func() {
		c.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("fxo: stop: %w", ctx.Err())
	}
}

func (c *Channel) goRun(fn func()) {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		fn()
	}()
}
