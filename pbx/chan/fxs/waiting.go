package fxs

import (
	"context"
	"math"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Call waiting (ETSI EN 300 056, ITU-T I.253.1) and call hold (ETSI EN
// 300 139) on a voice port, done by the port itself: the switch sees two
// ordinary legs, one bridged and talking, the other ringing or bridged
// too, and the port decides which of them the phone hears.
//
// A Dial to a voice port in a call (stateTalking, no recall in progress,
// no second call yet) does not fail with call.CauseBusy: it returns the
// port's second leg, which waits. The phone hears the country's call
// waiting tone over the call (the far party does not); no caller ID is
// sent to the phone in a call (off-hook caller ID, CIDCW, is not done).
//
// The flash rule: while a port has a second call (waiting or held), a hook
// flash is the port's own and never reaches the switch as EventFlash, so
// the dial plan's transfer does not start; with one call, a flash goes to
// the switch as before. A flash (register recall) then:
//
//   - with a call waiting: answers it (EventAnswer on its leg) and holds
//     the first;
//   - with a call on hold: swaps the two, holding the one it talked to.
//
// The held leg's far end hears Opts.HoldMusic in place of the phone; what
// it says is dropped. When the call the phone talks to ends from the far
// side, the phone hears busy tone: a flash then takes the other call,
// hanging up rings the phone with it. The phone hanging up with a second
// call rings it back with that call (recall), without caller ID: a call
// that waited is answered by lifting the handset, a held one resumes. A
// held call rung back and not answered within Opts.RecallTime is hung up
// with call.CauseNoAnswer; one that waited keeps the switch's ring timeout.
// The waiting caller giving up (Hangup, or the Dial context ending) stops
// the tone; a held party hanging up leaves the call in progress as it is.

// dialWaiting makes l's second leg for a call from from, which waits.
// p.mu is held; the port is in a voice call with no second call.
func (p *port) dialWaiting(ctx context.Context, from call.Party) call.Leg {
	l := newLeg(p, true, p.cfg.ext)
	p.other = l
	p.media.cw = newToneGen(p, p.cfg.plan.CallWaiting)
	p.log.Info("fxs: call waiting", "leg", l.id, "from", from.Number)
	l.emit(call.Event{Kind: call.EventProgress})
	l.unwatch = context.AfterFunc(ctx, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch {
		case p.leg == l && p.state == stateRinging: // rung back
			l.end(call.CauseNormal)
			p.enterIdle()
		case p.other == l && !l.answered:
			l.end(call.CauseNormal)
		}
	})
	return l
}

// canWait says whether a Dial now would make a waiting call. p.mu is held.
func (p *port) canWait() bool {
	return p.state == stateTalking && p.leg != nil && p.other == nil && p.recall == nil &&
		p.cfg != nil && !p.cfg.fax && !p.leg.fax && p.dev.OffHook()
}

// flashOther handles a flash on a port with a second call: the phone takes
// it, and the call it talked to, if any, is held. p.mu is held.
func (p *port) flashOther() {
	prev := p.leg
	if p.state != stateTalking {
		prev = nil // the far end left: the phone heard busy tone
	}
	p.takeOther()
	if prev != nil {
		p.other = prev
		p.media.hold(prev, p.music())
		p.log.Info("fxs: flash: holds one call, talks to the other", "talks", p.leg.id, "holds", prev.id)
	}
}

// takeOther makes the second call the one the phone talks to, answering it
// if it waited. p.mu is held.
func (p *port) takeOther() {
	o := p.other
	p.other = nil
	p.disarm()
	p.media.stop()
	p.leg, p.state = o, stateTalking
	p.media.connect(o, p.cfg)
	if !o.answered {
		o.answered = true
		o.unwatch()
		o.emit(call.Event{Kind: call.EventAnswer})
	}
}

// ringBack rings the phone, just hung up, with its second call (recall).
// p.mu is held.
func (p *port) ringBack() {
	o := p.other
	p.other = nil
	p.disarm()
	p.media.stop()
	if p.cfg == nil {
		p.cfg = p.current()
	}
	p.leg, p.state, p.digits = o, stateRinging, ""
	p.log.Info("fxs: ringing back with the second call", "leg", o.id, "held", o.answered)
	if o.answered {
		p.media.hold(o, p.music())
		p.arm(p.c.o.RecallTime, func() {
			o.end(call.CauseNoAnswer)
			p.enterIdle()
		})
	}
	p.ring()
}

// dropOther forgets l, the port's second call, which ended. p.mu is held.
func (p *port) dropOther(l *leg) {
	p.other = nil
	if p.media.held == l {
		p.media.held, p.media.music = nil, nil
	}
	p.media.cw = nil
}

// music returns a fresh generator of the hold music, or nil (silence).
// p.mu is held.
func (p *port) music() *dsp.ToneGen {
	if p.c.o.HoldMusic == nil {
		return nil
	}
	return newToneGen(p, *p.c.o.HoldMusic)
}

// newToneGen returns a generator of t, or nil (silence) after logging why
// t cannot play.
func newToneGen(p *port, t dsp.Tone) *dsp.ToneGen {
	g, err := dsp.NewToneGen(t)
	if err != nil {
		p.log.Error("fxs: tone", "err", err)
		return nil
	}
	return g
}

// hold sends music (nil: silence) to l's far end in place of the phone,
// and drops what it sends.
func (m *media) hold(l *leg, music *dsp.ToneGen) { m.held, m.music = l, music }

// tickOther mixes the call waiting tone into out, the frame for the phone,
// and feeds the held leg. p.mu is held.
func (m *media) tickOther(out []int16) {
	if m.cw != nil {
		m.cw.Generate(m.mix[:])
		for i, v := range m.mix[:len(out)] {
			out[i] = int16(max(math.MinInt16, min(math.MaxInt16, int32(out[i])+int32(v))))
		}
	}
	if m.held == nil {
		return
	}
	if m.music != nil {
		m.music.Generate(m.mix[:])
	} else {
		clear(m.mix[:])
	}
	m.held.audio.push(m.mix[:])
	m.held.audio.pull(m.mix[:]) // the held party's voice goes nowhere
}
