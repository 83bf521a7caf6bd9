package scenario

import (
	"context"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Outcomes shared by several kinds.
const (
	OutcomeNext     = "next"     // the element is done, or nobody answered
	outcomeAnswered = "answered" // recorded when a ringing element put the call through
)

// connect rings targets for timeout (0: until the caller hangs up) and,
// when one answers, bridges the caller to it until the call is over; then
// answered is true. When nobody answers, cause says why and ring_cause
// keeps it for later elements. err is the caller leaving.
func (x *execution) connect(ctx context.Context, targets []call.Target, timeout time.Duration) (answered bool, cause call.Cause, err error) {
	if len(targets) == 0 {
		x.set(VarCause, call.CauseUnavailable.String())
		return false, call.CauseUnavailable, nil
	}
	return x.connectBy(ctx, func() (call.Leg, error) { return x.c.Ring(ctx, targets, timeout) })
}

// connectBy is connect with ring placing the call: Ring, or RingWaves.
func (x *execution) connectBy(ctx context.Context, ring func() (call.Leg, error)) (answered bool, cause call.Cause, err error) {
	if err := ctx.Err(); err != nil { // nothing to ring for: a fax tone, or the caller, stopped the scenario
		return false, 0, err
	}
	stop := x.whileRinging(ctx)
	leg, err := ring()
	stop()
	if err != nil {
		if c := causeOf(err); c != 0 && !ended(ctx, err) {
			x.set(VarCause, c.String())
			return false, c, nil
		}
		return false, 0, err
	}
	if x.fax.fired() { // the fax tone came first: the fax ports take the call
		x.fax.refuse(leg)
		return false, 0, context.Cause(ctx)
	}
	x.talk(ctx, leg)
	return true, 0, nil
}

// talk bridges the caller to leg until one of them hangs up, carrying out
// the callee's blind transfers to extensions, which follow the
// extension's forwards (transfer); its other transfer requests (to an
// outside number, through the outbound rules, or attended) go to
// Opts.Transfers, as does the hook flash of a callee on an analog phone,
// which then dials whom to transfer the caller to (the dial plan's
// transfer after a flash, with its music on hold). A transfer request
// nobody carries out (the caller's, or one without a dial plan) is
// reported failed to the party that asked (call.ReportTransfer). Another
// hook flash, or a transfer that failed, carries on the conversation, but
// the callee's flash first holds the caller with the route's hold melody,
// if it has one (holdCaller). A recorded call stays recorded through its
// transfers: the recording follows the caller. When the callee hangs up
// the caller is hung up too, after rating the call when the route asks
// for it.
// A fax tone, before or during the conversation, hangs up the party the
// caller talks to, for the fax ports to take the call.
func (x *execution) talk(ctx context.Context, leg call.Leg) {
	if x.fax.fired() {
		x.fax.refuse(leg)
		return
	}
	end, err := x.c.Bridge(ctx, leg)
	onHold := false // the transfer request came while the callee held the caller
	for err == nil && end.Event.Kind != call.EventHangup {
		if end.Event.Kind == call.EventTransfer {
			transferor := end.Peer
			_, isExt := x.snap.exts[end.Event.Target]
			switch {
			case end.ByCaller: // the caller's transfer requests are not carried out
				if tr, can := x.c.(call.Transferrer); can {
					call.ReportTransfer(tr.CallerLeg(), call.CauseRejected)
				}
			case isExt && end.Event.Replaces == "":
				next, ok := x.transfer(ctx, end.Peer, end.Event.Target)
				if !ok {
					return
				}
				end.Peer = next
			case (!isExt || end.Event.Replaces != "") && x.eng.o.Transfers != nil:
				back, ok := x.eng.o.Transfers.Transferred(ctx, x.c, end)
				if !ok {
					return
				}
				end.Peer = back
			default: // nobody carries out transfers to outside numbers
				call.ReportTransfer(end.Peer, call.CauseUnavailable)
			}
			if onHold && !end.ByCaller && end.Peer == transferor {
				// The transfer failed and the phone still holds the call:
				// the caller hears the hold melody again until the phone
				// takes the call back (RFC 5589 section 6.2).
				end.Event.Kind = call.EventFlash
			}
			onHold = false
		}
		if end.Event.Kind == call.EventFlash && !end.ByCaller && analogPhone(end.Peer) && x.eng.o.Transfers != nil {
			back, ok := x.eng.o.Transfers.Transferred(ctx, x.c, end)
			if !ok {
				return
			}
			end.Peer = back
		} else if end.Event.Kind == call.EventFlash && !end.ByCaller {
			if held, ok, herr := x.holdCaller(ctx, end.Peer); ok {
				end, err = held, herr
				if err != nil || end.Event.Kind != call.EventFlash {
					onHold = end.Event.Kind == call.EventTransfer
					continue // a transfer is carried out above, a hang-up ends the talk
				}
			}
		}
		end, err = x.c.Bridge(ctx, end.Peer)
	}
	if x.fax.stopped(ctx) { // a person answered a fax machine
		if end.Peer == nil {
			end.Peer = leg
		}
		x.fax.refuse(end.Peer)
		return
	}
	if err == nil && !end.ByCaller {
		if x.rate {
			x.rateCall(ctx)
		}
		x.c.Hangup(ctx, call.CauseNormal)
	}
}

// analogPhone reports whether leg is an analog phone on an FXS port,
// which after its hook flash dials the number to transfer the call to
// (call.NumberCollector); a SIP phone holds calls itself and reports hold
// and resume as flashes.
func analogPhone(leg call.Leg) bool {
	_, dials := leg.(call.NumberCollector)
	return dials && strings.HasPrefix(leg.Channel(), "fxs/")
}

// ringOutcome turns connect's result into an element's: answered ends the
// call; not answered goes on by next when the element has a ring time,
// and otherwise hangs up with the cause.
func (x *execution) ringOutcome(ctx context.Context, answered bool, cause call.Cause, err error, ringTime int) (string, bool, error) {
	switch {
	case err != nil:
		return "", true, err
	case answered:
		return outcomeAnswered, true, nil
	case ringTime > 0:
		return OutcomeNext, false, nil
	}
	x.c.Hangup(ctx, cause)
	return cause.String(), true, nil
}

// nextIf returns the outcomes of an element that goes on by next only when
// cond holds.
func nextIf(cond bool) []string {
	if cond {
		return []string{OutcomeNext}
	}
	return nil
}
