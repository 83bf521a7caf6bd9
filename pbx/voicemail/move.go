package voicemail

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrRecording means a caller is recording a message into a mailbox that
// was to move: the move is refused rather than lose that message.
var ErrRecording = errors.New("voicemail: a caller is leaving a message in the mailbox now")

// MoveMailbox moves the messages of mailbox from to mailbox to, as when
// an extension's number changes: the folder is renamed in one step, so a
// crash leaves every message in one box or the other, and the sidecars
// then name the new box. A to that holds messages, or a from that is
// being recorded into, is refused and nothing moves; a from without
// messages moves nothing. It is safe for concurrent use.
func (s *Service) MoveMailbox(from, to string) error {
	if !digits(from, 1, 16) || !digits(to, 1, 16) {
		return fmt.Errorf("voicemail: move %q to %q: mailbox numbers are 1 to 16 digits", from, to)
	}
	if err := s.spool.move(from, to); err != nil {
		return err
	}
	s.spool.touched(from)
	s.spool.touched(to)
	return nil
}

// move renames folder from to to and rewrites its sidecars.
func (s *spool) move(from, to string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, dst := filepath.Join(s.dir, from), filepath.Join(s.dir, to)
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if recs, _ := filepath.Glob(filepath.Join(src, ".rec-*.tmp")); len(recs) > 0 {
		return fmt.Errorf("%w %s: try again when the call ends", ErrRecording, from)
	}
	if held, _ := filepath.Glob(filepath.Join(dst, "*.json")); len(held) > 0 {
		return fmt.Errorf("voicemail: move %s to %s: mailbox %s holds %d messages already", from, to, to, len(held))
	}
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("voicemail: move %s to %s: %w", from, to, err)
	}
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("voicemail: move %s to %s: %w", from, to, err)
	}
	syncDir(s.dir)
	names, err := filepath.Glob(filepath.Join(dst, "*.json"))
	if err != nil {
		return fmt.Errorf("voicemail: move %s to %s: %w", from, to, err)
	}
	var errs []error
	for _, n := range names {
		m, err := s.get(to, filepath.Base(n[:len(n)-len(".json")]))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m.Mailbox = to
		errs = append(errs, s.put(&m))
	}
	return errors.Join(errs...)
}
