package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/queue"
	"github.com/hookflash/firmware/pbx/recording"
	scn "github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/schedule"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/tts"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// smtpSetting is the settings key holding the voicemail mail server, a JSON
// voicemail.SMTPConfig. Without it no notification e-mail is sent.
const smtpSetting = "smtp"

// openSpeech returns espeak-ng as the box's speech synthesizer, or nil
// when it is not installed: spoken menus and messages are then off, and
// the rest of the box works.
func openSpeech(log *slog.Logger) (tts.Synth, error) {
	espeak, err := tts.NewEspeak(nil)
	switch {
	case errors.Is(err, tts.ErrNotInstalled):
		log.Warn("speech synthesis is off: spoken menus and messages need espeak-ng (Debian: apt-get install espeak-ng)")
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	return espeak, nil
}

// recordingSweep is how often recordings past their retention are deleted.
const recordingSweep = time.Hour

// startScenarios builds the services scenario elements use and the engine
// that runs inbound calls through their routes' scenarios; calls from
// extensions go to extensionCalls, the transfers callees ask for that the
// scenario does not carry out itself to transfers (the dial plan), and
// mailboxes' message-waiting changes to waiting. It returns the engine, whose Handle is the switch's handler,
// and the voicemail service.
func startScenarios(ctx context.Context, stack *stopStack, dir datadir.Dir, st *store.Store,
	extensionCalls func(context.Context, call.Control), transfers scn.Transfers, texts scn.SMSSender, waiting func(mailbox string, on bool),
	speech tts.Synth, log *slog.Logger) (*scn.Engine, *voicemail.Service, error) {
	library := prompt.NewLibrary(dir.Prompts(), st.Prompts())
	mailer, err := smtpMailer(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	vm, err := voicemail.New(voicemail.Opts{
		Dir: dir.Voicemail(), Mailboxes: mailboxes{st}, Prompts: library,
		Speech: speech, Mailer: mailer, MessageWaiting: waiting, Logger: log.With("part", "voicemail"),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("pbxd: %w", err)
	}
	recordings := dir.Recordings()
	if n, err := recording.RemoveParts(recordings); err != nil {
		return nil, nil, fmt.Errorf("pbxd: %w", err)
	} else if n > 0 {
		log.Warn("deleted call recordings left unfinished by a crash or power cut", "count", n)
	}
	queues := queue.New(queue.Opts{Logger: log.With("part", "queue")})
	stack.push("queues", func(context.Context) error { queues.Stop(); return nil })
	engine := scn.New(scn.Opts{
		Queues: queues,
		Schedules: schedule.NewService(schedule.SourceFunc(func(ctx context.Context, id int64) (store.Schedule, error) {
			return st.Schedules().Get(ctx, id)
		})),
		Prompts:   library,
		Speech:    speechAdapter{speech},
		Voicemail: vm,
		SMS:       texts,
		Dialplan:  extensionCalls,
		Transfers: transfers,
		Record: func(callID string, started time.Time) (scn.Recording, error) {
			w, err := recording.Create(recordings, callID, started)
			if err != nil {
				return nil, err
			}
			return w, nil
		},
		Logger: log.With("part", "scenario"),
	})
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { engine.Follow(runCtx, st); done <- struct{}{} }()
	go func() { vm.Run(runCtx); done <- struct{}{} }()
	stack.push("scenario engine and voicemail", func(context.Context) error { stop(); <-done; <-done; return nil })
	expireCtx, stopExpiring := context.WithCancel(context.Background())
	expired := make(chan struct{})
	go func() {
		recording.ExpireEvery(expireCtx, st, recordings, recordingSweep, time.Now, log.With("part", "recording"))
		close(expired)
	}()
	stack.push("recording retention", func(context.Context) error { stopExpiring(); <-expired; return nil })
	return engine, vm, nil
}

// smtpMailer returns the mail server configured in the settings, or nil.
func smtpMailer(ctx context.Context, st *store.Store) (voicemail.Mailer, error) {
	var c voicemail.SMTPConfig
	err := st.GetSetting(ctx, smtpSetting, &c)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pbxd: setting %q: %w", smtpSetting, err)
	}
	m, err := voicemail.NewSMTP(c)
	if err != nil {
		return nil, fmt.Errorf("pbxd: setting %q: %w", smtpSetting, err)
	}
	return m, nil
}

// mailboxes finds voicemail boxes in the store. An extension with voicemail
// on has a box of its own number even without a mailbox row: its messages
// go to the extension's e-mail, and it cannot be listened to by phone until
// a mailbox with a PIN is made.
type mailboxes struct{ st *store.Store }

func (m mailboxes) Mailbox(ctx context.Context, number string) (voicemail.Mailbox, error) {
	box, err := m.st.Mailboxes().FindBy(ctx, "number", number)
	if err == nil {
		mb := voicemail.Mailbox{Number: box.Number, PIN: box.PIN, Email: box.Email}
		if box.GreetingPromptID != nil {
			mb.GreetingPromptID = *box.GreetingPromptID
		}
		return mb, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return voicemail.Mailbox{}, err
	}
	ext, err := m.st.Extensions().FindBy(ctx, "number", number)
	if errors.Is(err, store.ErrNotFound) || err == nil && !ext.Voicemail {
		return voicemail.Mailbox{}, voicemail.ErrNoMailbox
	}
	if err != nil {
		return voicemail.Mailbox{}, err
	}
	return voicemail.Mailbox{Number: ext.Number, Email: ext.Email}, nil
}

// speechAdapter speaks for the scenario engine, whose speed is in words per
// minute, through a tts.Synth, whose speed is a percentage of normal. With
// no Synth (espeak-ng missing) speaking fails with tts.ErrNotInstalled.
type speechAdapter struct{ tts.Synth }

func (a speechAdapter) Say(ctx context.Context, text string, o scn.SpeechOpts) (call.FrameSource, error) {
	if a.Synth == nil {
		return nil, fmt.Errorf("pbxd: %w", tts.ErrNotInstalled)
	}
	speed := 0
	if o.Speed > 0 {
		speed = o.Speed * 100 / tts.NormalWPM
	}
	return a.Synth.Say(ctx, text, tts.SpeechOpts{Language: o.Language, Voice: o.Voice, Speed: speed, Volume: o.Volume})
}
