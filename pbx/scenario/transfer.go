package scenario

import (
	"cmp"
	"context"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dialplan"
)

// transferRingTime is how long the extension a callee transfers the call
// to rings, and then its forward.
const transferRingTime = 30 * time.Second

// stepTransfer names the call record's step of a callee's blind transfer
// that the scenario carries out.
const stepTransfer = "transfer"

// transfer carries out the blind transfer of the caller, asked for by
// transferor, the party it talks to, to the extension numbered number,
// following the extension's forwards as ringExtension does, once and
// never further (dialplan.Extensions.Ring): forwarding all its calls, on
// do-not-disturb or without a phone it is the forward that rings; busy,
// unreachable or not answering (after its owner's ring time) its forward
// on that condition rings next. Each rings for transferRingTime.
//
// The transferor stays in the call while the transfer rings. When someone
// answers, the transferor is told the transfer is done
// (call.ReportTransfer) and hung up, its part done, and next is the party
// that answered, for the caller to talk to. An extension that cannot take
// the call and has no forward for it (on do-not-disturb, without a phone,
// or a forward the outbound rules refuse), or a transfer nobody answers,
// is reported to the transferor with its cause, and next is the
// transferor: the two talk on (RFC 5589 section 6.2), unless the
// transferor left meanwhile; then the call ends with that cause. ok is
// false when the call is over. The call's path has the transfer and each
// forward followed.
func (x *execution) transfer(ctx context.Context, transferor call.Leg, number string) (next call.Leg, ok bool) {
	r, found := x.snap.extensionRoute(number)
	switch {
	case !found:
		x.c.Step(stepTransfer, "blind to "+number+" refused: no extension has that number")
		return x.transferFailed(ctx, transferor, call.CauseNotFound)
	case r.Cause != 0:
		x.c.Step(stepTransfer, "blind to "+number+" refused: "+cmp.Or(r.Why, r.Cause.String()))
		return x.transferFailed(ctx, transferor, r.Cause)
	}
	x.c.Step(stepTransfer, "blind to "+number+": "+cmp.Or(r.Why, "extension "+number))
	leg, err := dialplan.RingAttempts(ctx, x.c, r.Attempts, cmp.Or(r.RingFor(), transferRingTime))
	cause := causeOf(err)
	if fwd := r.ForwardOn(cause); leg == nil && cause != 0 && fwd != nil {
		x.c.Step(stepForward, fwd.Why)
		if cause = fwd.Cause; cause == 0 {
			leg, err = dialplan.RingAttempts(ctx, x.c, fwd.Attempts, transferRingTime)
			cause = causeOf(err)
		}
	}
	switch {
	case leg != nil:
		call.ReportTransfer(transferor, 0)
		x.c.Step(stepTransfer, transferor.Channel()+" leaves")
		transferor.Hangup(ctx, call.CauseNormal)
		return leg, true
	case cause == 0: // the caller hung up: the call's end tells the transferor
		return nil, false
	}
	return x.transferFailed(ctx, transferor, cause)
}

// transferFailed tells transferor its transfer failed with cause and
// returns it for the caller to talk to again, or, when it left meanwhile,
// ends the call with cause (ok false).
func (x *execution) transferFailed(ctx context.Context, transferor call.Leg, cause call.Cause) (next call.Leg, ok bool) {
	call.ReportTransfer(transferor, cause)
	if e, can := x.c.(legEnded); can && e.Ended(transferor) {
		x.c.Hangup(ctx, cause)
		return nil, false
	}
	return transferor, true
}

// legEnded is implemented by the switch's Control (call.Call.Ended).
type legEnded interface {
	Ended(leg call.Leg) bool
}
