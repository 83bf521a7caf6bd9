package voicemail

import (
	"context"
	"errors"
	"fmt"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
)

// VarMessage is the call variable Leave sets to the ID of the message it
// stored, so that the call record links to it.
const VarMessage = "voicemail_message"

// Leave takes a message for mailbox: it plays the greeting (# skips it),
// a beep, and records until the caller presses #, hangs up, or
// Opts.MaxMessage has been recorded. A recording shorter than
// Opts.MinMessage is discarded. A kept message is stored, even when the
// caller hung up or ctx ended meanwhile, and its e-mail notification queued
// for Run. Leave does not hang up; it returns nil when the caller hung up
// or left no message, and an error when there is no such mailbox
// (ErrNoMailbox) or the message could not be recorded or stored.
func (s *Service) Leave(ctx context.Context, c call.Control, mailbox string) error {
	return s.LeaveGreeted(ctx, c, mailbox, 0)
}

// LeaveGreeted is Leave with greeting, the store ID of a prompt, played
// instead of the spoken greeting when the mailbox has no greeting of its
// own (an inbound route's voicemail greeting); 0: none.
func (s *Service) LeaveGreeted(ctx context.Context, c call.Control, mailbox string, greeting int64) error {
	mb, err := s.o.Mailboxes.Mailbox(ctx, mailbox)
	if err != nil {
		return fmt.Errorf("voicemail: mailbox %s: %w", mailbox, err)
	}
	if _, err := play(ctx, c, s.greeting(ctx, mb, greeting), "#"); err != nil {
		return hungUp(ctx, err)
	}
	beep, err := prompt.NewToneSource(Beep)
	if err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	if _, err := play(ctx, c, beep, ""); err != nil { // also drops a # that skipped the greeting
		return hungUp(ctx, err)
	}

	rec, err := s.spool.create(mb.Number)
	if err != nil {
		return err
	}
	_, err = c.Record(ctx, rec.w, s.o.MaxMessage, "#")
	ended := errors.Is(err, call.ErrLegEnded) || ctx.Err() != nil
	if err != nil && !ended {
		rec.discard()
		return fmt.Errorf("voicemail: record for mailbox %s: %w", mb.Number, err)
	}
	if rec.w.Duration() < s.o.MinMessage {
		rec.discard()
		s.log.Info("voicemail: message too short, discarded", "mailbox", mb.Number, "ms", rec.w.Duration().Milliseconds())
		return nil
	}
	info := c.Info()
	m := &Message{
		Mailbox:      mb.Number,
		CallerNumber: info.Caller.Number,
		CallerName:   info.Caller.Name,
		Called:       info.Called,
		CallID:       info.ID,
		Received:     s.now(),
		State:        StateNew,
	}
	if info.Caller.Restricted {
		m.CallerNumber, m.CallerName = "", ""
	}
	if mb.Email != "" && s.o.Mailer != nil {
		m.Notify = Notify{To: mb.Email, State: NotifyPending, Next: m.Received}
	}
	if err := s.spool.commit(rec, m); err != nil {
		return err
	}
	c.SetVar(VarMessage, m.ID)
	s.log.Info("voicemail: message stored", "mailbox", mb.Number, "id", m.ID, "ms", m.DurationMS, "caller", m.CallerNumber)
	if m.Notify.State == NotifyPending {
		s.wake()
	}
	if !ended {
		if _, err := play(ctx, c, s.say(ctx, fill(s.ph.Recorded, mb.Number, 0, 0, 0)), ""); err != nil {
			return hungUp(ctx, err)
		}
	}
	return nil
}

// greeting returns what to play before the beep: the mailbox's prompt,
// else the prompt fallback (0: none), else the default greeting spoken.
func (s *Service) greeting(ctx context.Context, mb Mailbox, fallback int64) call.FrameSource {
	for _, id := range []int64{mb.GreetingPromptID, fallback} {
		if id == 0 || s.o.Prompts == nil {
			continue
		}
		src, err := s.o.Prompts.Open(ctx, id)
		if err == nil {
			return src
		}
		s.log.Warn("voicemail: greeting prompt failed", "mailbox", mb.Number, "prompt", id, "err", err)
	}
	return s.say(ctx, fill(s.ph.Greeting, mb.Number, 0, 0, 0))
}

// hungUp turns the end of the call into a nil error: a caller who hangs
// up is not a failure.
func hungUp(ctx context.Context, err error) error {
	if errors.Is(err, call.ErrLegEnded) || ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("voicemail: %w", err)
}
