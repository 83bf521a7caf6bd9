package dialplan

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// Opts configures a Plan. The zero value is usable.
type Opts struct {
	// RingTimeout is how long an extension or an outside number rings
	// before the call gives up with call.CauseNoAnswer; 0 means
	// DefaultRingTimeout.
	RingTimeout time.Duration
	// LineUp says which lines can take a call now; nil means every enabled
	// line.
	LineUp LineUp
	// Voicemail plays mailboxes to extensions that dial *97 and *98; nil
	// refuses those codes as unavailable.
	Voicemail Voicemail
	// Country (ISO 3166 alpha-2) gives the ringback tone a party hears
	// while a transfer after a hook flash rings the third party; "" means
	// "RU".
	Country string
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// DefaultRingTimeout is the ring time when Opts leaves it 0.
const DefaultRingTimeout = 30 * time.Second

// Plan is the dial plan: Handle is the switch's handler. It is safe for
// concurrent use.
type Plan struct {
	st   *store.Store
	ring time.Duration
	up   LineUp
	vm   Voicemail
	log  *slog.Logger
	cfg  atomic.Pointer[config]
	hold holdTones // music on hold and ringback for transfers
	pick pickups
}

// New returns a plan with the store's current configuration. Call Run to
// follow changes.
func New(ctx context.Context, st *store.Store, o *Opts) (*Plan, error) {
	if o == nil {
		o = &Opts{}
	}
	p := &Plan{st: st, ring: cmp.Or(o.RingTimeout, DefaultRingTimeout), up: o.LineUp, vm: o.Voicemail, log: cmp.Or(o.Logger, slog.Default())}
	hold, err := newHoldTones(cmp.Or(o.Country, "RU"))
	if err != nil {
		return nil, err
	}
	p.hold = hold
	cfg, err := load(ctx, st)
	if err != nil {
		return nil, err
	}
	p.cfg.Store(cfg)
	return p, nil
}

// Run follows configuration changes until ctx is done or the store is
// closed, and then returns nil. Each change is loaded into a new snapshot
// that replaces the current one once complete; a change that cannot be
// loaded is logged and leaves the current one in place. Calls in progress
// keep the snapshot they started with.
func (p *Plan) Run(ctx context.Context) error {
	revisions, cancel := p.st.Subscribe()
	defer cancel()
	p.reload(ctx) // a change may have come between New and Subscribe
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-revisions:
			if !ok {
				return nil
			}
			p.reload(ctx)
		}
	}
}

// reload loads a new snapshot and swaps it in, unless loading fails.
func (p *Plan) reload(ctx context.Context) {
	cfg, err := load(ctx, p.st)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Error("dialplan: keeping the previous configuration", "err", err)
		}
		return
	}
	if old := p.cfg.Load(); old != nil && old.revision >= cfg.revision {
		return
	}
	p.cfg.Store(cfg)
	p.log.Debug("dialplan: configuration loaded", "revision", cfg.revision)
}

// Revision returns the config revision of the snapshot in use.
func (p *Plan) Revision() int64 { return p.cfg.Load().revision }

// Route returns what the plan would do with a call from channel (the
// caller's leg, e.g. "sip/101", "fxs/2", "trunk/Provider") with caller ID
// caller, to the number called. It places no call.
func (p *Plan) Route(channel, caller, called string) Route {
	return p.cfg.Load().route(channel, caller, called, p.up)
}

// Handle is the switch's handler: it routes the call, rings, bridges and
// carries out blind transfers to extensions, as the package comment says.
// A call from an FXS port whose caller sends a fax tone is carried as a
// fax from then on (fax.go).
func (p *Plan) Handle(ctx context.Context, c call.Control) {
	cfg := p.cfg.Load()
	info := c.Info()
	if f, arg, ok := parseFeature(info.Called); ok {
		x, ok := cfg.caller(info.Channel, info.Caller.Number)
		if !ok {
			p.refuse(ctx, c, call.CauseRejected, "feature codes are for extensions' phones")
			return
		}
		c.Step("dialplan", "feature code "+info.Called+" of extension "+x.number)
		p.feature(ctx, c, cfg, x, f, arg)
		return
	}
	r := cfg.route(info.Channel, info.Caller.Number, info.Called, p.up)
	c.Step("dialplan", r.Why)
	if r.Cause != 0 {
		p.log.Info("dialplan: refused", "call", info.ID, "from", info.Channel, "called", info.Called, "cause", r.Cause, "why", r.Why)
		c.Hangup(ctx, r.Cause)
		return
	}
	fax := watchFax(ctx, c)
	leg, err := p.ringRoute(ctx, c, r)
	if next := r.ForwardOn(causeOf(err)); err != nil && next != nil && ctx.Err() == nil {
		// The extension's forward on this condition: once, not followed
		// further.
		c.Step("dialplan", next.Why)
		if next.Cause != 0 {
			c.Hangup(ctx, next.Cause)
			return
		}
		leg, err = p.ringRoute(ctx, c, *next)
	}
	if err != nil {
		if cause := causeOf(err); cause != 0 {
			c.Hangup(ctx, cause)
		}
		return
	}
	fax.add(leg)
	p.talk(ctx, c, cfg, leg)
}

// ringRoute rings r's attempts, each only when the one before was
// unavailable or congested, and returns the leg that answered. While an
// extension rings, *8 from another phone may pick the call up; the leg
// that answers is then the picker's.
func (p *Plan) ringRoute(ctx context.Context, c call.Control, r Route) (call.Leg, error) {
	rctx := ctx
	var rc *ringingCall
	if r.ringing != "" {
		var stop context.CancelFunc
		rctx, stop = context.WithCancel(ctx)
		defer stop()
		rc = p.pick.add(r.ringing, c.Info(), stop)
	}
	leg, err := RingAttempts(rctx, c, r.Attempts, cmp.Or(r.ringFor, p.ring))
	if rc == nil {
		return leg, err
	}
	picked := p.pick.done(rc)
	if picked == "" {
		return leg, err
	}
	if ctx.Err() != nil { // the caller left as the call was picked up
		p.pick.drop(picked)
		return nil, ctx.Err()
	}
	if leg != nil { // answered as it was picked up: the pickup wins
		leg.Hangup(ctx, call.CauseNormal)
	}
	c.Step("dialplan", "picked up")
	return c.Ring(ctx, []call.Target{{Kind: PickupKind, Address: picked}}, p.ring)
}

// talk bridges the caller to leg until one of them hangs up, carrying out
// either side's hook flash, hold and transfer requests (transfer.go).
func (p *Plan) talk(ctx context.Context, c call.Control, cfg *config, leg call.Leg) {
	end, err := c.Bridge(ctx, leg)
	for err == nil && end.Event.Kind != call.EventHangup {
		back, ok := p.transferred(ctx, c, cfg, end)
		if !ok {
			return
		}
		end, err = c.Bridge(ctx, back)
	}
}

// causeOf returns the call.Cause in err, or 0.
func causeOf(err error) call.Cause {
	var c call.Cause
	if errors.As(err, &c) {
		return c
	}
	return 0
}
