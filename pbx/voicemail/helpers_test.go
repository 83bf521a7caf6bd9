package voicemail

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/tts"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// mailboxes is a fake Mailboxes.
type mailboxes map[string]Mailbox

func (m mailboxes) Mailbox(ctx context.Context, number string) (Mailbox, error) {
	if mb, ok := m[number]; ok {
		return mb, nil
	}
	return Mailbox{}, fmt.Errorf("%w: %s", ErrNoMailbox, number)
}

// Sample values that tell the audio apart in what a leg heard.
const (
	speechValue   = 1111 // every phrase the fake synthesiser speaks
	greetingValue = 2222 // the greeting prompt
	callerValue   = 3333 // what the caller says
)

// synth is a fake tts.Synth: every text is 1 s of speechValue, and each
// text is reported on said.
type synth struct{ said chan string }

func newSynth() *synth { return &synth{said: make(chan string, 100)} }

func (s *synth) Say(ctx context.Context, text string, o tts.SpeechOpts) (call.FrameSource, error) {
	s.said <- text
	return &calltest.Source{Frames: frames(speechValue, 50)}, nil
}

// waitSay waits until a text starting with prefix is spoken.
func (s *synth) waitSay(t *testing.T, prefix string) {
	t.Helper()
	timeout := time.After(time.Hour)
	for {
		select {
		case text := <-s.said:
			if strings.HasPrefix(text, prefix) {
				return
			}
		case <-timeout:
			t.Fatalf("nobody said %q within an hour", prefix)
		}
	}
}

// prompts is a fake Prompts: prompt 5 is 1 s of greetingValue.
type prompts struct{}

func (prompts) Open(ctx context.Context, id int64) (call.FrameSource, error) {
	if id != 5 {
		return nil, fmt.Errorf("prompt %d: not found", id)
	}
	return &calltest.Source{Frames: frames(greetingValue, 50)}, nil
}

// mailer is a fake Mailer: it fails while fail is above 0, then keeps what
// it is sent.
type mailer struct {
	mu     sync.Mutex
	fail   int
	failed int
	sent   []sentMail
	ch     chan sentMail
}

type sentMail struct {
	e   Email
	wav []byte
	at  time.Time
}

func newMailer(fail int) *mailer { return &mailer{fail: fail, ch: make(chan sentMail, 10)} }

func (m *mailer) Send(ctx context.Context, e *Email) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail > 0 {
		m.fail--
		m.failed++
		return fmt.Errorf("voicemail: smtp: connection refused")
	}
	var buf bytes.Buffer
	io.Copy(&buf, e.Attachments[0].Data)
	s := sentMail{e: *e, wav: buf.Bytes(), at: time.Now()}
	m.sent = append(m.sent, s)
	m.ch <- s
	return nil
}

func frames(v int16, n int) []call.Frame {
	f := make([]call.Frame, n)
	for i := range f {
		f[i] = calltest.Tone(v)
	}
	return f
}

// office is a switch whose calls run handler, with a voicemail Service.
type office struct {
	t     *testing.T
	dir   string
	svc   *Service
	synth *synth
	sw    *call.Switch
}

// newOffice must run in a synctest bubble. Mailbox 101 has PIN 1234, an
// e-mail address and the default greeting; 102 has prompt 5 as its
// greeting and no e-mail; 103 has no PIN.
func newOffice(t *testing.T, m Mailer, o Opts, handler func(ctx context.Context, c call.Control)) *office {
	dir := t.TempDir()
	sy := newSynth()
	o.Dir, o.Speech, o.Prompts, o.Mailer, o.Logger = dir, sy, prompts{}, m, quiet()
	o.Mailboxes = mailboxes{
		"101": {Number: "101", PIN: "1234", Email: "alice@example.com"},
		"102": {Number: "102", PIN: "5678", GreetingPromptID: 5},
		"103": {Number: "103"},
	}
	svc, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	of := &office{t: t, dir: dir, svc: svc, synth: sy}
	of.sw = call.New(call.Options{Handler: handler, Logger: quiet()})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		of.sw.Shutdown(ctx)
	})
	return of
}

// call places a call from 200 (Alice) to called.
func (o *office) call(called string) *calltest.Leg { return newCaller(o.sw, called) }

// newCaller places a call on sw from 200 (Alice) to called.
func newCaller(sw *call.Switch, called string) *calltest.Leg {
	leg := calltest.NewLeg("sip/200", call.Party{Number: "200", Name: "Alice"})
	sw.Incoming(leg, called)
	return leg
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Hour):
		t.Fatalf("nothing received in an hour")
		panic("unreachable")
	}
}
