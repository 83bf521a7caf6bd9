package dialplan

import (
	"cmp"
	"context"

	"github.com/hookflash/firmware/pbx/call"
)

// thirdParty is the ringing of the party a transfer goes to (a number
// dialled after a hook flash, or a blind transfer's target), by the plan's
// route to the number: when that is an extension which is busy,
// unreachable or does not answer and forwards on that condition, its
// forward rings next, once, as for a call dialled to the extension
// (forward.go). It is for the call's handler goroutine.
type thirdParty struct {
	x        *transfer
	from     call.Party // the caller ID the third party sees
	r        Route
	k        *call.Consultation
	followed bool // the forward on a condition rang: no further one
}

// consult rings the first attempt of the route r as a call from from,
// for the extension's own ring time before a forward on no answer, else
// the plan's. When no target can be dialled, the forward on that
// condition rings instead; err is the cause when none can.
func (x *transfer) consult(r Route, from call.Party) (*thirdParty, error) {
	tp := &thirdParty{x: x, from: from, r: r}
	k, err := x.tr.Consult(x.ctx, from, r.Attempts[0], cmp.Or(r.ringFor, x.p.ring))
	if err != nil {
		if err = tp.forward(err); err != nil {
			return nil, err
		}
		return tp, nil
	}
	tp.k = k
	return tp, nil
}

// Wait is call.Consultation.Wait, going on with the forward when the
// third party ends ringing with a condition it forwards on.
func (tp *thirdParty) Wait(ctx context.Context, watch ...call.Leg) (call.Leg, call.LegEvent, error) {
	for {
		third, ev, err := tp.k.Wait(ctx, watch...)
		if third != nil || causeOf(err) == 0 || tp.followed {
			return third, ev, err
		}
		if ferr := tp.forward(err); ferr != nil {
			return nil, ev, ferr
		}
	}
}

// forward rings the forward on the cause in err, once; it returns err
// when there is none, or the forward's refusal or failure to ring.
func (tp *thirdParty) forward(err error) error {
	next := tp.r.ForwardOn(causeOf(err))
	if tp.followed || next == nil {
		return err
	}
	tp.followed = true
	x := tp.x
	x.c.Step("transfer", next.Why)
	if next.Cause != 0 {
		return next.Cause
	}
	k, err := x.tr.Consult(x.ctx, tp.from, next.Attempts[0], x.p.ring)
	if err != nil {
		return err
	}
	tp.k = k
	return nil
}

// Cancel hangs up the targets still ringing.
func (tp *thirdParty) Cancel() { tp.k.Cancel() }
