package voicemail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/tts"
)

// Prompts opens uploaded prompts by store ID; *prompt.Library is one.
type Prompts interface {
	Open(ctx context.Context, id int64) (call.FrameSource, error)
}

// Opts configures a Service. Dir and Mailboxes are required.
type Opts struct {
	// Dir is the data directory's voicemail folder; it must exist.
	Dir       string
	Mailboxes Mailboxes
	// Prompts plays greeting prompts; nil speaks the default greeting.
	Prompts Prompts
	// Speech speaks the phrases; nil plays only prompts, recordings and
	// the beep.
	Speech tts.Synth
	// SpeechOpts is the language and voice of the phrases.
	SpeechOpts tts.SpeechOpts
	// Phrases defaults to English.
	Phrases *Phrases
	// Mailer sends notifications; nil sends none.
	Mailer Mailer
	// MessageWaiting, when set, is told when a mailbox gets its first new
	// message (on true) and when its last new message is saved or deleted
	// (on false), from the goroutine that made the change. It must not
	// block or call back into the Service. Waiting lists the mailboxes
	// that already have new messages, e.g. at start.
	MessageWaiting func(mailbox string, on bool)

	MaxMessage  time.Duration // longest recording; default 3 minutes
	MinMessage  time.Duration // shorter recordings are discarded; default 1 s
	PINAttempts int           // wrong PINs before Listen gives up; default 3
	KeyTimeout  time.Duration // wait for a key after a prompt; default 5 s
	// RetryMin and RetryMax bound the delay between notification attempts,
	// which doubles from RetryMin; MaxAttempts gives up. Defaults: 1
	// minute, 1 hour, 48 attempts (about two days).
	RetryMin, RetryMax time.Duration
	MaxAttempts        int

	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Now stamps messages; it defaults to time.Now. Waiting uses the time
	// package's timers, so testing/synctest drives it.
	Now func() time.Time
}

// DefaultOpts holds the defaults of Opts' limits.
var DefaultOpts = Opts{
	MaxMessage: 3 * time.Minute, MinMessage: time.Second, PINAttempts: 3, KeyTimeout: 5 * time.Second,
	RetryMin: time.Minute, RetryMax: time.Hour, MaxAttempts: 48,
}

// Service is voicemail: Leave and Listen drive calls, Run sends the
// notifications, and Messages, Save and Delete serve the web UI. It is safe
// for concurrent use.
type Service struct {
	o     Opts
	ph    Phrases
	spool *spool
	log   *slog.Logger
	now   func() time.Time
	kick  chan struct{} // wakes Run

	mwiMu sync.Mutex
	mwi   map[string]bool // mailboxes last told on through Opts.MessageWaiting
}

// New returns a Service configured by o.
func New(o Opts) (*Service, error) {
	if o.Dir == "" || o.Mailboxes == nil {
		return nil, errors.New("voicemail: Opts.Dir and Opts.Mailboxes are required")
	}
	if st, err := os.Stat(o.Dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("voicemail: folder %s is missing", o.Dir)
	}
	if err := o.SpeechOpts.Validate(); err != nil {
		return nil, fmt.Errorf("voicemail: %w", err)
	}
	d := DefaultOpts
	o.MaxMessage = cmp.Or(o.MaxMessage, d.MaxMessage)
	o.MinMessage = cmp.Or(o.MinMessage, d.MinMessage)
	o.PINAttempts = cmp.Or(o.PINAttempts, d.PINAttempts)
	o.KeyTimeout = cmp.Or(o.KeyTimeout, d.KeyTimeout)
	o.RetryMin = cmp.Or(o.RetryMin, d.RetryMin)
	o.RetryMax = cmp.Or(o.RetryMax, d.RetryMax)
	o.MaxAttempts = cmp.Or(o.MaxAttempts, d.MaxAttempts)
	s := &Service{
		o:     o,
		ph:    English,
		spool: &spool{dir: o.Dir},
		log:   cmp.Or(o.Logger, slog.Default()),
		now:   o.Now,
		kick:  make(chan struct{}, 1),
		mwi:   map[string]bool{},
	}
	s.spool.changed = s.recount
	if o.Phrases != nil {
		s.ph = *o.Phrases
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Messages returns mailbox's messages, oldest first.
func (s *Service) Messages(mailbox string) ([]Message, error) { return s.spool.list(mailbox) }

// Save marks a message saved.
func (s *Service) Save(mailbox, id string) error {
	_, err := s.spool.update(mailbox, id, func(m *Message) { m.State = StateSaved })
	return err
}

// Delete removes a message and its recording.
func (s *Service) Delete(mailbox, id string) error { return s.spool.remove(mailbox, id) }

// Recording returns the path of a message's WAV file, for download.
func (s *Service) Recording(m Message) string { return s.spool.wavPath(m) }

// say speaks text through the synthesiser, or returns nil when there is
// none or it fails (logged): the call goes on without the words.
func (s *Service) say(ctx context.Context, text string) call.FrameSource {
	if s.o.Speech == nil || text == "" {
		return nil
	}
	src, err := s.o.Speech.Say(ctx, text, s.o.SpeechOpts)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("voicemail: speech synthesis failed", "err", err)
		}
		return nil
	}
	return src
}

// play plays src, if any, stopping on the digits in stopOn, and closes it.
func play(ctx context.Context, c call.Control, src call.FrameSource, stopOn string) (byte, error) {
	if src == nil {
		return 0, nil
	}
	defer prompt.Close(src)
	return c.Play(ctx, src, stopOn)
}
