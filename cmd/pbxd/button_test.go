package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/store"
)

// fakeRebooter counts reboot requests.
type fakeRebooter struct{ n int }

func (r *fakeRebooter) Reboot() error { r.n++; return nil }

// TestResetButtonPress: a short press asks for a reboot and leaves the
// configuration; a long press erases the store and the data files and
// ends run for a restart.
func TestResetButtonPress(t *testing.T) {
	tests := []struct {
		press       hal.Press
		wantReboots int
		wantCause   error
		wantErased  bool
	}{
		{hal.PressShort, 1, nil, false},
		{hal.PressLong, 0, errRestart, true},
	}
	for _, tc := range tests {
		t.Run(tc.press.String(), func(t *testing.T) {
			ctx := context.Background()
			dir := datadir.Dir(t.TempDir())
			lock, err := datadir.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer lock.Release()
			st, err := store.Open(ctx, dir.DB())
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.Extensions().Create(ctx, &store.Extension{Number: "101", Name: "Reception", Outbound: store.OutboundInternal}); err != nil {
				t.Fatal(err)
			}
			prompt := filepath.Join(dir.Prompts(), "welcome.wav")
			if err := os.WriteFile(prompt, []byte("RIFF"), 0o600); err != nil {
				t.Fatal(err)
			}
			rb := &fakeRebooter{}
			var cause error
			b := &resetButton{st: st, dir: dir, reboot: rb, restart: func(c error) { cause = c }, log: slog.New(slog.DiscardHandler)}
			b.press(ctx, tc.press)

			if rb.n != tc.wantReboots || !errors.Is(cause, tc.wantCause) || (cause == nil) != (tc.wantCause == nil) {
				t.Errorf("press %v: %d reboots, restart cause %v; want %d, %v", tc.press, rb.n, cause, tc.wantReboots, tc.wantCause)
			}
			exts, err := st.Extensions().List(ctx)
			if err != nil {
				t.Fatal(err)
			}
			_, statErr := os.Stat(prompt)
			if erased := len(exts) == 0 && errors.Is(statErr, os.ErrNotExist); erased != tc.wantErased {
				t.Errorf("press %v: %d extensions left, prompt file: %v; want erased %v", tc.press, len(exts), statErr, tc.wantErased)
			}
		})
	}
}
