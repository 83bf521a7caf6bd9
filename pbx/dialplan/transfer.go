package dialplan

import (
	"context"
	"errors"

	"github.com/hookflash/firmware/pbx/call"
)

// transfer is what follows a hook flash in a call between the caller and
// one other party (the legs of the flashing party and the held party):
// the held party hears music on hold, the flashing party the second dial
// tone (call.NumberCollector), and the number it dials is routed as a call
// from it, at its extension's outbound level, and rung. Then:
//
//   - a flash instead of a number, no number, a number the plan refuses,
//     or a third party that does not answer (busy, no answer): back to
//     the held party;
//   - the flashing party hangs up while the third party rings: a blind
//     transfer; the held party hears ringback and talks to the third party
//     once it answers;
//   - the third party answers: the flashing party talks to it (attended);
//     a flash swaps whom it talks to and whom the music holds, and its
//     hanging up joins the other two.
//
// Only the first attempt of the third party's route is rung (no backup
// lines); an extension's forwards are followed, once (thirdParty). When the flashing party hangs up before dialling, or the held
// party hangs up while the third rings, the call ends.
type transfer struct {
	p     *Plan
	c     call.Control
	tr    call.Transferrer
	cfg   *config
	ctx   context.Context // not cancelled by the caller's hang-up: a transferring caller hangs up
	flash call.Leg        // the party that flashed, held or asked for the transfer
	held  call.Leg
}

// Transferred carries out a transfer request (end.Event is EventTransfer)
// or a hook flash that ended a bridge in a call another handler drives
// (the scenario engine's inbound calls), as the plan's own calls do: a
// number is routed as a call from the party that asked, at its
// extension's outbound level, so that a REFER to an outside number goes
// through the outbound rules and is refused (the two talk on; the call's
// path says "rejected" and why) when that extension may not call out; a
// REFER with Replaces joins the other party with the phone's other call.
// back is the leg the caller talks to next when ok is true; ok false means
// the transfer ended the call's conversation. When the caller was joined
// to a party that then hung up, back is that party, ended, with ok true:
// the handler's next Bridge reports its hang-up, and the handler goes on
// as after any call its callee hung up (the scenario engine asks for the
// route's rating). It uses the configuration current now, and is for the
// call's handler goroutine.
func (p *Plan) Transferred(ctx context.Context, c call.Control, end call.BridgeEnd) (back call.Leg, ok bool) {
	return p.transferred(ctx, c, p.cfg.Load(), end)
}

// transferred carries out what ended a bridge: a flash (the transfer
// above, or a hold by a phone that holds calls itself) or a transfer
// request (a SIP REFER: the other party is transferred blind to the
// number asked for, as when the flashing party hangs up while the third
// party rings). It returns the leg that the caller talks to next, with ok
// true, when the call goes back to the talk loop; ok false when the call
// is over.
func (p *Plan) transferred(ctx context.Context, c call.Control, cfg *config, end call.BridgeEnd) (back call.Leg, ok bool) {
	tr, isTr := c.(call.Transferrer)
	if !isTr {
		return end.Peer, true
	}
	x := &transfer{p: p, c: c, tr: tr, cfg: cfg, ctx: context.WithoutCancel(ctx), flash: end.Peer, held: tr.CallerLeg()}
	if end.ByCaller {
		x.flash, x.held = x.held, x.flash
	}
	if end.Event.Kind == call.EventTransfer {
		if end.Event.Replaces != "" {
			return x.replace(end.Event.Replaces)
		}
		return x.blind(end.Event.Target)
	}
	if _, can := x.flash.(call.NumberCollector); !can {
		return x.holdByPhone()
	}
	return x.run()
}

// holdByPhone is a flash from a phone that holds the call itself and dials the
// third party on a call of its own (a SIP phone's hold): the held party
// hears music on hold until the phone takes the call back (its next
// flash), asks for the held party to be transferred (blind, REFER; a
// transfer that fails leaves the call held), or either hangs up, which
// ends the call.
func (x *transfer) holdByPhone() (call.Leg, bool) {
	x.c.Step("hold", x.flash.Channel()+" holds "+x.held.Channel())
	for {
		resume := x.tr.Hold(x.held, source(x.p.hold.music))
		ev, err := x.tr.Watch(x.ctx, x.flash, x.held)
		resume()
		switch {
		case err != nil:
			return nil, false
		case ev.Leg == x.flash && ev.Event.Kind == call.EventFlash:
			x.c.Step("hold", x.flash.Channel()+" resumes")
			return x.back(x.held)
		case ev.Leg == x.flash && ev.Event.Kind == call.EventTransfer && ev.Event.Replaces != "":
			return x.replace(ev.Event.Replaces)
		case ev.Leg == x.flash && ev.Event.Kind == call.EventTransfer:
			back, ok := x.blind(ev.Event.Target)
			if !ok || back != x.back1() {
				return back, ok // transferred, or the call is over
			}
			// The transfer failed: the phone still holds the call, and
			// takes it back with its next flash (RFC 5589 section 6.2).
			continue
		}
		return nil, false // a hang-up, or the held party's own flash or transfer
	}
}

// blind transfers the held party to number, routed as a call from the
// party that asked, at its extension's outbound level, as a number dialled
// after a hook flash is. The held party hears ringback, the asking party
// stays in the call until the third party answers: then it is told the
// transfer is done and hung up, its part done (RFC 5589 section 6.1), and
// the held party talks to the third party. A number the plan refuses or
// nobody can ring, or a third party that does not answer, is reported to
// the asking party (call.ReportTransfer), and the two talk on (section
// 6.2); when the asking party left meanwhile, the call ends with the
// third party's cause.
func (x *transfer) blind(number string) (call.Leg, bool) {
	k, cause := x.dial("blind to ", number, x.held.Remote())
	if k == nil {
		call.ReportTransfer(x.flash, cause)
		return x.back(x.held)
	}
	resume := x.tr.Hold(x.held, source(x.p.hold.ringback))
	third, _, err := k.Wait(x.ctx, x.held)
	resume()
	if third == nil {
		k.Cancel()
		cause := causeOf(err)
		if cause == 0 { // the held party left: the call's end tells the asking party
			return nil, false
		}
		call.ReportTransfer(x.flash, cause)
		if e, can := x.c.(legEnded); !can || !e.Ended(x.flash) {
			x.c.Step("transfer", number+": "+cause.String()+"; back to "+x.flash.Channel())
			return x.back(x.held)
		}
		x.c.Step("transfer", x.held.Channel()+" hung up: "+cause.String())
		x.held.Hangup(x.ctx, cause)
		return nil, false
	}
	call.ReportTransfer(x.flash, 0)
	x.flash.Hangup(x.ctx, call.CauseNormal)
	return x.final(x.held, third)
}

// legEnded is implemented by the switch's Control (call.Call.Ended).
type legEnded interface {
	Ended(leg call.Leg) bool
}

// dial routes number as a call from the flashing party, at its
// extension's outbound level, notes the route under what, and rings the
// first attempt of the route as a call from from; an extension's forwards
// are followed as for a call dialled to it (thirdParty). When the plan
// refuses the number or nobody can ring it, tp is nil and cause says why.
func (x *transfer) dial(what, number string, from call.Party) (tp *thirdParty, cause call.Cause) {
	r := x.cfg.route(x.flash.Channel(), x.flash.Remote().Number, number, x.p.up)
	if r.Cause != 0 {
		x.c.Step("transfer", what+number+": "+r.Cause.String()+": "+r.Why)
		return nil, r.Cause
	}
	x.c.Step("transfer", what+number+": "+r.Why)
	tp, err := x.consult(r, from)
	if err != nil {
		if cause = causeOf(err); cause == 0 {
			cause = call.CauseUnavailable
		}
		return nil, cause
	}
	return tp, 0
}

// run holds the held party and consults the number the flashing one dials.
func (x *transfer) run() (call.Leg, bool) {
	resume := x.tr.Hold(x.held, source(x.p.hold.music))
	defer func() { resume() }()
	number, err := x.flash.(call.NumberCollector).CollectNumber(x.ctx)
	switch {
	case errors.Is(err, call.ErrFlash) || errors.Is(err, call.ErrNoInput):
		x.c.Step("transfer", "back to "+x.held.Channel())
		return x.back(x.held)
	case err != nil:
		x.c.Step("transfer", x.flash.Channel()+" left with "+x.held.Channel()+" on hold")
		return nil, false
	}
	k, _ := x.dial("dialled ", number, x.flash.Remote())
	if k == nil {
		return x.back(x.held)
	}
	stopRingback := x.tr.Hold(x.flash, source(x.p.hold.ringback))
	third, ev, err := k.Wait(x.ctx, x.flash, x.held)
	stopRingback()
	switch {
	case third != nil:
		return x.attended(third, &resume)
	case causeOf(err) != 0:
		return x.back(x.held) // busy, no answer: talk on
	case err != nil:
		return nil, false
	case ev.Leg == x.flash && ev.Event.Kind == call.EventHangup:
		resume()
		resume = x.tr.Hold(x.held, source(x.p.hold.ringback))
		third, _, err := k.Wait(x.ctx, x.held)
		resume()
		if third == nil {
			if causeOf(err) != 0 {
				x.c.Hangup(x.ctx, causeOf(err))
			}
			return nil, false
		}
		return x.final(x.held, third)
	case ev.Leg == x.flash: // a flash (or a transfer request): cancelled
		k.Cancel()
		return x.back(x.held)
	}
	k.Cancel() // the held party left
	return nil, false
}

// attended lets the flashing party talk to third while the held party
// hears the music; *resume stops whatever music plays.
func (x *transfer) attended(third call.Leg, resume *func()) (call.Leg, bool) {
	held, talking := x.held, third
	for {
		ev, err := x.tr.Join(x.ctx, x.flash, talking)
		if err != nil {
			return nil, false
		}
		switch {
		case ev.Leg == x.flash && ev.Event.Kind == call.EventFlash:
			(*resume)()
			*resume = x.tr.Hold(talking, source(x.p.hold.music))
			held, talking = talking, held
			x.c.Step("transfer", "talks to "+talking.Channel()+", holds "+held.Channel())
		case ev.Leg == x.flash && ev.Event.Kind == call.EventHangup:
			(*resume)()
			x.c.Step("transfer", "attended: "+held.Channel()+" joins "+talking.Channel())
			return x.final(held, talking)
		case ev.Event.Kind == call.EventHangup: // the party it talked to left
			(*resume)()
			return x.back(held)
		}
	}
}

// back returns the call to a talk between the flashing party and other.
func (x *transfer) back(other call.Leg) (call.Leg, bool) {
	if x.flash == x.tr.CallerLeg() {
		return other, true
	}
	return x.flash, true
}

// back1 is the leg back(x.held) returns: what a failed blind transfer
// gives back, unlike a completed one, which returns the third party once
// it hung up (final).
func (x *transfer) back1() call.Leg {
	leg, _ := x.back(x.held)
	return leg
}

// final joins a and b for good: until one of them hangs up, after which
// the call ends and the other is hung up. When the caller is one of them
// and the other hangs up first, the caller's conversation is over but the
// caller is still there: final returns the party that hung up with ok
// true, so that the handler's next Bridge reports that hang-up and the
// handler ends the call as after any call its callee hung up (a route's
// rating question comes first). Otherwise ok is false.
func (x *transfer) final(a, b call.Leg) (call.Leg, bool) {
	caller := x.tr.CallerLeg()
	for {
		ev, err := x.tr.Join(x.ctx, a, b)
		switch {
		case err != nil:
			return nil, false
		case ev.Event.Kind != call.EventHangup:
			continue
		case ev.Leg != caller && (a == caller || b == caller):
			return ev.Leg, true
		}
		return nil, false
	}
}
