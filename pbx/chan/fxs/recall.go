package fxs

import (
	"context"
	"fmt"

	"github.com/hookflash/firmware/pbx/call"
)

// recall is a second number being dialled in a call, after a hook flash
// ("register recall", ETSI ES 201 970 section 13): the phone hears the
// second dial tone, its digits are collected here instead of going to the
// switch as EventDigit, and the leg's audio flows again once it is done.
// Its fields are guarded by the port's mu.
type recall struct {
	digits string
	done   chan struct{}
	number string
	err    error
}

var _ call.NumberCollector = (*leg)(nil)

// CollectNumber implements call.NumberCollector: the port's dial tone to the
// phone, then its digits by DTMF or pulses until Opts.Matcher says the
// number is complete (or cannot be one), '#', or Opts.InterDigit after the
// last digit. A flash returns call.ErrFlash; nothing dialled within
// Opts.ToneTimeout returns call.ErrNoInput. A fax port cannot dial in a
// call.
func (l *leg) CollectNumber(ctx context.Context) (string, error) {
	var rc *recall
	err := l.with(func(p *port) error {
		switch {
		case p.leg != l || p.state != stateTalking:
			return fmt.Errorf("fxs: collect number: port %d is not in a call", p.n)
		case p.cfg.fax:
			return fmt.Errorf("fxs: collect number: port %d is a fax port, which takes no digits in a call", p.n)
		case p.recall != nil:
			return fmt.Errorf("fxs: collect number: port %d already collects one", p.n)
		case p.other != nil:
			return fmt.Errorf("fxs: collect number: port %d has a second call; a flash swaps them", p.n)
		}
		rc = &recall{done: make(chan struct{})}
		p.recall = rc
		p.media.listenDigits()
		p.media.play(p.log, p.cfg.plan.Dial, nil) // over the leg's audio
		p.arm(p.c.o.ToneTimeout, func() { p.endRecall(rc, "", call.ErrNoInput) })
		return nil
	})
	if err != nil {
		return "", err
	}
	select {
	case <-rc.done:
		return rc.number, rc.err
	case <-l.done:
		return "", call.ErrLegEnded
	case <-ctx.Done():
		l.p.mu.Lock()
		l.p.endRecall(rc, "", ctx.Err())
		l.p.mu.Unlock()
		<-rc.done
		return rc.number, rc.err
	}
}

// recallDigit takes a digit dialled during a recall. p.mu is held.
func (p *port) recallDigit(d byte) {
	rc := p.recall
	if rc.digits == "" {
		p.media.silence() // the second dial tone stops at the first digit
	}
	if d == '#' && rc.digits != "" {
		p.endRecall(rc, rc.digits, nil)
		return
	}
	rc.digits += string(d)
	m := MatchInvalid
	if len(rc.digits) <= maxDigits {
		m = p.c.matcher.Match(p.n, rc.digits)
	}
	if m != MatchMore { // complete, or for the dial plan to refuse
		p.endRecall(rc, rc.digits, nil)
		return
	}
	p.arm(p.c.o.InterDigit, func() { p.endRecall(rc, rc.digits, nil) })
}

// endRecall ends rc with number or err, unless it has ended: the tone
// stops and the leg's audio flows again. p.mu is held.
func (p *port) endRecall(rc *recall, number string, err error) {
	if p.recall != rc {
		return
	}
	p.recall = nil
	p.disarm()
	p.media.silence()
	rc.number, rc.err = number, err
	close(rc.done)
}
