package call

import (
	"context"
	"errors"
	"time"
)

// Control is what a call handler uses to drive one call: the dial plan now,
// the scenario engine later. A call is anchored on its caller, the inbound
// leg a channel driver handed to Switch.Incoming: Answer, Progress, Play,
// CollectDigits, Record and Hangup act on the caller, Ring places new legs,
// and Bridge and Transfer join the caller to one of them.
//
// The handler drives its Control from one goroutine: Answer, Progress, Ring,
// Bridge, Transfer, Play, CollectDigits, Record and Hangup must not be called
// concurrently. Info, Var, SetVar and Step are safe for concurrent use.
//
// Every blocking method returns when its ctx is done (with ctx.Err()) and
// when the caller hangs up or the call ends (with ErrLegEnded); the ctx the
// handler gets is itself cancelled when the caller hangs up. Events that
// arrive while no method is running are kept: digits pressed early are read
// by the next Play, CollectDigits or Record (up to 16 events per leg; older
// ones are dropped beyond that).
//
// The switch's Control is also a FaxDetector (Call.FaxTone): a handler
// learns from it that the caller's line carries a fax.
type Control interface {
	// Info describes the call: its ID, the caller, the number dialled, the
	// caller's channel and the times so far.
	Info() CallInfo
	// Var returns the call variable name, or "" when it is not set.
	Var(name string) string
	// SetVar sets the call variable name. Variables end in the call record;
	// VarRoute fills its route.
	SetVar(name, value string)
	// Step adds an entry to the call's path in the call record: step names
	// what was done (a scenario element), outcome how it ended ("answered",
	// "digit 2", "timeout"). The switch adds entries of its own for Ring,
	// Bridge, Transfer and Hangup. Steps after the call ended are not kept.
	Step(step, outcome string)

	// Answer answers the caller. It does nothing when the caller is
	// already answered.
	Answer(ctx context.Context) error
	// Progress tells the caller the call is being put through: ringing
	// (early false) or early media (early true), after which Play can send
	// announcements without answering.
	Progress(ctx context.Context, early bool) error

	// Ring dials every target at once and returns the first leg that
	// answers; the others are hung up. While they ring, an unanswered caller
	// is told the call is ringing. A timeout of 0 rings until ctx is done or
	// the caller hangs up. When nobody answers, the error is a Cause (read
	// it with errors.As): CauseNoAnswer when timeout ran out, CauseBusy when
	// every target was busy, CauseUnavailable when none could be dialled
	// (no Dialer for its kind, or Dial failed), otherwise the cause the
	// targets ended with (busy when any was busy). The returned leg belongs
	// to the call: the switch hangs it up when the call ends.
	Ring(ctx context.Context, targets []Target, timeout time.Duration) (Leg, error)
	// Bridge answers the caller if needed and joins it to leg, which Ring
	// returned, until one side hangs up, hook-flashes or asks for a
	// transfer; BridgeEnd says which and why. When the caller hangs up,
	// Bridge hangs up leg too; when leg hangs up, the caller stays so that
	// the handler can go on. After a flash or a transfer request both legs
	// are still up and no longer joined: call Bridge again to carry on, or
	// Transfer. Digits either side pressed before the bridge are dropped.
	// Media go through Relayer.Relay when both legs offer it and it
	// agrees, otherwise through a PCM pump; in the pump's case, digits
	// reported as events are passed on to the other side with SendDigits.
	// Bridge returns once the media are apart: within a frame (20 ms) of
	// the event. Only Ring's legs can be bridged (ErrNotInCall otherwise).
	Bridge(ctx context.Context, leg Leg) (BridgeEnd, error)
	// Transfer is a blind transfer: the party last bridged to the caller
	// (the transferring party) is hung up, targets are rung as Ring does,
	// and the caller is bridged to the one that answers, as Bridge does
	// (BridgeEnd.Peer is then the new party). When nobody answers, the
	// caller stays up and the error is a Cause.
	Transfer(ctx context.Context, targets []Target, timeout time.Duration) (BridgeEnd, error)

	// Play answers the caller unless it is answered or has early media,
	// then sends src to it, one frame per 20 ms, until src returns io.EOF
	// (nil error) or the caller presses one of the digits in stopOn. That
	// digit is returned and stays queued, so that a following CollectDigits
	// reads it as the first digit; other digits pressed meanwhile are
	// dropped.
	Play(ctx context.Context, src FrameSource, stopOn string) (digit byte, err error)
	// CollectDigits answers the caller unless it is answered or has early
	// media, and reads the digits it presses as o says. It returns the
	// digits without the terminator; ErrNoInput when FirstTimeout passed
	// without a digit; what was pressed so far when InterDigitTimeout
	// passed.
	CollectDigits(ctx context.Context, o DigitOpts) (string, error)
	// Record answers the caller unless it is answered or has early media,
	// and writes what it says to sink until max (0: no limit) has been
	// recorded, or the caller presses one of the digits in stopOn (returned
	// and left queued, as Play does). When the caller hangs up the error is
	// ErrLegEnded and sink holds everything up to then.
	Record(ctx context.Context, sink FrameSink, max time.Duration, stopOn string) (digit byte, err error)

	// Hangup ends the call: the caller is hung up with cause, which the
	// call record keeps, and every other leg with CauseNormal. A caller
	// that already hung up is not an error.
	Hangup(ctx context.Context, cause Cause) error
}

// VarRoute is the call variable that names the inbound route the call came
// in by; the call record keeps it as its route.
const VarRoute = "route"

// BridgeEnd says why Bridge or Transfer returned.
type BridgeEnd struct {
	// Peer is the leg that was bridged to the caller. After a flash or a
	// transfer request it is still up: Bridge(ctx, Peer) carries on.
	Peer Leg
	// ByCaller is true when the event came from the caller's leg, false
	// when it came from Peer.
	ByCaller bool
	// Event is the event that ended the bridge: EventHangup (Cause says
	// why), EventFlash, or EventTransfer (Target says where to).
	Event Event
}

// DigitOpts says how CollectDigits reads digits. A zero timeout waits
// without limit.
type DigitOpts struct {
	Max               int           // stop after this many digits; 0: no limit
	Terminator        byte          // a digit that ends the input and is not returned, e.g. '#'; 0: none
	FirstTimeout      time.Duration // how long to wait for the first digit
	InterDigitTimeout time.Duration // how long to wait for each following digit
}

// FrameSource gives audio to play: a prompt file, speech synthesis, a tone.
type FrameSource interface {
	// ReadFrame fills f with the next 20 ms and returns io.EOF when there
	// is no more. It should not wait for the frame's time: Play paces.
	ReadFrame(f *Frame) error
}

// FrameSink takes recorded audio, 20 ms at a time, as Record delivers it.
type FrameSink interface {
	// WriteFrame takes the next 20 ms. It must not keep f.
	WriteFrame(f *Frame) error
}

// FrameDuration is the length of one Frame: 20 ms.
const FrameDuration = 20 * time.Millisecond

// More errors of the switch.
var (
	// ErrNoInput is CollectDigits' error when no digit came before the
	// first timeout.
	ErrNoInput = errors.New("call: no digits before the timeout")
	// ErrNotInCall is returned by Bridge for a leg that Ring did not return
	// for this call.
	ErrNotInCall = errors.New("call: leg is not part of this call")
)
