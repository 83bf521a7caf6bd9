package call

import (
	"context"
	"errors"
	"time"
)

// Transferrer is the part of the switch's Control that hold, consultation
// and attended transfer need: a handler reads it from the Control it is
// given with a type assertion (c.(Transferrer)), as it does FaxDetector.
// Unlike Control's methods, which act on the caller, these address any leg
// of the call, and they keep working after the caller hung up (a caller
// that transfers blind hangs up while the third party rings), until the
// call ends or the switch shuts down. They are for the handler's goroutine,
// like Control's blocking methods.
type Transferrer interface {
	// CallerLeg returns the call's caller, the leg Control's methods act
	// on.
	CallerLeg() Leg
	// Hold plays src to leg (music on hold, ringback) from a goroutine of
	// its own, one frame per 20 ms, until resume is called or the leg
	// ends; after src's io.EOF it plays silence. resume waits until the
	// goroutine no longer writes to the leg. leg must not be bridged
	// meanwhile. Held before it is answered (a waiting melody while the
	// call rings), the caller is given early media, not answered, and the
	// targets' own early media stand back until resume; a caller whose
	// channel cannot take early media hears nothing from Hold.
	Hold(leg Leg, src FrameSource) (resume func())
	// Consult rings targets as Ring does, showing caller ID from (the
	// party that consults), but returns at once: the Consultation's Wait
	// says how the ringing ends, and the targets keep ringing across Waits
	// until one answers, they all fail, timeout (0: none) passes, or
	// Cancel.
	Consult(ctx context.Context, from Party, targets []Target, timeout time.Duration) (*Consultation, error)
	// Join bridges two legs of the call, neither of which needs to be the
	// caller, until either hangs up, hook-flashes or asks for a transfer;
	// the LegEvent says which and what. Join hangs nobody up: after it
	// returns the legs still up are apart. Digits pressed before are
	// dropped; media and digits go as in Bridge. A join of the caller is
	// tapped as its bridges are (Tapper): a recorded call stays recorded
	// when it is transferred; a join of two other legs is not.
	Join(ctx context.Context, a, b Leg) (LegEvent, error)
	// Watch waits, without touching their media, until one of legs hangs
	// up, hook-flashes or asks for a transfer; their digits are dropped.
	// A phone that holds the call itself (a SIP phone) is watched so while
	// the other party hears music on hold.
	Watch(ctx context.Context, legs ...Leg) (LegEvent, error)
}

var _ Transferrer = (*Call)(nil)

// LegEvent is an event on one of a call's legs.
type LegEvent struct {
	Leg   Leg
	Event Event
}

// NumberCollector is an optional interface of a Leg whose phone can dial a
// second number in a call: an analog phone after a hook flash.
type NumberCollector interface {
	// CollectNumber plays the second dial tone to the phone and returns
	// the number it dials, complete as the channel's dial plan matcher,
	// '#' or the inter-digit timeout says; a number no rule takes is
	// returned as dialled. It returns ErrFlash when the phone flashes
	// again first, ErrNoInput when nothing is dialled before the
	// channel's tone timeout, and ErrLegEnded when the phone hangs up.
	// Afterwards the leg's audio flows again (silence until someone
	// writes to it). It is not safe to call twice at once.
	CollectNumber(ctx context.Context) (string, error)
}

// ErrFlash is NumberCollector.CollectNumber's error when the phone
// hook-flashed instead of dialling: its party wants the held call back.
var ErrFlash = errors.New("call: the phone hook-flashed")

// CallerLeg implements Transferrer.
func (c *Call) CallerLeg() Leg { return c.caller.leg }

// gone returns a channel closed when the call ends or the switch shuts
// down: what Transferrer's methods stop on besides their ctx.
func (c *Call) gone() <-chan struct{} { return c.away.Done() }
