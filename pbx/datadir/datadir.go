// Package datadir knows the layout of the box's data directory and guards it
// with a lock, so that pbxd and an offline pbxctl never write it at once.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Dir is a data directory.
type Dir string

// DB returns the path of the SQLite database.
func (d Dir) DB() string { return filepath.Join(string(d), "pbx.db") }

// Socket returns the path of pbxd's local API socket.
func (d Dir) Socket() string { return filepath.Join(string(d), "pbxd.sock") }

// Prompts returns the folder of the admin's prompts.
func (d Dir) Prompts() string { return filepath.Join(string(d), "prompts") }

// Voicemail returns the folder of the mailboxes' messages.
func (d Dir) Voicemail() string { return filepath.Join(string(d), "voicemail") }

// Recordings returns the folder of call recordings.
func (d Dir) Recordings() string { return filepath.Join(string(d), "recordings") }

// Folders returns the folders of data files: prompts, voicemail, recordings.
func (d Dir) Folders() []string {
	return []string{d.Prompts(), d.Voicemail(), d.Recordings()}
}

// ErrLocked means another process holds the data directory: pbxd is running.
var ErrLocked = errors.New("datadir: in use by another process (is pbxd running?)")

// Lock is an exclusive hold on a data directory.
type Lock struct{ f *os.File }

// Open creates the data directory and its folders if needed (readable by the
// owner only) and takes its lock. It returns ErrLocked if another process
// holds it. The lock goes with the process, so a crash never leaves it held.
func Open(d Dir) (*Lock, error) {
	for _, p := range append([]string{string(d)}, d.Folders()...) {
		if err := os.MkdirAll(p, 0o700); err != nil {
			return nil, fmt.Errorf("datadir: %w", err)
		}
	}
	f, err := os.OpenFile(filepath.Join(string(d), "pbxd.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("datadir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("datadir: lock %s: %w", d, err)
	}
	return &Lock{f: f}, nil
}

// Release gives the lock up.
func (l *Lock) Release() error { return l.f.Close() }
