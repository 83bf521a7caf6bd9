package voicemail

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/prompt"
)

// spool keeps messages as files in the voicemail folder: one folder per
// mailbox, a WAV and a JSON sidecar per message. Its methods are safe for
// concurrent use; sidecar updates are serialised.
type spool struct {
	dir string
	mu  sync.Mutex
	// changed, when set, is called after a message of mailbox was added,
	// removed or changed its state, without s.mu held.
	changed func(mailbox string)
}

// touched calls s.changed for mailbox, if set.
func (s *spool) touched(mailbox string) {
	if s.changed != nil {
		s.changed(mailbox)
	}
}

// ErrNoMessage means a message does not exist (any more).
var ErrNoMessage = errors.New("voicemail: no such message")

// recording is a message being recorded to a temporary file.
type recording struct {
	f   *os.File
	w   *prompt.WAVWriter
	dir string
}

// create starts a recording for mailbox.
func (s *spool) create(mailbox string) (*recording, error) {
	dir := filepath.Join(s.dir, mailbox)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("voicemail: %w", err)
	}
	f, err := os.CreateTemp(dir, ".rec-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("voicemail: %w", err)
	}
	w, err := prompt.NewWAVWriter(f)
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &recording{f: f, w: w, dir: dir}, nil
}

// discard removes a recording that is not kept.
func (r *recording) discard() {
	r.f.Close()
	os.Remove(r.f.Name())
}

// commit completes a recording as message m: the WAV is finished, synced
// and renamed to <id>.wav, then the sidecar written. m.ID and
// m.DurationMS are set.
func (s *spool) commit(r *recording, m *Message) error {
	m.DurationMS = int(r.w.Duration().Milliseconds())
	err := r.w.Close()
	if err == nil {
		err = r.f.Sync()
	}
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(r.f.Name())
		return fmt.Errorf("voicemail: write recording: %w", err)
	}
	m.ID = newID(m.Received)
	if err := os.Rename(r.f.Name(), filepath.Join(r.dir, m.ID+".wav")); err != nil {
		os.Remove(r.f.Name())
		return fmt.Errorf("voicemail: %w", err)
	}
	s.mu.Lock()
	err = s.put(m)
	s.mu.Unlock()
	if err == nil {
		s.touched(m.Mailbox)
	}
	return err
}

// put writes m's sidecar atomically; s.mu is held.
func (s *spool) put(m *Message) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	dir := filepath.Join(s.dir, m.Mailbox)
	if err := writeFileAtomic(dir, m.ID+".json", b); err != nil {
		return fmt.Errorf("voicemail: save message %s/%s: %w", m.Mailbox, m.ID, err)
	}
	return nil
}

// get reads one sidecar; s.mu is held.
func (s *spool) get(mailbox, id string) (Message, error) {
	if !validID(id) || !digits(mailbox, 1, 16) {
		return Message{}, fmt.Errorf("%w: %s/%s", ErrNoMessage, mailbox, id)
	}
	b, err := os.ReadFile(filepath.Join(s.dir, mailbox, id+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return Message{}, fmt.Errorf("%w: %s/%s", ErrNoMessage, mailbox, id)
	}
	if err != nil {
		return Message{}, fmt.Errorf("voicemail: %w", err)
	}
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		return Message{}, fmt.Errorf("voicemail: message %s/%s: %w", mailbox, id, err)
	}
	m.Mailbox = mailbox // the folder says, should a move have stopped before the sidecar
	return m, nil
}

// list returns mailbox's messages, oldest first. A sidecar that cannot be
// read is skipped and reported in the error, which does not stop the list.
func (s *spool) list(mailbox string) ([]Message, error) {
	if !digits(mailbox, 1, 16) {
		return nil, fmt.Errorf("voicemail: mailbox number %q must be 1 to 16 digits", mailbox)
	}
	names, err := filepath.Glob(filepath.Join(s.dir, mailbox, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("voicemail: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var msgs []Message
	var errs []error
	for _, n := range names {
		m, err := s.get(mailbox, strings.TrimSuffix(filepath.Base(n), ".json"))
		if err != nil {
			if !errors.Is(err, ErrNoMessage) {
				errs = append(errs, err)
			}
			continue
		}
		msgs = append(msgs, m)
	}
	slices.SortFunc(msgs, func(a, b Message) int {
		if c := a.Received.Compare(b.Received); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return msgs, errors.Join(errs...)
}

// mailboxes returns the numbers of the mailboxes that have a folder.
func (s *spool) mailboxes() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("voicemail: %w", err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && digits(e.Name(), 1, 16) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// update applies fn to a message's sidecar, read afresh, and writes it.
func (s *spool) update(mailbox, id string, fn func(*Message)) (Message, error) {
	s.mu.Lock()
	m, err := s.get(mailbox, id)
	if err != nil {
		s.mu.Unlock()
		return Message{}, err
	}
	was := m.State
	fn(&m)
	err = s.put(&m)
	s.mu.Unlock()
	if err == nil && m.State != was {
		s.touched(mailbox)
	}
	return m, err
}

// remove deletes a message: the sidecar first, so that it is gone at once,
// then the recording.
func (s *spool) remove(mailbox, id string) error {
	if err := s.removeFiles(mailbox, id); err != nil {
		return err
	}
	s.touched(mailbox)
	return nil
}

// removeFiles is remove without the change notice: it takes s.mu while
// the files go, which remove releases before it notifies.
func (s *spool) removeFiles(mailbox, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.get(mailbox, id); err != nil {
		return err
	}
	dir := filepath.Join(s.dir, mailbox)
	if err := os.Remove(filepath.Join(dir, id+".json")); err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, id+".wav")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("voicemail: %w", err)
	}
	syncDir(dir)
	return nil
}

// wavPath returns the path of m's recording.
func (s *spool) wavPath(m Message) string {
	return filepath.Join(s.dir, m.Mailbox, m.ID+".wav")
}

// newID returns a new message ID: the time received, UTC, to the second,
// and 4 random bytes, so that IDs sort by time.
func newID(t time.Time) string {
	var b [4]byte
	rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// validID reports whether id has the form newID makes, so that it is safe
// in a path.
func validID(id string) bool {
	if len(id) != 25 || id[16] != '-' {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == 'T' || c == 'Z' || c == '-') {
			return false
		}
	}
	return true
}

// writeFileAtomic writes name in dir through a temporary file that is
// synced and renamed, then syncs dir.
func writeFileAtomic(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, "."+name+"-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes renames in dir durable; a failure only risks them on power
// loss, so it is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
