package call

import (
	"context"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// hangupTimeout bounds one leg.Hangup call the switch makes.
	hangupTimeout = 5 * time.Second
	// hangupGrace is how long a call that ends waits for its legs to
	// report their hang-up before it stops reading their events.
	hangupGrace = 5 * time.Second
	// handlerGrace is how long a call whose legs have all hung up waits for
	// its handler to return (and finish the path) before it ends anyway.
	handlerGrace = 2 * time.Second
	// maxPath bounds the path kept for the call record.
	maxPath = 256
)

// Call is one call: the caller's leg, the legs rung for it, and its handler.
// It implements Control; see there for who may call what.
type Call struct {
	sw     *Switch
	id     string
	called string
	from   Party
	caller *legState

	ctx    context.Context // the handler's: cancelled when the caller ends or the call is shut down
	cancel context.CancelFunc
	life   context.Context // parent of Dial contexts: cancelled once the call has ended
	kill   context.CancelFunc
	away   context.Context // Transferrer's: cancelled once the call ended or the switch shuts down
	leave  context.CancelFunc
	stop   chan struct{} // closed once the call ended: readers stop
	ran    chan struct{} // closed when the handler has returned
	wake   chan struct{} // poked when any leg has news for the handler
	evSeq  atomic.Uint64 // orders events across the call's legs
	frame  Frame         // Play's and Record's buffer; the handler is one goroutine
	tap    Tap           // SetTap's; the handler's goroutine only

	ear      atomic.Pointer[faxEar] // FaxTone's, for a caller whose channel does not detect fax tones
	listener *earListener           // reads the caller's audio for ear between bridges; the handler's goroutine only

	mu          sync.Mutex
	legs        []*legState
	live        int // legs that have not ended
	started     time.Time
	answeredAt  time.Time
	callerUp    bool       // the caller was answered
	early       bool       // the caller has early media
	progressed  bool       // the caller was told it rings
	earlyMedia  *earlyPump // a target's early media on its way to the caller
	melodies    int        // Holds playing to the caller: a target's early media stands back
	peer        *legState
	callerCause Cause
	finished    bool
	vars        map[string]string
	path        []PathStep
	pathLost    int      // steps beyond maxPath
	running     PathStep // the element the handler is in; Running's
}

func newCall(s *Switch, id string, leg Leg, called string) *Call {
	c := &Call{
		sw: s, id: id, called: called, from: leg.Remote(),
		stop: make(chan struct{}), ran: make(chan struct{}), wake: make(chan struct{}, 1),
		started: s.now(),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.life, c.kill = context.WithCancel(context.Background())
	c.away, c.leave = context.WithCancel(c.life)
	c.caller = newLegState(c, leg)
	c.caller.caller = true
	c.legs = append(c.legs, c.caller)
	c.live = 1
	return c
}

// attachCaller starts taking the caller's events.
func (c *Call) attachCaller() { c.caller.listen() }

// attach adds a leg that Ring dialled and starts taking its events. It
// returns nil when the call has already ended.
func (c *Call) attach(leg Leg, cancel context.CancelFunc) *legState {
	ls := newLegState(c, leg)
	ls.dialled, ls.cancel = c.sw.now(), cancel
	c.mu.Lock()
	if c.finished {
		c.mu.Unlock()
		return nil
	}
	c.legs = append(c.legs, ls)
	c.live++
	c.mu.Unlock()
	ls.listen()
	return ls
}

// lookup returns the state of one of the call's legs, or nil.
func (c *Call) lookup(leg Leg) *legState {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ls := range c.legs {
		if ls.leg == leg {
			return ls
		}
	}
	return nil
}

// poke wakes the handler's method, if one waits.
func (c *Call) poke() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// run is the handler goroutine. The call ends when the handler returns,
// unless every leg hung up before.
func (c *Call) run() {
	defer c.sw.wg.Done()
	defer c.finish()
	defer c.quiet()
	defer close(c.ran)
	defer func() {
		if r := recover(); r != nil {
			c.sw.log.Error("call: handler panicked", "call", c.id, "panic", r, "stack", string(debug.Stack()))
			c.mu.Lock()
			if c.callerCause == 0 {
				c.callerCause = CauseCongestion
			}
			c.mu.Unlock()
		}
	}()
	c.sw.handler(c.ctx, c)
}

// legEnded records that ls ended with cause. The caller's end cancels the
// handler's context; the last leg's end ends the call, once the handler has
// had handlerGrace to return and end it itself.
func (c *Call) legEnded(ls *legState, cause Cause) {
	if c.markEnded(ls, cause) {
		c.awaitHandler()
	}
}

// markEnded records that ls ended with cause, without waiting. It reports
// whether that was the last leg of a call not yet finished: then the
// caller must call awaitHandler, for which it is counted in the switch's
// wait group already.
func (c *Call) markEnded(ls *legState, cause Cause) (last bool) {
	now := c.sw.now()
	ls.mu.Lock()
	if ls.isEnded {
		ls.mu.Unlock()
		return false
	}
	ls.isEnded, ls.cause, ls.endedAt = true, cause, now
	close(ls.ended)
	ls.mu.Unlock()

	c.mu.Lock()
	c.live--
	last = c.live == 0 && !c.finished
	if last {
		c.sw.wg.Add(1) // safe: the handler's goroutine is counted until it finishes the call
	}
	c.mu.Unlock()
	if ls.caller {
		c.setCallerCause(cause)
		c.cancel()
	}
	c.poke()
	return last
}

// awaitHandler gives the handler handlerGrace to return once every leg
// has hung up, and ends the call itself when it does not. markEnded
// counted it in the switch's wait group.
func (c *Call) awaitHandler() {
	defer c.sw.wg.Done()
	t := time.NewTimer(handlerGrace)
	defer t.Stop()
	select {
	case <-c.ran: // the handler's goroutine ends the call
	case <-t.C:
		c.sw.log.Warn("call: the handler did not return after every leg hung up", "call", c.id)
		c.finish()
	}
}

// finish ends the call once: it hangs up the legs still up, waits for them
// to report it, writes the call record and tells subscribers.
func (c *Call) finish() {
	c.mu.Lock()
	if c.finished {
		c.mu.Unlock()
		return
	}
	c.finished = true
	legs := c.legs
	hangCause := c.callerCause // set by Hangup, or a panic
	if hangCause == 0 {
		hangCause = CauseUnavailable // nothing picked the call up
		if !c.answeredAt.IsZero() {
			hangCause = CauseNormal
		}
	}
	c.mu.Unlock()
	c.cancel()

	for _, ls := range legs {
		if !ls.caller {
			ls.hangup(CauseNormal)
		} else if ls.hangup(hangCause) {
			c.setCallerCause(hangCause)
		} // else it had ended by itself, and its reader says how
	}
	grace := time.NewTimer(hangupGrace)
wait:
	for _, ls := range legs {
		select {
		case <-ls.ended:
		case <-grace.C:
			c.sw.log.Warn("call: a leg did not report its hang-up", "call", c.id, "channel", ls.channel)
			break wait
		}
	}
	grace.Stop()
	close(c.stop)
	for _, ls := range legs {
		if ls.notified {
			c.markEnded(ls, CauseNormal) // as read does on c.stop; the call is finished: never last
		}
	}
	c.kill()
	for _, ls := range legs {
		if ls.cancel != nil {
			ls.cancel()
		}
	}
	c.setCallerCause(hangCause)
	c.mu.Lock()
	callerCause := c.callerCause
	c.mu.Unlock()

	rec := c.record(c.sw.now())
	if c.sw.records != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := c.sw.records.Create(ctx, &rec); err != nil {
			c.sw.log.Error("call: write call record", "call", c.id, "err", err)
		}
		cancel()
	}
	c.sw.removed(c)
	c.sw.publish(c, CallEnded, c.caller.channel, callerCause)
}

// setCallerCause sets the cause the call record gives, unless it is set:
// the first of the handler's Hangup, the caller's own hang-up, and the
// switch hanging the caller up wins.
func (c *Call) setCallerCause(cause Cause) {
	c.mu.Lock()
	if c.callerCause == 0 {
		c.callerCause = cause
	}
	c.mu.Unlock()
}

// usable returns ErrLegEnded once the caller has hung up or the call ended.
func (c *Call) usable() error {
	if c.ctx.Err() != nil {
		return ErrLegEnded
	}
	return nil
}

// stopErr is the error of a method that stopped waiting because ctx or the
// call's context is done.
func (c *Call) stopErr(ctx context.Context) error {
	if c.ctx.Err() != nil {
		return ErrLegEnded
	}
	return ctx.Err()
}
