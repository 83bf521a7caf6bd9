package call

import (
	"context"
	"errors"
	"time"
)

// ringing is one target of a Ring in progress.
type ringing struct {
	ls       *legState
	wave     int // RingWaves' wave it was dialled in
	answered bool
	over     bool // ended without answering
}

// Ring implements Control.
func (c *Call) Ring(ctx context.Context, targets []Target, timeout time.Duration) (Leg, error) {
	return c.RingWaves(ctx, [][]Target{targets}, 0, timeout)
}

// dial places one target's leg with the caller's caller ID, or says why
// it could not.
func (c *Call) dial(t Target) (*legState, Cause) { return c.dialAs(t, c.from) }

// dialAs places one target's leg with caller ID from, or says why it
// could not.
func (c *Call) dialAs(t Target, from Party) (*legState, Cause) {
	d := c.sw.dialers[t.Kind]
	if d == nil {
		c.sw.log.Warn("call: ring", "call", c.id, "target", t.String(), "err", ErrNoChannel)
		return nil, CauseUnavailable
	}
	dctx, cancel := context.WithCancel(withCallerCodec(c.life, c.caller.leg))
	leg, err := d.Dial(dctx, t.Address, from)
	if err != nil {
		cancel()
		c.sw.log.Debug("call: ring", "call", c.id, "target", t.String(), "err", err)
		var cause Cause
		if !errors.As(err, &cause) {
			cause = CauseUnavailable
		}
		return nil, cause
	}
	ls := c.attach(leg, cancel)
	if ls == nil { // the call ended meanwhile
		c.sw.wg.Add(1) // safe: the handler's goroutine is counted
		go c.sw.drain(leg, true)
		ctx, hcancel := context.WithTimeout(context.Background(), hangupTimeout)
		leg.Hangup(ctx, CauseNormal)
		hcancel()
		cancel()
		return nil, CauseUnavailable
	}
	c.sw.publish(c, CallRinging, ls.channel, 0)
	return ls, 0
}

// scanRinging goes through what the targets reported since the last scan
// and returns the leg that answered first, if any. It tells an unanswered
// caller that the call rings once a target does, and relays the first
// target's early media to it; the relay stops before the answer returns.
func (c *Call) scanRinging(ctx context.Context, rs []ringing) *legState {
	var win *legState
	var winSeq uint64
	for i := range rs {
		r := &rs[i]
		if r.over {
			continue
		}
		for !r.answered {
			q, ok := r.ls.pop()
			if !ok {
				break
			}
			switch q.ev.Kind {
			case EventProgress:
				if q.ev.Early {
					c.earlyFrom(r.ls)
				}
				c.callerRings(ctx)
			case EventAnswer:
				r.answered = true
				if win == nil || q.seq < winSeq {
					win, winSeq = r.ls, q.seq
				}
			}
		}
		if _, ended := r.ls.hasEnded(); ended && !r.answered {
			r.over = true
			c.stopEarly(r.ls)
		}
	}
	if win != nil {
		c.stopEarly(nil)
	}
	return win
}

// callerRings tells an unanswered caller, once, that the call rings.
func (c *Call) callerRings(ctx context.Context) {
	c.mu.Lock()
	tell := !c.progressed && !c.callerUp
	c.progressed = true
	c.mu.Unlock()
	if tell {
		if err := c.caller.leg.Progress(ctx, false); err != nil {
			c.sw.log.Debug("call: progress", "call", c.id, "err", err)
		}
	}
}

// answeredBy notes that ls answered: the call's answer time and event, if
// it is the first answer.
func (c *Call) answeredBy(ls *legState) {
	c.mu.Lock()
	first := c.answeredAt.IsZero()
	if first {
		ls.mu.Lock()
		c.answeredAt = ls.answered
		ls.mu.Unlock()
		if c.answeredAt.IsZero() {
			c.answeredAt = c.sw.now()
		}
	}
	c.mu.Unlock()
	if first {
		c.sw.publish(c, CallAnswered, ls.channel, 0)
	}
}

// ringWon ends a ring that win answered first: every other target is
// hung up (answered elsewhere), and the answer is noted under step.
func (c *Call) ringWon(rs []ringing, win *legState, step string) {
	for _, r := range rs {
		if r.ls != win {
			r.ls.hangup(CauseNormal)
			r.ls.cancel()
		}
	}
	c.answeredBy(win)
	c.Step(step, "answered "+win.channel)
}

// ringFailed returns, and notes under step, the cause of a ring in which
// every target in rs ended unanswered and those in failed could not be
// dialled (ringCause of them all).
func (c *Call) ringFailed(rs []ringing, failed []Cause, step string) Cause {
	for _, r := range rs {
		cause, _ := r.ls.hasEnded()
		failed = append(failed, cause)
	}
	cause := ringCause(failed)
	c.Step(step, cause.String())
	return cause
}

// stopRinging hangs up every target still ringing.
func stopRinging(rs []ringing, cause Cause) {
	for _, r := range rs {
		r.ls.hangup(cause)
		r.ls.cancel()
	}
}

// ringCause is the cause of a Ring in which every target failed: the one
// they share, else busy when any was busy, else unavailable.
func ringCause(causes []Cause) Cause {
	if len(causes) == 0 {
		return CauseUnavailable
	}
	same := true
	for _, c := range causes {
		if c == CauseBusy {
			return CauseBusy
		}
		same = same && c == causes[0]
	}
	if same && causes[0] != CauseNormal && causes[0] != 0 {
		return causes[0]
	}
	return CauseUnavailable
}
