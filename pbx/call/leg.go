package call

import (
	"context"
	"time"
)

// Party is one end of a call as caller ID shows it.
type Party struct {
	Number     string // digits, optionally with a leading +; empty when unknown
	Name       string // display name; empty when unknown
	Restricted bool   // the party asked not to show its number
}

// Leg is one side of a conversation on one channel. Channel drivers
// implement it; the switch and the scenario engine use it. Its methods are
// safe for concurrent use, and each may be called after the leg ended, when
// it returns ErrLegEnded.
type Leg interface {
	// ID names the leg uniquely while the box runs, e.g. "sip/101/7f3a".
	ID() string
	// Channel names the channel and port, as call records show it:
	// "sip/101", "trunk/provider", "fxs/1", "fxo/2", "gsm/1".
	Channel() string
	// Remote is the party at the far end of this leg: the caller of an
	// inbound leg, the called party of an outbound one.
	Remote() Party
	// Events delivers what happens on the leg, in order. Every end of the
	// leg, including one caused by Hangup or by cancelling Dial's ctx, is
	// reported as EventHangup, after which the channel is closed. Exactly one
	// reader may read it.
	Events() <-chan Event
	// Progress tells the far end of an inbound leg that the call is being
	// put through: ringing (early false) or with early media (early true,
	// after which Audio carries announcements or ringback).
	Progress(ctx context.Context, early bool) error
	// Answer answers an inbound leg.
	Answer(ctx context.Context) error
	// Hangup ends the leg with cause.
	Hangup(ctx context.Context, cause Cause) error
	// SendDigits plays DTMF digits (0-9 * # A-D) to the far end in the
	// channel's way: RFC 4733 events, in-band tones, or AT+VTS.
	SendDigits(ctx context.Context, digits string) error
	// Audio is the leg's media; it may be used once the leg answered or
	// announced early media.
	Audio() Audio
}

// EventNotifier is a Leg that can hand its events to a function as it
// reports them, instead of sending them on Events: the switch then needs
// no goroutine per leg to read them, which for a box holding hundreds of
// calls is a goroutine stack per leg saved. The SIP channel's legs are.
type EventNotifier interface {
	// NotifyEvents makes the leg call fn with every event Events would
	// carry from now on, in order, those already waiting on Events first,
	// until and including EventHangup; Events then carries no more. fn
	// does not block and calls none of the leg's methods, so the leg may
	// call it holding its own lock. It is called once, before the leg's
	// events are read.
	NotifyEvents(fn func(Event))
}

// Dialer places outbound legs on one channel kind. Channel drivers
// implement it; the switch holds one per kind ("sip", "trunk", "fxs",
// "fxo", "gsm").
type Dialer interface {
	// Dial starts ringing address (an extension number for "sip" and
	// "fxs", a phone number for trunks and lines) with caller ID from. It
	// returns at once; the leg then reports EventProgress, EventAnswer or
	// EventHangup. Cancelling ctx before the answer cancels the leg.
	Dial(ctx context.Context, address string, from Party) (Leg, error)
}

// EventKind says what happened on a leg.
type EventKind int

// The event kinds.
const (
	EventProgress EventKind = iota + 1 // far end rings (Early: media flows)
	EventAnswer                        // far end answered
	EventDigit                         // a DTMF digit arrived (Digit)
	EventFlash                         // hook flash: the party wants to hold or transfer
	EventTransfer                      // the party asks to transfer the call to Target (SIP REFER)
	EventHangup                        // the leg ended (Cause)
)

var eventNames = map[EventKind]string{
	EventProgress: "progress", EventAnswer: "answer", EventDigit: "digit",
	EventFlash: "flash", EventTransfer: "transfer", EventHangup: "hangup",
}

func (k EventKind) String() string { return eventNames[k] }

// Event is one thing that happened on a leg.
type Event struct {
	Kind   EventKind
	At     time.Time
	Early  bool   // EventProgress: early media is available
	Digit  byte   // EventDigit: '0'-'9', '*', '#', 'A'-'D'
	Target string // EventTransfer: the number or extension to transfer to
	// Replaces, on EventTransfer, makes it an attended transfer (RFC
	// 3891): the party is to be joined with the one its phone talks to in
	// another call, whose leg there has this ID; that leg reports the same
	// transfer with its own ID.
	Replaces string
	Cause    Cause // EventHangup
}
