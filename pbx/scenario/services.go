package scenario

import (
	"context"
	"net/http"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/queue"
)

// Schedules tells which interval of a schedule a time falls in
// (pbx/schedule implements it).
type Schedules interface {
	// IntervalAt returns the name of the interval of schedule scheduleID
	// that t falls in: "working", "non-working", or a named one.
	IntervalAt(ctx context.Context, scheduleID int64, t time.Time) (string, error)
}

// Transfers carries out the transfer requests of a person the caller
// talks to that the scenario does not carry out itself: a SIP phone's
// REFER to a number that is no extension, which goes through the outbound
// rules at the transferring extension's outbound level (refused, the two
// talk on, when it may not call out), and an attended transfer (a REFER
// with Replaces). dialplan.Plan implements it.
type Transfers interface {
	// Transferred carries out the request that ended a bridge with
	// end; back is the leg the caller talks to next when ok is true, and
	// ok false means the caller's conversation is over. A party the
	// transfer joined the caller to that hung up comes back, ended, with
	// ok true: the next Bridge reports its hang-up, and the call ends as
	// after any callee's, with the route's rating question.
	Transferred(ctx context.Context, c call.Control, end call.BridgeEnd) (back call.Leg, ok bool)
}

// Prompts opens uploaded prompts for playing (pbx/prompt implements it).
type Prompts interface {
	// Open returns the prompt promptID as audio to play.
	Open(ctx context.Context, promptID int64) (call.FrameSource, error)
}

// SpeechOpts says how Speech speaks. Zero values are the engine's
// defaults.
type SpeechOpts struct {
	Language string // e.g. "ru", "uk", "pl", "en"
	Voice    string
	Speed    int // words per minute
	Volume   int // percent
}

// Speech speaks text (pbx/tts implements it).
type Speech interface {
	// Say returns text spoken as audio to play.
	Say(ctx context.Context, text string, o SpeechOpts) (call.FrameSource, error)
}

// Voicemail records a message from the caller into a mailbox
// (pbx/voicemail implements it).
type Voicemail interface {
	// LeaveGreeted plays the mailbox's greeting to the caller of c, or,
	// when it has none, the prompt greeting (0: the spoken greeting),
	// records the message and stores it. It returns when the message is
	// stored.
	LeaveGreeted(ctx context.Context, c call.Control, mailbox string, greeting int64) error
}

// SMSSender sends text messages through a GSM module (the GSM channel
// implements it).
type SMSSender interface {
	// QueueSMS queues text to the number to, through the GSM module named
	// module ("" for any).
	QueueSMS(ctx context.Context, module string, to, text string) error
}

// Doer sends HTTP requests for the HTTP request element; *http.Client is
// one.
type Doer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Queues keeps callers waiting for agents (*queue.Service implements it).
type Queues interface {
	// Wait keeps the caller of c in the queue o names until an agent
	// answers and they are done, the wait is over, or the caller leaves.
	Wait(ctx context.Context, c call.Control, o queue.Call) (queue.Result, error)
}

// Recording is one call's recording while it is written: a tap on the
// call's bridges (*recording.Writer implements it).
type Recording interface {
	call.Tap
	// Name returns the file name the recording has once Close succeeded.
	Name() string
	// Duration returns the length recorded so far.
	Duration() time.Duration
	// Close completes the recording under its Name.
	Close() error
	// Discard ends the recording and leaves no file.
	Discard() error
}

// Recognizer turns what the caller says into text: the speech recognition
// backend of question-answer elements.
type Recognizer interface {
	// Listen hears the caller of c until they stop speaking or max has
	// passed, and returns what they said, recognised in language lang
	// (one of store.Languages); "" when nothing was said.
	Listen(ctx context.Context, c call.Control, lang string, max time.Duration) (string, error)
}

// Dialler runs outbound calling campaigns: the backend of campaign
// elements. None ships with the firmware yet (BackendDialler has no
// configuration), so saving a scenario with a campaign element is refused.
type Dialler interface {
	// Join hands the caller of c to the task of campaign campaignID (its
	// script, its list) and returns when the task is done with the call.
	Join(ctx context.Context, c call.Control, campaignID int64) error
}

// Assistant talks with the caller: the language model backend of AI
// elements, which hears through speech recognition and speaks through
// speech synthesis.
type Assistant interface {
	// Converse talks with the caller of c as instructions say until the
	// conversation ends or max has passed.
	Converse(ctx context.Context, c call.Control, instructions string, max time.Duration) error
}
