package dialplan

import (
	"context"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// Extensions says where calls to the extensions of one configuration go
// as the dial plan routes them: to the extension, or to its forwards. The
// scenario engine rings extensions by it, so that a call its elements put
// through to an extension follows the extension's forwards as a dialled
// call does. It is never changed once built, so it is safe for concurrent
// use.
type Extensions struct{ cfg *config }

// NewExtensions builds Extensions from an exported configuration. It fails
// as the plan fails to load the configuration: on what the store's
// constraints do not check (an unknown outbound level, a rule's line that
// does not exist).
func NewExtensions(doc *store.Config) (*Extensions, error) {
	cfg, err := build(doc)
	if err != nil {
		return nil, err
	}
	return &Extensions{cfg: cfg}, nil
}

// Ring returns the route of a call to the extension numbered number, as
// the plan routes a call from a line to it: while the extension forwards
// all its calls, on do-not-disturb or without a phone, the route of its
// forward (Route.Forwarded), an outside number under the outbound rules
// at the extension's level with the lines that up says are up (nil: every
// enabled line); otherwise the extension itself, with its forwards on
// busy, no answer (after Route.RingFor) and unreachable in
// Route.ForwardOn. ok is false when no extension has that number.
func (e *Extensions) Ring(number string, up LineUp) (r Route, ok bool) {
	x, ok := e.cfg.exts[number]
	if !ok {
		return Route{}, false
	}
	return e.cfg.ringExtension(x, up), true
}

// RingAttempts rings attempts (Route.Attempts) on c for timeout each (0:
// until the caller hangs up), one after the other, each only when the one
// before was unavailable or congested, and returns the leg that answered
// or the last attempt's error.
func RingAttempts(ctx context.Context, c call.Control, attempts [][]call.Target, timeout time.Duration) (call.Leg, error) {
	var leg call.Leg
	err := error(call.CauseUnavailable)
	for _, targets := range attempts {
		leg, err = c.Ring(ctx, targets, timeout)
		if c := causeOf(err); c != call.CauseUnavailable && c != call.CauseCongestion {
			break // answered, busy, no answer, or the caller left
		}
	}
	return leg, err
}
