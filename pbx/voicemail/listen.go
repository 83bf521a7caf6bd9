package voicemail

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
)

// ErrPINRefused is Listen's error when the caller entered a wrong PIN (or
// mailbox) Opts.PINAttempts times.
var ErrPINRefused = errors.New("voicemail: wrong PIN entered too many times")

// The keys of Listen's menu.
const (
	keyNext   = '1'
	keyDelete = '7'
	keySave   = '9'
	keyExit   = '#'
	menuKeys  = "179#"
)

// menuTries is how many times the menu is offered without an answer before
// Listen says goodbye.
const menuTries = 3

// listenState is a state of Listen's dialogue with the caller.
type listenState int

const (
	askMailbox  listenState = iota // the caller enters a mailbox number
	askPIN                         // the caller enters the PIN
	announce                       // the message counts
	playMessage                    // message i: its number, then the recording
	offerMenu                      // the keys, then wait for one
	goodbye
	finished
)

// listening is one Listen call's state.
type listening struct {
	s          *Service
	c          call.Control
	askedMB    bool    // the caller entered the mailbox number
	number     string  // the mailbox entered or given
	mb         Mailbox // valid from announce on
	found      bool    // mb exists
	wrong      int     // wrong mailbox or PIN entries
	msgs       []Message
	nNew       int
	i          int
	unanswered int
	err        error // Listen's result
}

// Listen lets the owner of mailbox hear its messages: after the PIN (and,
// when mailbox is "", the mailbox number), the counts, then new messages,
// oldest first, then saved ones, each followed by the menu: 1 next, 7
// delete, 9 save, # exit (a key works during the message too). A wrong
// mailbox number is not told apart from a wrong PIN. Listen does not hang
// up; it returns ErrPINRefused after Opts.PINAttempts wrong entries, nil
// when the caller is done or hung up.
func (s *Service) Listen(ctx context.Context, c call.Control, mailbox string) error {
	l := &listening{s: s, c: c, number: mailbox}
	st := askPIN
	if mailbox == "" {
		st, l.askedMB = askMailbox, true
	}
	for st != finished {
		next, err := l.step(ctx, st)
		if err != nil {
			return hungUp(ctx, err)
		}
		st = next
	}
	return l.err
}

// step runs one state and names the next.
func (l *listening) step(ctx context.Context, st listenState) (listenState, error) {
	s, c := l.s, l.c
	switch st {
	case askMailbox:
		if _, err := play(ctx, c, s.say(ctx, s.ph.EnterMailbox), "0123456789*#"); err != nil {
			return 0, err
		}
		n, err := c.CollectDigits(ctx, call.DigitOpts{Max: 16, Terminator: '#', FirstTimeout: 2 * s.o.KeyTimeout, InterDigitTimeout: s.o.KeyTimeout})
		if err != nil && !errors.Is(err, call.ErrNoInput) {
			return 0, err
		}
		l.number = n
		return askPIN, nil

	case askPIN:
		l.mb, l.found = Mailbox{}, false
		if digits(l.number, 1, 16) {
			mb, err := s.o.Mailboxes.Mailbox(ctx, l.number)
			switch {
			case err == nil:
				l.mb, l.found = mb, true
			case !errors.Is(err, ErrNoMailbox):
				return 0, fmt.Errorf("mailbox %s: %w", l.number, err)
			}
		}
		if _, err := play(ctx, c, s.say(ctx, s.ph.EnterPIN), "0123456789*#"); err != nil {
			return 0, err
		}
		pin, err := c.CollectDigits(ctx, call.DigitOpts{Max: 16, Terminator: '#', FirstTimeout: 2 * s.o.KeyTimeout, InterDigitTimeout: s.o.KeyTimeout})
		if err != nil && !errors.Is(err, call.ErrNoInput) {
			return 0, err
		}
		if l.found && l.mb.PIN != "" && subtle.ConstantTimeCompare([]byte(pin), []byte(l.mb.PIN)) == 1 {
			return announce, nil
		}
		l.wrong++
		s.log.Warn("voicemail: wrong PIN", "mailbox", l.number, "attempt", l.wrong, "caller", c.Info().Caller.Number)
		if _, err := play(ctx, c, s.say(ctx, s.ph.WrongPIN), ""); err != nil {
			return 0, err
		}
		if l.wrong >= s.o.PINAttempts {
			l.err = ErrPINRefused
			return goodbye, nil
		}
		if l.askedMB {
			return askMailbox, nil
		}
		return askPIN, nil

	case announce:
		msgs, err := s.spool.list(l.mb.Number)
		if err != nil && msgs == nil {
			return 0, err
		}
		for _, m := range msgs { // new first, then saved; each oldest first
			if m.State == StateNew {
				l.msgs = append(l.msgs, m)
			}
		}
		l.nNew = len(l.msgs)
		for _, m := range msgs {
			if m.State != StateNew {
				l.msgs = append(l.msgs, m)
			}
		}
		text := fill(s.ph.Counts, l.mb.Number, 0, l.nNew, len(l.msgs)-l.nNew)
		if _, err := play(ctx, c, s.say(ctx, text), ""); err != nil {
			return 0, err
		}
		return playMessage, nil

	case playMessage:
		if l.i >= len(l.msgs) {
			if _, err := play(ctx, c, s.say(ctx, s.ph.NoMore), ""); err != nil {
				return 0, err
			}
			return goodbye, nil
		}
		m := l.msgs[l.i]
		head, n := s.ph.NewMessage, l.i+1
		if l.i >= l.nNew {
			head, n = s.ph.SavedMessage, l.i-l.nNew+1
		}
		d, err := play(ctx, c, s.say(ctx, fill(head, m.Mailbox, n, 0, 0)), menuKeys)
		if err != nil || d != 0 {
			return l.key(ctx, d, err)
		}
		src, err := prompt.OpenFile(s.spool.wavPath(m))
		if err != nil {
			s.log.Warn("voicemail: message recording unreadable", "mailbox", m.Mailbox, "id", m.ID, "err", err)
			return offerMenu, nil
		}
		d, err = play(ctx, c, src, menuKeys)
		if err != nil || d != 0 {
			return l.key(ctx, d, err)
		}
		return offerMenu, nil

	case offerMenu:
		d, err := play(ctx, c, s.say(ctx, s.ph.Menu), menuKeys)
		if err != nil {
			return 0, err
		}
		return l.key(ctx, d, nil)

	case goodbye:
		if _, err := play(ctx, c, s.say(ctx, s.ph.Goodbye), ""); err != nil {
			return 0, err
		}
		return finished, nil
	}
	return 0, fmt.Errorf("listen: unknown state %d", st)
}

// key reads the key the caller pressed (d, still queued, or the next one
// within Opts.KeyTimeout when d is 0) and acts on it for the current
// message.
func (l *listening) key(ctx context.Context, d byte, err error) (listenState, error) {
	if err != nil {
		return 0, err
	}
	s, c := l.s, l.c
	k, err := c.CollectDigits(ctx, call.DigitOpts{Max: 1, FirstTimeout: s.o.KeyTimeout})
	if errors.Is(err, call.ErrNoInput) {
		l.unanswered++
		if l.unanswered >= menuTries {
			return goodbye, nil
		}
		return offerMenu, nil
	}
	if err != nil {
		return 0, err
	}
	l.unanswered = 0
	m := l.msgs[l.i]
	switch k[0] {
	case keyNext:
		l.i++
		return playMessage, nil
	case keyDelete:
		if err := s.spool.remove(m.Mailbox, m.ID); err != nil && !errors.Is(err, ErrNoMessage) {
			return 0, err
		}
		l.i++
		_, err := play(ctx, c, s.say(ctx, s.ph.Deleted), "")
		return playMessage, err
	case keySave:
		if _, err := s.spool.update(m.Mailbox, m.ID, func(m *Message) { m.State = StateSaved }); err != nil && !errors.Is(err, ErrNoMessage) {
			return 0, err
		}
		l.i++
		_, err := play(ctx, c, s.say(ctx, s.ph.Saved), "")
		return playMessage, err
	case keyExit:
		return goodbye, nil
	}
	return offerMenu, nil
}
