package call

import (
	"context"
	"strings"
	"sync"
	"time"
)

// queueLen is how many events a leg keeps for the handler; beyond it the
// oldest is dropped.
const queueLen = 16

// queued is an event with its place in the order of the call's events.
type queued struct {
	ev  Event
	seq uint64
}

// legState is the switch's side of one leg of a call: what takes the
// leg's events (take, or the goroutine read), the events kept for the
// handler, and what the call record needs. The handler's methods consume
// the events; whatever takes them never waits for them.
type legState struct {
	c       *Call
	leg     Leg
	channel string
	caller  bool
	dialled time.Time          // when Ring dialled it (zero for the caller)
	cancel  context.CancelFunc // ends the Dial context; nil for the caller
	// notified: the leg hands its events to take (an EventNotifier), so
	// no reader ends it when the call stops; finish does. Set by newLegState.
	notified bool

	ended chan struct{} // closed when the leg has ended

	mu       sync.Mutex
	q        [queueLen]queued
	head, n  int
	answered time.Time // when it answered (outbound legs)
	endedAt  time.Time
	cause    Cause // how it ended, once ended is closed
	isEnded  bool
}

// newLegState returns the state of leg in c; the caller sets the rest.
func newLegState(c *Call, leg Leg) *legState {
	_, notified := leg.(EventNotifier)
	return &legState{c: c, leg: leg, channel: leg.Channel(), notified: notified, ended: make(chan struct{})}
}

// listen starts taking the leg's events: from the leg itself when it is
// an EventNotifier (take), else with a reader goroutine (read). Call it
// once, with the leg counted in c.live.
func (ls *legState) listen() {
	if ls.notified {
		ls.leg.(EventNotifier).NotifyEvents(ls.take)
		return
	}
	ls.c.sw.wg.Add(1) // safe: the handler's goroutine or Incoming's caller is counted
	go ls.read()
}

// read is the reader goroutine of a leg that is no EventNotifier: it
// keeps events for the handler and reports the hang-up to the call, until
// the leg's events end or the call stops waiting for them.
func (ls *legState) read() {
	c := ls.c
	defer c.sw.wg.Done()
	events := ls.leg.Events()
	for {
		select {
		case ev, ok := <-events:
			switch {
			case !ok:
				c.legEnded(ls, CauseNormal)
				return
			case ev.Kind == EventHangup:
				c.legEnded(ls, ev.Cause)
				return
			}
			ls.keep(ev)
		case <-c.stop:
			c.legEnded(ls, CauseNormal)
			return
		}
	}
}

// take is the function an EventNotifier leg calls with its events: it
// does what read does with each, without waiting; when the hang-up was
// the last leg's, the wait for the handler (awaitHandler) goes on a
// goroutine of its own.
func (ls *legState) take(ev Event) {
	if ev.Kind != EventHangup {
		ls.keep(ev)
		return
	}
	if c := ls.c; c.markEnded(ls, ev.Cause) {
		go c.awaitHandler()
	}
}

// keep keeps ev for the handler and wakes it.
func (ls *legState) keep(ev Event) {
	c := ls.c
	if ev.At.IsZero() {
		ev.At = c.sw.now()
	}
	ls.push(ev, c.evSeq.Add(1))
	c.poke()
}

// push keeps ev, dropping the oldest event when the queue is full.
func (ls *legState) push(ev Event, seq uint64) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ev.Kind == EventAnswer && ls.answered.IsZero() {
		ls.answered = ev.At
	}
	if ls.n == queueLen {
		ls.head = (ls.head + 1) % queueLen
		ls.n--
	}
	ls.q[(ls.head+ls.n)%queueLen] = queued{ev, seq}
	ls.n++
}

// pop takes the oldest kept event.
func (ls *legState) pop() (queued, bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.n == 0 {
		return queued{}, false
	}
	q := ls.q[ls.head]
	ls.head = (ls.head + 1) % queueLen
	ls.n--
	return q, true
}

// dropDigits drops the kept digit events, keeping the others in order.
func (ls *legState) dropDigits() {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	kept := 0
	for i := range ls.n {
		q := ls.q[(ls.head+i)%queueLen]
		if q.ev.Kind != EventDigit {
			ls.q[(ls.head+kept)%queueLen] = q
			kept++
		}
	}
	ls.n = kept
}

// stopDigit drops kept events until the oldest is a digit in stopOn, which
// it returns and leaves kept.
func (ls *legState) stopDigit(stopOn string) (byte, bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for ls.n > 0 {
		ev := ls.q[ls.head].ev
		if ev.Kind == EventDigit && strings.IndexByte(stopOn, ev.Digit) >= 0 {
			return ev.Digit, true
		}
		ls.head = (ls.head + 1) % queueLen
		ls.n--
	}
	return 0, false
}

// ended reports whether the leg has ended, and how.
func (ls *legState) hasEnded() (Cause, bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.cause, ls.isEnded
}

// hangup hangs the leg up with cause unless it has ended, with a context of
// its own so that a cancelled operation still ends its legs. It reports
// whether the leg took the hang-up.
func (ls *legState) hangup(cause Cause) bool {
	if _, ended := ls.hasEnded(); ended {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), hangupTimeout)
	defer cancel()
	if err := ls.leg.Hangup(ctx, cause); err != nil {
		ls.c.sw.log.Debug("call: hang up", "call", ls.c.id, "channel", ls.channel, "err", err)
		return false
	}
	return true
}
