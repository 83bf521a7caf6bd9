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

// transfer carries out the blind transfer of the caller, asked for by the
// party it talks to, to the extension numbered number, following the
// extension's forwards as ringExtension does, once and never further
// (dialplan.Extensions.Ring): forwarding all its calls, on do-not-disturb
// or without a phone it is the forward that rings; busy, unreachable or
// not answering (after its owner's ring time) its forward on that
// condition rings next. Each rings for transferRingTime.
//
// An extension that cannot take the call and has no forward for it (on
// do-not-disturb, without a phone, or a forward the outbound rules
// refuse) refuses the transfer: refused is true, nothing was rung and the
// two talk on. Otherwise the transferring party is hung up, its part done,
// and end is the bridge of the caller with whoever answered, as
// call.Control.Transfer returns it; when nobody answers err is the Cause.
// The call's path has the transfer and each forward followed.
func (x *execution) transfer(ctx context.Context, number string) (end call.BridgeEnd, refused bool, err error) {
	r, ok := x.snap.extensionRoute(number)
	switch {
	case !ok:
		x.c.Step(stepTransfer, "blind to "+number+" refused: no extension has that number")
		return call.BridgeEnd{}, true, nil
	case r.Cause != 0:
		x.c.Step(stepTransfer, "blind to "+number+" refused: "+cmp.Or(r.Why, r.Cause.String()))
		return call.BridgeEnd{}, true, nil
	}
	x.c.Step(stepTransfer, "blind to "+number+": "+cmp.Or(r.Why, "extension "+number))
	// The first attempt rings through Transfer, which hangs up the
	// transferring party; the rest, and the forward, ring as Ring does
	// and are bridged once answered.
	ringFor := cmp.Or(r.RingFor(), transferRingTime)
	end, err = x.c.Transfer(ctx, r.Attempts[0], ringFor)
	cause := causeOf(err)
	if cause == 0 {
		return end, false, err
	}
	var leg call.Leg
	if rest := r.Attempts[1:]; len(rest) > 0 && (cause == call.CauseUnavailable || cause == call.CauseCongestion) {
		leg, err = dialplan.RingAttempts(ctx, x.c, rest, ringFor)
		cause = causeOf(err)
	}
	if next := r.ForwardOn(cause); leg == nil && cause != 0 && next != nil {
		x.c.Step(stepForward, next.Why)
		if next.Cause != 0 {
			return call.BridgeEnd{}, false, next.Cause
		}
		leg, err = dialplan.RingAttempts(ctx, x.c, next.Attempts, transferRingTime)
	}
	if leg == nil {
		return call.BridgeEnd{}, false, err
	}
	end, err = x.c.Bridge(ctx, leg)
	return end, false, err
}
