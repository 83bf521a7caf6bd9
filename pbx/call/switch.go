package call

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// CallRecords stores call records. (*store.Store).CallRecords() is one.
type CallRecords interface {
	// Create stores r; it may set r.ID.
	Create(ctx context.Context, r *store.CallRecord) error
}

// Options configures a Switch.
type Options struct {
	// Dialers place outbound legs, by channel kind: "sip", "fxs", "trunk",
	// "fxo", "gsm". A Target whose kind has no Dialer cannot be rung.
	Dialers map[string]Dialer
	// Handler drives each call, in a goroutine of its own, from the moment
	// the switch takes the inbound leg. Its ctx is cancelled when the caller
	// hangs up, and Handler should then return promptly. The call ends when
	// Handler returns, or 2 s after every leg of the call has hung up if it
	// has not returned by then (what it does afterwards is not recorded).
	// Nil refuses every call with CauseUnavailable.
	Handler func(ctx context.Context, c Control)
	// Records receives one call record per call when it ends; nil keeps
	// none.
	Records CallRecords
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Now stamps call times; it defaults to time.Now. Waiting (ring
	// timeouts, digit timeouts, playback pace) uses the time package's
	// timers, so testing/synctest drives all of it.
	Now func() time.Time
	// MaxCalls, when above 0, is how many calls may be in progress at once;
	// an inbound leg beyond it is hung up with CauseCongestion.
	MaxCalls int
}

// Switch takes inbound legs from channel drivers, runs the handler for each
// call, and keeps the list of calls in progress and their event stream. It
// is safe for concurrent use.
type Switch struct {
	dialers  map[string]Dialer
	handler  func(ctx context.Context, c Control)
	records  CallRecords
	log      *slog.Logger
	now      func() time.Time
	maxCalls int

	ids    atomic.Uint64
	events broker
	wg     sync.WaitGroup // every goroutine of every call

	mu     sync.Mutex
	calls  map[*Call]struct{}
	closed bool
}

// New returns a switch configured by o.
func New(o Options) *Switch {
	s := &Switch{
		dialers:  maps.Clone(o.Dialers),
		handler:  o.Handler,
		records:  o.Records,
		log:      cmp.Or(o.Logger, slog.Default()),
		now:      o.Now,
		maxCalls: o.MaxCalls,
		calls:    map[*Call]struct{}{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.handler == nil {
		s.handler = func(ctx context.Context, c Control) { c.Hangup(ctx, CauseUnavailable) }
	}
	return s
}

// Incoming takes a new inbound leg from a channel driver, with the number
// its caller dialled (an extension, a DID, a feature code), and starts a
// call for it. It returns at once; the switch becomes the one reader of
// leg.Events. When the switch is shut down or MaxCalls are in progress, the
// leg is hung up with CauseCongestion before Incoming returns.
func (s *Switch) Incoming(leg Leg, called string) {
	c := newCall(s, "c"+strconv.FormatUint(s.ids.Add(1), 10), leg, called)
	s.mu.Lock()
	if s.closed || s.maxCalls > 0 && len(s.calls) >= s.maxCalls {
		closed := s.closed
		s.mu.Unlock()
		c.cancel()
		c.kill()
		s.log.Warn("call: refused an incoming call", "channel", leg.Channel(), "called", called, "shutting_down", closed)
		go s.drain(leg, false) // not in wg: Shutdown may be waiting on it already
		ctx, cancel := context.WithTimeout(context.Background(), hangupTimeout)
		leg.Hangup(ctx, CauseCongestion)
		cancel()
		return
	}
	s.calls[c] = struct{}{}
	s.wg.Add(1) // the handler goroutine
	s.mu.Unlock()

	s.publish(c, CallStarted, leg.Channel(), 0)
	c.attachCaller()
	go c.run()
}

// ActivePathSteps is how many of a call's latest path steps Active gives.
const ActivePathSteps = 16

// Active returns the calls in progress, oldest first, each with its path
// so far. It is safe for concurrent use.
func (s *Switch) Active() []CallInfo {
	s.mu.Lock()
	out := make([]CallInfo, 0, len(s.calls))
	for c := range s.calls {
		info := c.Info()
		c.mu.Lock()
		info.Path, info.PathEarlier, info.Running = c.livePath(ActivePathSteps)
		c.mu.Unlock()
		out = append(out, info)
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b CallInfo) int {
		return cmp.Or(a.Started.Compare(b.Started), cmp.Compare(len(a.ID), len(b.ID)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Shutdown refuses new calls, ends every call in progress (their handlers'
// contexts are cancelled; the legs are hung up when the handlers return)
// and waits until every call has ended and its record is written, or ctx is
// done.
func (s *Switch) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	calls := slices.Collect(maps.Keys(s.calls))
	s.mu.Unlock()
	for _, c := range calls {
		c.cancel()
		c.leave()
	}
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return errors.Join(errors.New("call: shutdown: calls still in progress"), ctx.Err())
	}
}

// removed forgets an ended call.
func (s *Switch) removed(c *Call) {
	s.mu.Lock()
	delete(s.calls, c)
	s.mu.Unlock()
}

// publish sends an event about c to the subscribers.
func (s *Switch) publish(c *Call, kind CallEventKind, channel string, cause Cause) {
	s.events.publish(CallEvent{
		Kind: kind, At: s.now(), CallID: c.id, Caller: c.from, Called: c.called,
		Channel: channel, Cause: cause,
	})
}

// drain reads the events of a leg that belongs to no call until it ends, so
// that its driver is never left blocked on them, for at most hangupGrace.
// counted says whether the goroutine is in s.wg.
func (s *Switch) drain(leg Leg, counted bool) {
	if counted {
		defer s.wg.Done()
	}
	t := time.NewTimer(hangupGrace)
	defer t.Stop()
	events := leg.Events()
	for {
		select {
		case _, ok := <-events:
			if !ok {
				return
			}
		case <-t.C:
			return
		}
	}
}
