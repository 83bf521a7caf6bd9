package fxo

import (
	"context"
	"fmt"

	"github.com/hookflash/firmware/pbx/call"
)

// maxDialDigits is the longest number a line dials (E.164 allows 15
// digits; the rest is room for access codes).
const maxDialDigits = 32

// Dial implements call.Dialer for the kind "fxo": address is
// call.TrunkAddress(line, number), where line is the line's name from the
// store or its port number ("2"), and number the digits to dial (0-9, *,
// #, A-D; a PSTN line knows no "+": the dial plan gives E.164 numbers in
// the national form of the line's country). It seizes the line and returns
// at once; the leg then waits for dial tone, dials by DTMF and reports
// EventProgress with early media, and EventAnswer at the answer reversal
// (Line.ReversalAnswer) or as soon as the number is out. A line down or
// disabled fails with call.CauseUnavailable, one in use with
// call.CauseBusy. Cancelling ctx before the answer hangs the leg up.
func (c *Channel) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	name, number, err := parseAddress(address)
	if err != nil {
		return nil, err
	}
	l := c.lineByName(name)
	if l == nil {
		return nil, fmt.Errorf("fxo: no line named %q: %w", name, call.CauseUnavailable)
	}
	lg, err := l.dial(number)
	if err != nil {
		return nil, err
	}
	c.goRun(func() {
		select {
		case <-ctx.Done():
			l.cancelDial(lg)
		case <-lg.up:
		case <-lg.done:
		}
	})
	return lg, nil
}

// parseAddress splits and checks a Dial address.
func parseAddress(address string) (name, number string, err error) {
	name, number, ok := call.SplitTrunkAddress(address)
	if !ok {
		return "", "", fmt.Errorf("fxo: address %q: want line/number, e.g. City/84951234567", address)
	}
	if len(number) > maxDialDigits {
		return "", "", fmt.Errorf("fxo: number %q: longer than %d digits: %w", number, maxDialDigits, call.CauseRejected)
	}
	for i := 0; i < len(number); i++ {
		if !isDTMF(number[i]) {
			return "", "", fmt.Errorf("fxo: number %q: a line dials only 0-9, *, #, A-D (no +: let the outbound rule write the number as the exchange wants it): %w", number, call.CauseRejected)
		}
	}
	return name, number, nil
}

// isDTMF reports whether b is a DTMF digit.
func isDTMF(b byte) bool {
	return b >= '0' && b <= '9' || b == '*' || b == '#' || b >= 'A' && b <= 'D'
}

// dial seizes an idle line for an outgoing call to number.
func (l *line) dial(number string) (*leg, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.cfg.enabled || l.stopped {
		return nil, errLineDown
	}
	switch l.state {
	case stateIdle:
	case stateDown:
		return nil, errLineDown
	default:
		return nil, errLineBusy
	}
	if err := l.seizeLocked(stateSeized); err != nil {
		l.state = l.restState()
		return nil, fmt.Errorf("%w: %w", err, call.CauseUnavailable)
	}
	lg := newLeg(l, call.Party{Number: number}, false)
	l.leg, l.number = lg, number
	l.calls++
	l.log.Info("fxo: outgoing call", "number", number, "leg", lg.id)
	l.timer = l.afterLocked(l.c.o.DialToneWait, func() {
		if l.state == stateSeized {
			l.log.Info("fxo: no dial tone recognised; dialling anyway", "waited", l.c.o.DialToneWait)
			l.dialLocked()
		}
	})
	return lg, nil
}

// dialLocked sends the number: stateSeized -> stateDialling.
func (l *line) dialLocked() {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	done, err := l.tx.send(l.number)
	if err != nil { // cannot happen: parseAddress checked the number
		l.clearDownLocked(err.Error(), call.CauseRejected)
		return
	}
	l.state = stateDialling
	gen := l.gen
	l.c.goRun(func() {
		<-done
		l.dialled(gen)
	})
}

// dialled: the number is out. The exchange's tones are early media from
// now on; without answer supervision the call counts as answered.
func (l *line) dialled(gen uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if gen != l.gen || l.state != stateDialling {
		return
	}
	lg := l.leg
	lg.emitLocked(call.Event{Kind: call.EventProgress, Early: true})
	if l.reversalAnswer {
		l.state = stateAwaitAnswer
		return
	}
	l.state, l.awaitReversal = stateConnected, true
	lg.answerLocked()
}

// cancelDial hangs up an outgoing leg whose Dial context ended before the
// answer.
func (l *line) cancelDial(lg *leg) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lg.ended || lg.answered {
		return
	}
	l.log.Debug("fxo: dial cancelled", "leg", lg.id)
	if l.leg == lg {
		l.endLegLocked(call.CauseNormal)
	}
}
