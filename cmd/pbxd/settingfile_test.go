package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// wantSettingFile checks, after step, that the file at path holds want,
// or is absent when want is "".
func wantSettingFile(t *testing.T, step int, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	switch {
	case want == "" && !os.IsNotExist(err):
		t.Fatalf("step %d: file = %q, %v; want it removed", step, got, err)
	case want != "" && string(got) != want:
		t.Fatalf("step %d: file = %q; want %q", step, got, want)
	}
}

// wantNoTempFiles checks that writing the files left nothing else in dir.
func wantNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left in the directory: %v; want no temporary files", entries)
	}
}

// openTestStore opens a store in dir, closed when the test ends.
func openTestStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
