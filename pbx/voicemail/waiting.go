package voicemail

import (
	"errors"
	"slices"
)

// hasNew reports whether msgs hold a new message.
func hasNew(msgs []Message) bool {
	return slices.ContainsFunc(msgs, func(m Message) bool { return m.State == StateNew })
}

// recount tells Opts.MessageWaiting when mailbox's having new messages
// changed since it was last told. Calls are serialised, so that the
// indications of one mailbox arrive in the order of its changes.
func (s *Service) recount(mailbox string) {
	if s.o.MessageWaiting == nil {
		return
	}
	s.mwiMu.Lock()
	defer s.mwiMu.Unlock()
	msgs, err := s.spool.list(mailbox)
	if err != nil && msgs == nil {
		s.log.Warn("voicemail: message waiting", "mailbox", mailbox, "err", err)
		return
	}
	on := hasNew(msgs)
	if s.mwi[mailbox] == on {
		return
	}
	s.mwi[mailbox] = on
	s.o.MessageWaiting(mailbox, on)
}

// Waiting returns the mailboxes that have new messages, in the order of
// their numbers, and takes them as told on, so that Opts.MessageWaiting
// is next told of them when their last new message goes. Mailboxes that
// cannot be read are skipped and reported in the error. It is safe for
// concurrent use.
func (s *Service) Waiting() ([]string, error) {
	boxes, err := s.spool.mailboxes()
	if err != nil {
		return nil, err
	}
	slices.Sort(boxes)
	s.mwiMu.Lock()
	defer s.mwiMu.Unlock()
	var out []string
	var errs []error
	for _, b := range boxes {
		msgs, err := s.spool.list(b)
		if err != nil {
			errs = append(errs, err)
		}
		if hasNew(msgs) {
			out = append(out, b)
			s.mwi[b] = true
		}
	}
	return out, errors.Join(errs...)
}
