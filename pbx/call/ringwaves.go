package call

import (
	"context"
	"strings"
	"time"
)

// WaveRinger is implemented by the switch's Control: a handler rings
// targets in waves that join those already ringing, as a ring group with
// the increasing strategy does (the first member, then the first two, ...
// without ringing the first again).
type WaveRinger interface {
	// RingWaves dials waves[0] at once and each following wave step after
	// the one before, or at once when none of the last wave's targets is
	// still ringing (busy, unreachable). Targets ring on from when they were
	// dialled until one answers, timeout passes since the start (0: until
	// ctx is done or the caller hangs up), or every wave is dialled and
	// every target has ended. Leg and error are Ring's.
	RingWaves(ctx context.Context, waves [][]Target, step, timeout time.Duration) (Leg, error)
}

// RingWaves implements WaveRinger; Ring is RingWaves with one wave.
func (c *Call) RingWaves(ctx context.Context, waves [][]Target, step, timeout time.Duration) (Leg, error) {
	if err := c.usable(); err != nil {
		return nil, err
	}
	if len(waves) == 0 {
		waves = [][]Target{nil} // nothing to ring: unavailable, as Ring says
	}
	var names []string
	for _, w := range waves {
		for _, t := range w {
			names = append(names, t.String())
		}
	}
	what := "ring " + strings.Join(names, " ")
	defer c.stopEarly(nil)

	var rs []ringing
	var failed []Cause
	dialled := 0 // waves dialled so far
	dialWave := func() {
		for _, t := range waves[dialled] {
			ls, cause := c.dial(t)
			if ls == nil {
				failed = append(failed, cause)
				continue
			}
			rs = append(rs, ringing{ls: ls, wave: dialled})
		}
		dialled++
		if len(rs) > 0 {
			// The box rings the targets now: the caller hears that at
			// once (RFC 3261 section 13.3.1.1), not only when a target's
			// own ringing indication comes back, which a SIP phone may
			// send late or never.
			c.callerRings(ctx)
		}
	}

	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	var nextWave *time.Timer
	var due <-chan time.Time
	if len(waves) > 1 {
		nextWave = time.NewTimer(step)
		defer nextWave.Stop()
		due = nextWave.C
	}
	dialWave()
	for {
		if win := c.scanRinging(ctx, rs); win != nil {
			c.ringWon(rs, win, what)
			return win.leg, nil
		}
		pending, lastPending := 0, 0
		for i := range rs {
			if !rs[i].over {
				pending++
				if rs[i].wave == dialled-1 {
					lastPending++
				}
			}
		}
		if dialled < len(waves) && lastPending == 0 { // the last wave is not ringing: on to the next
			dialWave()
			nextWave.Reset(step)
			continue
		}
		if pending == 0 {
			return nil, c.ringFailed(rs, failed, what)
		}
		select {
		case <-c.wake:
			continue
		case <-due:
			if dialled < len(waves) {
				dialWave()
				nextWave.Reset(step)
			}
			continue
		case <-expired:
			c.Step(what, CauseNoAnswer.String())
			stopRinging(rs, CauseNoAnswer)
			return nil, CauseNoAnswer
		case <-c.ctx.Done():
		case <-ctx.Done():
		}
		if _, ended := c.caller.hasEnded(); ended {
			c.Step(what, "caller hung up")
		} else {
			c.Step(what, "cancelled")
		}
		stopRinging(rs, CauseNormal)
		return nil, c.stopErr(ctx)
	}
}
