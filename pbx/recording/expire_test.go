package recording

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

func TestExpire(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	dir := t.TempDir()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	mk := func(name string, ended time.Time, file bool) store.CallRecord {
		r := store.CallRecord{StartedAt: ended, EndedAt: ended, Direction: "inbound", Cause: "normal", Recording: name}
		if err := st.CallRecords().Create(ctx, &r); err != nil {
			t.Fatal(err)
		}
		if file {
			if err := os.WriteFile(filepath.Join(dir, name), []byte("RIFF"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	old := mk("old.wav", now.AddDate(0, 0, -40), true)
	gone := mk("gone.wav", now.AddDate(0, 0, -40), false) // deleted by hand
	recent := mk("recent.wav", now.AddDate(0, 0, -3), true)

	if err := st.PutSetting(ctx, store.RecordingRetentionSetting, 0); err != nil {
		t.Fatal(err)
	}
	if n, err := Expire(ctx, st, dir, now); n != 0 || err != nil {
		t.Fatalf("retention 0: Expire = %d, %v; want nothing deleted", n, err)
	}
	if err := st.PutSetting(ctx, store.RecordingRetentionSetting, 30); err != nil {
		t.Fatal(err)
	}
	if n, err := Expire(ctx, st, dir, now); n != 1 || err != nil {
		t.Fatalf("retention 30: Expire = %d, %v; want 1 deleted", n, err)
	}
	for _, c := range []struct {
		rec      store.CallRecord
		wantFile bool
	}{{old, false}, {gone, false}, {recent, true}} {
		_, err := os.Stat(filepath.Join(dir, c.rec.Recording))
		if exists := err == nil; exists != c.wantFile {
			t.Errorf("%s exists = %v; want %v", c.rec.Recording, exists, c.wantFile)
		}
		r, err := st.CallRecords().Get(ctx, c.rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if linked := r.Recording != ""; linked != c.wantFile {
			t.Errorf("call %d links %q; want linked = %v", r.ID, r.Recording, c.wantFile)
		}
	}
}

func TestRemoveParts(t *testing.T) {
	dir := t.TempDir()
	w, err := Create(dir, "crashed", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	done, err := Create(dir, "done", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := done.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := RemoveParts(dir); n != 1 || err != nil {
		t.Fatalf("RemoveParts = %d, %v; want 1", n, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != done.Name() {
		t.Errorf("left in the folder: %v; want only %s", entries, done.Name())
	}
	_ = w // its file is gone, as after a crash
}
