package fxs

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// eventBuffer is how many events may wait for the switch; one more place
// is kept for the final EventHangup, so that it is never lost.
const eventBuffer = 32

// leg is a call.Leg on an FXS port: the phone's side of one call. A leg
// the phone made (dialled false) is the caller of its call; a leg from
// Dial (dialled true) rings the phone. Its methods are safe for concurrent
// use; its fields after audio are guarded by the port's mu.
type leg struct {
	p       *port
	id      string
	remote  call.Party
	dialled bool
	events  chan call.Event
	done    chan struct{} // closed when the leg ends
	audio   *audio

	ended    bool
	answered bool        // the call is in progress: answered by the phone or the switch
	fax      bool        // the call carries a fax (CarryFax): handled as on a fax port
	unwatch  func() bool // stops watching the Dial context
}

func newLeg(p *port, dialled bool, remote call.Party) *leg {
	l := &leg{
		p: p, id: fmt.Sprintf("%s/%x", p.channel, p.c.legIDs.Add(1)), remote: remote, dialled: dialled,
		events: make(chan call.Event, eventBuffer+1), done: make(chan struct{}),
		unwatch: func() bool { return false },
	}
	l.audio = newAudio(l.done)
	return l
}

// ID implements call.Leg.
func (l *leg) ID() string { return l.id }

// Channel implements call.Leg: "fxs/N".
func (l *leg) Channel() string { return l.p.channel }

// Remote implements call.Leg: the port's extension, caller or called.
func (l *leg) Remote() call.Party { return l.remote }

// Events implements call.Leg.
func (l *leg) Events() <-chan call.Event { return l.events }

// Audio implements call.Leg: the port's PCM, echo cancelled on voice
// ports.
func (l *leg) Audio() call.Audio { return l.audio }

// emit queues ev for the switch. The port's mu is held, so events keep
// their order and none follows EventHangup; an event that finds the buffer
// full is dropped, except EventHangup.
func (l *leg) emit(ev call.Event) {
	if l.ended {
		return
	}
	ev.At = time.Now()
	if ev.Kind != call.EventHangup && len(l.events) >= eventBuffer {
		l.p.log.Warn("fxs: event dropped; the switch does not read the leg's events", "leg", l.id, "event", ev.Kind)
		return
	}
	l.events <- ev
}

// end reports EventHangup with cause and ends the leg: its audio stops and
// the port forgets it. The port's mu is held.
func (l *leg) end(cause call.Cause) {
	if l.ended {
		return
	}
	l.emit(call.Event{Kind: call.EventHangup, Cause: cause})
	l.ended = true
	l.unwatch()
	close(l.events)
	close(l.done)
	p := l.p
	if p.other == l {
		p.dropOther(l)
	}
	if p.leg == l {
		if p.recall != nil {
			p.endRecall(p.recall, "", call.ErrLegEnded)
		}
		p.leg = nil
		if p.media.leg == l {
			p.media.stop()
		}
	}
}

// with runs fn with the port's mu held, unless the leg has ended
// (call.ErrLegEnded).
func (l *leg) with(fn func(p *port) error) error {
	l.p.mu.Lock()
	defer l.p.mu.Unlock()
	if l.ended {
		return call.ErrLegEnded
	}
	return fn(l.p)
}

// Progress implements call.Leg: ringback tone to the phone (early false),
// or the far end's early media (early true).
func (l *leg) Progress(ctx context.Context, early bool) error {
	return l.with(func(p *port) error {
		if p.leg != l || p.state != stateCalling {
			return nil
		}
		switch {
		case early:
			p.media.stop()
			p.media.leg = l
		case p.media.tone == nil && p.media.leg == nil:
			p.media.play(p.log, p.cfg.plan.Ringback, nil)
		}
		return nil
	})
}

// Answer implements call.Leg: the switch answered the phone's call, which
// is now in progress. A leg that rings the phone is answered by lifting
// the handset, not by Answer.
func (l *leg) Answer(ctx context.Context) error {
	return l.with(func(p *port) error {
		if p.leg == l && p.state == stateCalling {
			l.answered = true
			p.disarm()
			p.media.stop()
			p.state = stateTalking
			p.media.connect(l, p.cfg)
		}
		return nil
	})
}

// Hangup implements call.Leg. A ringing phone stops ringing; a waiting
// call stops its tone, a held one its music; a phone off the hook hears
// busy tone (after an answer, or for call.CauseBusy, CauseNoAnswer and
// CauseNormal), the special information tone for a number that exists
// nowhere (CauseNotFound), or congestion tone (any other cause) until it
// hangs up.
func (l *leg) Hangup(ctx context.Context, cause call.Cause) error {
	return l.with(func(p *port) error {
		state := p.state
		l.end(cause)
		if p.leg != nil { // not the port's leg: nothing more to do
			return nil
		}
		switch state {
		case stateRinging:
			p.enterIdle()
		case stateCalling, stateTalking:
			p.enterTone(failedTone(p.cfg.plan, state == stateTalking, cause))
			if p.other != nil && p.other.answered {
				p.media.hold(p.other, p.music())
			}
		}
		return nil
	})
}

// CarryFax switches the leg, on a voice port, to carry a fax for the rest
// of its call, as a port in fax mode does: no echo canceller, no DTMF
// detection, no digits or call-waiting tones sent to the phone. The dial
// plan calls it once it heard a fax tone in the call.
func (l *leg) CarryFax() {
	l.with(func(p *port) error {
		l.fax = true
		if p.media.leg == l {
			p.media.listen, p.media.cancel = false, false
		}
		return nil
	})
}

// SendDigits implements call.Leg: DTMF tones to the phone. A fax port
// takes no tones in a call: the digits are dropped.
func (l *leg) SendDigits(ctx context.Context, digits string) error {
	return l.with(func(p *port) error {
		if p.cfg != nil && p.cfg.fax || l.fax || p.leg != l { // no tones to a fax, or to a held or waiting call
			return nil
		}
		if err := p.media.gen.Send(digits); err != nil {
			return fmt.Errorf("fxs: send digits: %w", err)
		}
		return nil
	})
}

// dial rings the phone for a call from from. p.mu is not held.
func (p *port) dial(ctx context.Context, from call.Party) (call.Leg, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || p.c.incomer() == nil {
		return nil, fmt.Errorf("fxs: port %d is not in service: %w", p.n, call.CauseUnavailable)
	}
	if p.canWait() {
		return p.dialWaiting(ctx, from), nil
	}
	if (p.state != stateIdle && p.state != stateMWI) || p.dev.OffHook() {
		return nil, fmt.Errorf("fxs: port %d is in use: %w", p.n, call.CauseBusy)
	}
	if p.state == stateMWI { // the indicator is told again at the next idle
		p.setLinefeed(fxs.ForwardActive)
	}
	p.cfg = p.current()
	seq, err := p.callerIDSeq(p.cfg, from, time.Now())
	if err != nil {
		p.log.Warn("fxs: ringing without caller ID", "caller_id", p.cfg.callerID, "err", err)
	}
	p.media.stop()
	if seq != nil {
		p.media.clip = seq
	} else if err := p.dev.Ring(&p.cfg.ringing); err != nil {
		p.enterIdle()
		return nil, fmt.Errorf("fxs: port %d: ring: %w: %w", p.n, err, call.CauseBusy)
	}
	p.state = stateRinging
	l := newLeg(p, true, p.cfg.ext)
	p.leg = l
	l.emit(call.Event{Kind: call.EventProgress})
	l.unwatch = context.AfterFunc(ctx, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.leg == l && p.state == stateRinging {
			l.end(call.CauseNormal)
			p.enterIdle()
		}
	})
	return l, nil
}

// mode returns store.FXSFax or store.FXSVoice.
func (cfg *portConfig) mode() string {
	if cfg.fax {
		return store.FXSFax
	}
	return store.FXSVoice
}
