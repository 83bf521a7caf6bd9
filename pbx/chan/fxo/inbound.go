package fxo

import (
	"context"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// callerIDHold is how long caller ID heard before the first ring (DTMF,
// EN 300 659-1 section 6.1.1 a) is kept for it.
const callerIDHold = 10 * time.Second

// ringStartLocked takes a validated ring (Si3050 "Ring Validation": the
// driver's RingStart).
func (l *line) ringStartLocked() {
	if l.stopped {
		return
	}
	if l.ringTimer != nil {
		l.ringTimer.Stop()
		l.ringTimer = nil
	}
	switch l.state {
	case stateIdle, stateInUse:
		l.gen++
		l.state, l.rings = stateAlerting, 1
		if l.callerAt.IsZero() || time.Since(l.callerAt) > callerIDHold {
			l.caller, l.callerAt = call.Party{}, time.Time{}
			return
		}
		l.offerLocked() // DTMF caller ID came before the first ring
	case stateAlerting:
		l.rings++
		if l.rings >= 2 {
			l.offerLocked() // no caller ID after the first ring
		}
	case stateOffered, stateRefused:
		l.rings++
	}
}

// ringEndLocked takes the end of a ring: if no other ring starts within
// Opts.RingGap, the exchange has stopped ringing.
func (l *line) ringEndLocked() {
	if !l.state.ringing() {
		return
	}
	if l.ringTimer != nil {
		l.ringTimer.Stop()
	}
	l.ringTimer = l.afterLocked(l.c.o.RingGap, l.ringGapLocked)
}

// ringGapLocked: the rings stopped before the call was answered.
func (l *line) ringGapLocked() {
	l.ringTimer = nil
	switch l.state {
	case stateOffered:
		l.log.Info("fxo: the caller gave up before the answer", "caller", l.caller.Number)
		lg := l.leg
		l.leg = nil
		lg.endLocked(call.CauseNormal)
	case stateAlerting, stateRefused:
	default:
		return
	}
	l.gen++
	l.caller, l.callerAt = call.Party{}, time.Time{}
	l.state = l.restState()
}

// onCallerID takes caller ID decoded from the on-hook line: FSK in the
// pause after the first ring, or DTMF before it.
func (l *line) onCallerID(p call.Party) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.log.Debug("fxo: caller id", "number", p.Number, "name", p.Name, "state", l.state)
	switch l.state {
	case stateIdle, stateInUse:
		l.caller, l.callerAt = p, time.Now()
	case stateAlerting:
		l.caller, l.callerAt = p, time.Now()
		l.offerLocked()
	}
}

// offerLocked hands a new inbound leg to the switch, or lets the call ring
// out on a line that is disabled or not configured.
func (l *line) offerLocked() {
	if !l.cfg.enabled {
		l.log.Info("fxo: the line rings but is disabled or not configured; not answering")
		l.state = stateRefused
		return
	}
	lg := newLeg(l, l.caller, true)
	l.leg, l.state = lg, stateOffered
	l.callerAt = time.Time{} // this call's caller ID: the next call waits for its own
	l.calls++
	called := l.cfg.number
	l.log.Info("fxo: incoming call", "caller", l.caller.Number, "leg", lg.id)
	l.c.goRun(func() { l.c.sw.Incoming(lg, called) })
}

// answer seizes the line for an offered inbound leg (Answer, or
// Progress with early media).
func (l *line) answer(ctx context.Context, lg *leg) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lg.ended {
		return call.ErrLegEnded
	}
	if l.leg != lg || l.state != stateOffered {
		return nil // already seized
	}
	if err := l.seizeLocked(stateConnected); err != nil {
		l.leg, l.state = nil, stateRefused
		lg.endLocked(call.CauseUnavailable)
		return err
	}
	lg.answered = true
	close(lg.up)
	return nil
}
