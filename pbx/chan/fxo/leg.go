package fxo

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// eventBuffer is how many events may wait for the switch; one more place
// is kept for the final EventHangup, so that it is never lost.
const eventBuffer = 32

// FaxDetector is implemented by the channel's legs: FaxTone returns a
// channel that is closed when a fax or modem tone is first heard from the
// far end (T.30 CNG from a calling fax, CED or a V.25 answer tone from a
// called one), so that the switch or the scenario can move the call to a
// fax port. It is never closed otherwise. Safe for concurrent use.
type FaxDetector interface {
	FaxTone() <-chan struct{}
}

// leg is a call.Leg on a PSTN line. Its fields after the first block are
// guarded by the line's mu; its methods are safe for concurrent use.
type leg struct {
	l        *line
	id       string
	channel  string
	remote   call.Party
	inbound  bool
	events   chan call.Event
	done     chan struct{} // closed when the leg ends
	up       chan struct{} // closed at the answer
	fax      chan struct{} // closed at the first fax tone
	rx       chan call.Frame
	sendMu   sync.Mutex // serialises SendDigits
	audio    *legAudio
	ended    bool
	answered bool
	faxSeen  bool
}

var _ FaxDetector = (*leg)(nil)

func newLeg(l *line, remote call.Party, inbound bool) *leg {
	lg := &leg{
		l: l, channel: l.channel(), remote: remote, inbound: inbound,
		id:     fmt.Sprintf("%s/%x", l.channel(), l.c.legIDs.Add(1)),
		events: make(chan call.Event, eventBuffer+1),
		done:   make(chan struct{}), up: make(chan struct{}), fax: make(chan struct{}),
		rx: make(chan call.Frame, rxFrames),
	}
	lg.audio = &legAudio{lg: lg}
	return lg
}

// ID implements call.Leg.
func (lg *leg) ID() string { return lg.id }

// Channel implements call.Leg: "fxo/N", N the port.
func (lg *leg) Channel() string { return lg.channel }

// Remote implements call.Leg: the caller ID of an inbound call (empty when
// the line gave none), the number dialled of an outgoing one.
func (lg *leg) Remote() call.Party { return lg.remote }

// Events implements call.Leg.
func (lg *leg) Events() <-chan call.Event { return lg.events }

// Audio implements call.Leg: the line's audio with the hybrid's echo
// cancelled, from the seizure on (before it, frames of silence).
func (lg *leg) Audio() call.Audio { return lg.audio }

// FaxTone implements FaxDetector.
func (lg *leg) FaxTone() <-chan struct{} { return lg.fax }

// Progress implements call.Leg. Ringing (early false) changes nothing: the
// exchange rings the caller already. Early media needs a path to the
// caller, which a PSTN line opens only by seizing it: the call is
// answered towards the exchange then (and billed).
func (lg *leg) Progress(ctx context.Context, early bool) error {
	if !lg.inbound {
		return errors.New("fxo: progress: the leg is outgoing")
	}
	if !early {
		lg.l.mu.Lock()
		defer lg.l.mu.Unlock()
		if lg.ended {
			return call.ErrLegEnded
		}
		return nil
	}
	return lg.l.answer(ctx, lg)
}

// Answer implements call.Leg: the line is seized (Si3050 register 5, OH).
func (lg *leg) Answer(ctx context.Context) error {
	if !lg.inbound {
		return errors.New("fxo: answer: the leg is outgoing")
	}
	return lg.l.answer(ctx, lg)
}

// Hangup implements call.Leg: the line goes on-hook. An unanswered
// inbound call cannot be refused on a PSTN line: it is left to ring out.
func (lg *leg) Hangup(ctx context.Context, cause call.Cause) error {
	l := lg.l
	l.mu.Lock()
	defer l.mu.Unlock()
	if lg.ended {
		return call.ErrLegEnded
	}
	if l.leg != lg { // cannot happen: a leg that is not the line's has ended
		lg.endLocked(cause)
		return nil
	}
	if l.state == stateOffered {
		l.leg, l.state = nil, stateRefused
		lg.endLocked(cause)
		return nil
	}
	l.endLegLocked(cause)
	return nil
}

// SendDigits implements call.Leg: in-band DTMF on the line (Opts.DTMF).
// It returns when the last digit is out, or with ctx's error.
func (lg *leg) SendDigits(ctx context.Context, digits string) error {
	for i := 0; i < len(digits); i++ {
		if !isDTMF(digits[i]) {
			return fmt.Errorf("fxo: send digits: %q is not a DTMF digit; use 0-9, *, #, A-D", digits[i])
		}
	}
	lg.sendMu.Lock()
	defer lg.sendMu.Unlock()
	l := lg.l
	l.mu.Lock()
	if lg.ended {
		l.mu.Unlock()
		return call.ErrLegEnded
	}
	if l.leg != lg || !l.state.offHook() {
		l.mu.Unlock()
		return errors.New("fxo: send digits: the line is not seized yet")
	}
	done, err := l.tx.send(digits)
	l.mu.Unlock()
	if err != nil {
		return err
	}
	select {
	case <-done:
		return nil
	case <-lg.done:
		return call.ErrLegEnded
	case <-ctx.Done():
		return ctx.Err()
	}
}

// emitLocked queues ev for the switch; the line's mu is held, so events
// keep their order and none follows EventHangup. An event that finds the
// buffer full is dropped, except EventHangup, for which a place is kept.
func (lg *leg) emitLocked(ev call.Event) {
	if lg.ended {
		return
	}
	ev.At = time.Now()
	if ev.Kind != call.EventHangup && len(lg.events) >= eventBuffer {
		lg.l.log.Warn("fxo: event dropped; the switch does not read the leg's events", "leg", lg.id, "event", ev.Kind)
		return
	}
	lg.events <- ev
}

// answerLocked reports the far end's answer of an outgoing leg.
func (lg *leg) answerLocked() {
	if lg.ended || lg.answered {
		return
	}
	lg.answered = true
	close(lg.up)
	lg.emitLocked(call.Event{Kind: call.EventAnswer})
}

// faxLocked reports the first fax tone.
func (lg *leg) faxLocked() {
	if !lg.faxSeen {
		lg.faxSeen = true
		close(lg.fax)
	}
}

// endLocked reports EventHangup and closes the leg. It reports false when
// the leg had already ended.
func (lg *leg) endLocked(cause call.Cause) bool {
	if lg.ended {
		return false
	}
	lg.emitLocked(call.Event{Kind: call.EventHangup, Cause: cause})
	lg.ended = true
	close(lg.events)
	close(lg.done)
	return true
}
