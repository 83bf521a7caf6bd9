package call

import (
	"context"
	"strings"
	"time"
)

// Consultation is a Ring in progress that the handler waits on in steps:
// a party that hook-flashed rings a third party, and may hang up (a blind
// transfer) or flash (cancelled) while it rings. Consult returns it; it is
// for the handler's goroutine.
type Consultation struct {
	c       *Call
	step    string
	rs      []ringing
	failed  []Cause
	timer   *time.Timer
	expired <-chan time.Time
	done    bool
}

// Consult implements Transferrer.
func (c *Call) Consult(ctx context.Context, from Party, targets []Target, timeout time.Duration) (*Consultation, error) {
	select {
	case <-c.gone():
		return nil, ErrLegEnded
	default:
	}
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.String()
	}
	k := &Consultation{c: c, step: "consult " + strings.Join(names, " ")}
	for _, t := range targets {
		ls, cause := c.dialAs(t, from)
		if ls == nil {
			k.failed = append(k.failed, cause)
			continue
		}
		k.rs = append(k.rs, ringing{ls: ls})
	}
	if len(k.rs) == 0 {
		cause := ringCause(k.failed)
		c.Step(k.step, cause.String())
		return nil, cause
	}
	if timeout > 0 {
		k.timer = time.NewTimer(timeout)
		k.expired = k.timer.C
	}
	return k, nil
}

// Wait waits until a target answers (its leg is returned; the other
// targets are hung up), the ringing fails (the error is a Cause, as Ring's),
// or one of the legs in watch hangs up, hook-flashes or asks for a transfer
// (answered is nil and ev says which and what; the targets ring on).
// Digits from watch are dropped. After an answer or a failure the
// Consultation is over and Wait returns ErrLegEnded.
func (k *Consultation) Wait(ctx context.Context, watch ...Leg) (answered Leg, ev LegEvent, err error) {
	c := k.c
	if k.done {
		return nil, LegEvent{}, ErrLegEnded
	}
	ws, err := c.lookupAll(watch)
	if err != nil {
		return nil, LegEvent{}, err
	}
	for {
		if win := c.scanRinging(ctx, k.rs); win != nil {
			k.finish()
			c.ringWon(k.rs, win, k.step)
			return win.leg, LegEvent{}, nil
		}
		if ev, ok := watched(ws); ok {
			return nil, ev, nil
		}
		pending := 0
		for i := range k.rs {
			if !k.rs[i].over {
				pending++
			}
		}
		if pending == 0 {
			k.finish()
			return nil, LegEvent{}, c.ringFailed(k.rs, k.failed, k.step)
		}
		select {
		case <-c.wake:
		case <-k.expired:
			c.Step(k.step, CauseNoAnswer.String())
			k.stop(CauseNoAnswer)
			return nil, LegEvent{}, CauseNoAnswer
		case <-ctx.Done():
			return nil, LegEvent{}, ctx.Err()
		case <-c.gone():
			k.stop(CauseNormal)
			return nil, LegEvent{}, ErrLegEnded
		}
	}
}

// Cancel hangs up the targets still ringing. It does nothing once a
// target answered.
func (k *Consultation) Cancel() {
	if k.done {
		return
	}
	k.c.Step(k.step, "cancelled")
	k.stop(CauseNormal)
}

// stop hangs up every target and ends the consultation.
func (k *Consultation) stop(cause Cause) {
	stopRinging(k.rs, cause)
	k.finish()
}

func (k *Consultation) finish() {
	k.done = true
	k.c.stopEarly(nil)
	if k.timer != nil {
		k.timer.Stop()
	}
}

// watched returns the first flash, transfer request or hang-up among
// legs, dropping their other events.
func watched(legs []*legState) (LegEvent, bool) {
	if ev, ok := endedEvent(legs...); ok {
		return ev, true
	}
	for _, ls := range legs {
		for {
			q, ok := ls.pop()
			if !ok {
				break
			}
			if q.ev.Kind == EventFlash || q.ev.Kind == EventTransfer {
				return LegEvent{Leg: ls.leg, Event: q.ev}, true
			}
		}
	}
	return LegEvent{}, false
}
