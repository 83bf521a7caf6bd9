package voicemail

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// Run sends the pending e-mail notifications until ctx is done, then
// returns ctx.Err(). It sends at once what Leave stores, and retries a
// failed send after Opts.RetryMin, doubling the delay up to Opts.RetryMax,
// until Opts.MaxAttempts; a send the server refuses for good (ErrPermanent)
// is not retried. Messages pending when pbxd stopped are sent when it
// starts again. Only one Run may be in progress.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		next := s.notifyDue(ctx)
		t.Stop()
		var due <-chan time.Time
		if !next.IsZero() {
			t.Reset(max(0, next.Sub(s.now())))
			due = t.C
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.kick:
		case <-due:
		}
	}
}

// wake makes Run look for due notifications.
func (s *Service) wake() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// notifyDue sends every notification that is due and returns when the
// next pending one is, or the zero time when none is pending.
func (s *Service) notifyDue(ctx context.Context) time.Time {
	if s.o.Mailer == nil {
		return time.Time{}
	}
	boxes, err := s.spool.mailboxes()
	if err != nil {
		s.log.Error("voicemail: list mailboxes", "err", err)
		return s.now().Add(s.o.RetryMin)
	}
	var next time.Time
	for _, box := range boxes {
		msgs, err := s.spool.list(box)
		if err != nil {
			s.log.Error("voicemail: list messages", "mailbox", box, "err", err)
		}
		for _, m := range msgs {
			if ctx.Err() != nil {
				return time.Time{}
			}
			if m.Notify.State != NotifyPending {
				continue
			}
			if m.Notify.Next.After(s.now()) {
				if next.IsZero() || m.Notify.Next.Before(next) {
					next = m.Notify.Next
				}
				continue
			}
			if at := s.notify(ctx, m); !at.IsZero() && (next.IsZero() || at.Before(next)) {
				next = at
			}
		}
	}
	return next
}

// notify sends m's notification once and records the outcome in its
// sidecar; it returns when to try again, or the zero time.
func (s *Service) notify(ctx context.Context, m Message) time.Time {
	err := s.send(ctx, m)
	if err != nil && ctx.Err() != nil {
		return time.Time{} // cut off by stopping: the message stays pending as it was
	}
	// A send that succeeded is recorded even while stopping, so that it is
	// not sent again after a restart.
	var retry time.Time
	updated, uerr := s.spool.update(m.Mailbox, m.ID, func(x *Message) {
		n := &x.Notify
		n.Attempts++
		switch {
		case err == nil:
			n.State, n.Sent, n.LastError, n.Next = NotifySent, s.now(), "", time.Time{}
		case errors.Is(err, ErrPermanent) || n.Attempts >= s.o.MaxAttempts:
			n.State, n.LastError, n.Next = NotifyFailed, err.Error(), time.Time{}
		default:
			delay := s.o.RetryMin << min(n.Attempts-1, 20)
			if delay <= 0 || delay > s.o.RetryMax {
				delay = s.o.RetryMax
			}
			n.LastError, n.Next = err.Error(), s.now().Add(delay)
			retry = n.Next
		}
	})
	switch {
	case errors.Is(uerr, ErrNoMessage):
		return time.Time{} // deleted meanwhile
	case uerr != nil:
		s.log.Error("voicemail: record notification", "mailbox", m.Mailbox, "id", m.ID, "err", uerr)
		return s.now().Add(s.o.RetryMin)
	case err == nil:
		s.log.Info("voicemail: notification sent", "mailbox", m.Mailbox, "id", m.ID, "to", m.Notify.To)
	case updated.Notify.State == NotifyFailed:
		s.log.Error("voicemail: notification failed; giving up", "mailbox", m.Mailbox, "id", m.ID, "to", m.Notify.To,
			"attempts", updated.Notify.Attempts, "err", err)
	default:
		s.log.Warn("voicemail: notification failed; will retry", "mailbox", m.Mailbox, "id", m.ID, "to", m.Notify.To,
			"attempts", updated.Notify.Attempts, "next", updated.Notify.Next, "err", err)
	}
	return retry
}

// send e-mails m with its recording attached.
func (s *Service) send(ctx context.Context, m Message) error {
	f, err := os.Open(s.spool.wavPath(m))
	if err != nil {
		return fmt.Errorf("voicemail: open recording: %w", err)
	}
	defer f.Close()
	from := m.CallerNumber
	if from == "" {
		from = "an unknown number"
	}
	if m.CallerName != "" {
		from = m.CallerName + " (" + from + ")"
	}
	secs := (m.DurationMS + 500) / 1000
	e := &Email{
		To:      []string{m.Notify.To},
		Subject: fmt.Sprintf("Voicemail from %s for mailbox %s (%d:%02d)", from, m.Mailbox, secs/60, secs%60),
		Text: fmt.Sprintf("A new voicemail message is in mailbox %s.\n\nFrom: %s\nReceived: %s\nLength: %d:%02d\n\nThe recording is attached. Dial the voicemail service number to hear or delete it.\n",
			m.Mailbox, from, m.Received.Format("2006-01-02 15:04:05 -0700"), secs/60, secs%60),
		Attachments: []Attachment{{Name: "voicemail-" + m.ID + ".wav", ContentType: "audio/wav", Data: f}},
	}
	return s.o.Mailer.Send(ctx, e)
}
