package fxs

import (
	"context"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/pbx/call"
)

// hookLoop reads the driver's hook events until ctx ends.
func (p *port) hookLoop(ctx context.Context) {
	events := p.dev.Events()
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-events:
			p.mu.Lock()
			if !p.stopped {
				p.hook(e)
			}
			p.mu.Unlock()
		}
	}
}

// hook handles one debounced hook event. p.mu is held.
func (p *port) hook(e fxs.Event) {
	switch e.Kind {
	case fxs.OffHook:
		p.offHook()
	case fxs.OnHook:
		p.onHook()
	case fxs.Flash:
		if p.recall != nil {
			p.endRecall(p.recall, "", call.ErrFlash)
			return
		}
		switch {
		case p.other != nil && p.state >= stateTalking: // talking, or a tone after the far end left: waiting.go
			p.flashOther()
		case p.state == stateTalking && p.leg != nil:
			p.leg.emit(call.Event{Kind: call.EventFlash})
		}
	case fxs.Digit:
		// Rotary pulses only dial; in a call a short break is no digit.
		if p.state == stateDialTone || p.state == stateDialling || p.recall != nil {
			p.digit(e.Digit)
		}
	}
}

// offHook: the phone was lifted. p.mu is held.
func (p *port) offHook() {
	switch p.state {
	case stateIdle:
		p.enterDialTone()
	case stateMWI:
		p.media.stop() // the indicator is told again at the next idle
		p.setLinefeed(fxs.ForwardActive)
		p.enterDialTone()
	case stateRinging:
		p.answered()
	}
}

// answered: the phone answered the ringing (the driver has already
// stopped ringing on ring trip). p.mu is held.
func (p *port) answered() {
	p.disarm()
	p.media.stop()
	p.setLinefeed(fxs.ForwardActive) // out of the caller ID sequence's polarity
	p.state = stateTalking
	l := p.leg
	l.unwatch()
	p.media.connect(l, p.cfg)
	if !l.answered { // a held call rung back is in progress already
		l.answered = true
		l.emit(call.Event{Kind: call.EventAnswer})
	}
}

// onHook: the phone hung up. p.mu is held.
func (p *port) onHook() {
	if p.leg != nil {
		p.leg.end(call.CauseNormal)
	}
	if p.other != nil {
		p.ringBack()
		return
	}
	p.enterIdle()
}

// digit takes a digit dialled by DTMF or pulses. p.mu is held.
func (p *port) digit(d byte) {
	switch p.state {
	case stateDialTone:
		p.disarm()
		p.media.silence()
		p.state = stateDialling
	case stateDialling:
	case stateTalking:
		if p.recall != nil {
			p.recallDigit(d)
			return
		}
		if p.leg != nil && !p.cfg.fax && !p.leg.fax {
			p.leg.emit(call.Event{Kind: call.EventDigit, Digit: d})
		}
		return
	default:
		return
	}
	if d == '#' && p.digits != "" {
		p.dialNumber(p.digits)
		return
	}
	p.digits += string(d)
	m := MatchInvalid
	if len(p.digits) <= maxDigits {
		m = p.c.matcher.Match(p.n, p.digits)
	}
	switch m {
	case MatchComplete:
		p.dialNumber(p.digits)
	case MatchInvalid:
		p.log.Info("fxs: invalid number dialled", "digits", p.digits)
		p.enterTone(unobtainable(p.cfg.plan))
	default:
		p.arm(p.c.o.InterDigit, func() { p.dialNumber(p.digits) })
	}
}

// dialNumber hands a new leg for number to the switch. p.mu is held.
func (p *port) dialNumber(number string) {
	p.disarm()
	p.media.stop()
	sw := p.c.incomer()
	if sw == nil {
		p.enterTone(p.cfg.plan.Congestion)
		return
	}
	p.state = stateCalling
	l := newLeg(p, false, p.cfg.ext)
	p.leg = l
	p.log.Debug("fxs: calling", "number", number, "leg", l.id)
	go sw.Incoming(l, number) // Incoming may hang the leg up at once, which takes p.mu
}
