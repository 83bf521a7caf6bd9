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

// legState is the switch's side of one leg of a call: the goroutine that
// reads the leg's events (read), the events kept for the handler, and what
// the call record needs. The handler's methods consume the events; the
// reader never waits for them.
type legState struct {
	c       *Call
	leg     Leg
	channel string
	caller  bool
	dialled time.Time          // when Ring dialled it (zero for the caller)
	cancel  context.CancelFunc // ends the Dial context; nil for the caller

	ended chan struct{} // closed when the leg has ended

	mu       sync.Mutex
	q        [queueLen]queued
	head, n  int
	answered time.Time // when it answered (outbound legs)
	endedAt  time.Time
	cause    Cause // how it ended, once ended is closed
	isEnded  bool
}

// read is the leg's reader goroutine: it keeps events for the handler and
// reports the hang-up to the call, until the leg's events end or the call
// stops waiting for them.
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
			if ev.At.IsZero() {
				ev.At = c.sw.now()
			}
			ls.push(ev, c.evSeq.Add(1))
			c.poke()
		case <-c.stop:
			c.legEnded(ls, CauseNormal)
			return
		}
	}
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
