package scenario

import (
	"cmp"
	"context"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dialplan"
)

// ringExtension rings the extension numbered number for an element that
// puts the caller through to it (Internal, and a menu's direct dialling),
// following the extension's forwards as the dial plan does
// (dialplan.Extensions), once and never further:
//   - forwarding all its calls, it rings the forward's number instead:
//     another extension as it is, or an outside number through the
//     outbound rules at the extension's outbound level;
//   - on do-not-disturb it is busy without ringing, and without a phone
//     unavailable, unless it forwards on busy or when unreachable: then
//     the forward rings at once;
//   - busy or unreachable while it rings, the forward on that condition
//     rings;
//   - with a forward on no answer, the extension rings its own ring time
//     (the one its owner chose, not the element's) and then the forward
//     rings.
//
// What rings last, the extension or its forward, rings for timeout (0:
// until the caller hangs up). A forward that the outbound rules refuse
// (the extension may not call that number, or no line can take it) ends
// ringing with the refusal's cause, as a dialled call ends. Each forward
// followed goes into the call's path (forwarded). When nobody answers,
// cause says why and ring_cause keeps it.
//
// Ring groups and queues do not come here: they ring their members as
// they are, without the members' forwards (see Group.available).
func (x *execution) ringExtension(ctx context.Context, number string, timeout time.Duration) (answered bool, cause call.Cause, err error) {
	r, ok := x.snap.extensionRoute(number)
	if !ok {
		x.set(VarCause, call.CauseNotFound.String())
		return false, call.CauseNotFound, nil
	}
	if r.Forwarded() {
		x.forwarded(r)
	}
	if r.Cause != 0 {
		x.set(VarCause, r.Cause.String())
		return false, r.Cause, nil
	}
	ringFor := cmp.Or(r.RingFor(), timeout)
	answered, cause, err = x.connectBy(ctx, func() (call.Leg, error) {
		return dialplan.RingAttempts(ctx, x.c, r.Attempts, ringFor)
	})
	next := r.ForwardOn(cause)
	if answered || err != nil || next == nil {
		return answered, cause, err
	}
	x.forwarded(*next)
	if next.Cause != 0 {
		x.set(VarCause, next.Cause.String())
		return false, next.Cause, nil
	}
	return x.connectBy(ctx, func() (call.Leg, error) {
		return dialplan.RingAttempts(ctx, x.c, next.Attempts, timeout)
	})
}

// extensionRoute returns the dial plan's route to the extension numbered
// number (dialplan.Extensions.Ring), with every enabled line taken as up:
// a line that is down fails its attempt and the next one rings, on a
// real call as in a dry run. Without the dial plan's view the extension
// rings as it is, without its forwards. ok is false when no extension has
// that number.
func (s *snapshot) extensionRoute(number string) (dialplan.Route, bool) {
	if s.dial != nil {
		return s.dial.Ring(number, nil)
	}
	ext, ok := s.exts[number]
	switch {
	case !ok:
		return dialplan.Route{}, false
	case ext.dnd:
		return dialplan.Route{Cause: call.CauseBusy}, true
	case len(ext.targets()) == 0:
		return dialplan.Route{Cause: call.CauseUnavailable}, true
	}
	return dialplan.Route{Attempts: [][]call.Target{ext.targets()}}, true
}

// forwarded notes in the call's path that the element follows the
// forward r, as the dial plan's path names it: a "forward" step in the
// call record, and the element's Step.Forward.
func (x *execution) forwarded(r dialplan.Route) {
	x.forward = r.Why
	x.c.Step(stepForward, r.Why)
}

// stepForward names the call record's step of a forward followed.
const stepForward = "forward"
