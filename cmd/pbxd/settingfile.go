package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hookflash/firmware/pbx/store"
)

// settingFile keeps a file in the data directory equal to what a setting
// says, for a start script of the box (the admin's NTP servers, the static
// network), and after each change runs apply, the request that makes the
// box use it at once.
type settingFile struct {
	what  string // names it in logs and errors: "ntp", "network"
	st    *store.Store
	path  string   // the file
	apply []string // command and arguments; none: only the file is written
	log   *slog.Logger
	// content reads the setting and returns the file's bytes, nil to remove
	// the file, and what the log says when the file changed.
	content func(ctx context.Context, st *store.Store) (data []byte, changedMsg string, err error)
}

// follow syncs the file now and after every configuration change until
// pbxd stops. It returns the first sync's error; the following goes on
// after one.
func (f *settingFile) follow(ctx context.Context, stack *stopStack) error {
	fl := f.st.Follow(f.what, f.sync, f.log)
	first := f.sync(ctx)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); fl.Run(ctx) }()
	stack.push(f.what, func(context.Context) error { cancel(); <-done; return nil })
	return first
}

// sync writes the setting to the file and runs apply when the file changed.
func (f *settingFile) sync(ctx context.Context) error {
	data, msg, err := f.content(ctx, f.st)
	if err != nil {
		return err
	}
	changed, err := writeOrRemove(f.path, data)
	if err != nil || !changed {
		if err != nil {
			err = fmt.Errorf("%s: %w", f.what, err)
		}
		return err
	}
	f.log.Info(f.what + ": " + msg)
	if len(f.apply) == 0 {
		return nil
	}
	out, err := exec.CommandContext(ctx, f.apply[0], f.apply[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %s: %v: %s", f.what, strings.Join(f.apply, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// getSetting reads the setting key into v, leaving v as it is when the
// admin never set it.
func getSetting(ctx context.Context, st *store.Store, key string, v any) error {
	if err := st.GetSetting(ctx, key, v); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// writeOrRemove makes the file at path hold data through a temporary file
// renamed over it (replaceFile), or removes it when data is nil, so a crash
// leaves the old content or the new one. It reports whether the file
// changed.
func writeOrRemove(path string, data []byte) (bool, error) {
	old, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	switch {
	case data == nil && !exists, data != nil && exists && bytes.Equal(old, data):
		return false, nil
	case data == nil:
		if err := os.Remove(path); err != nil {
			return false, err
		}
		return true, syncDir(filepath.Dir(path))
	}
	return true, replaceFile(path, data)
}
