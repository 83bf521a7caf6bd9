package datadir

import (
	"errors"
	"os"
	"testing"
)

func TestLockIsExclusiveAndReleased(t *testing.T) {
	d := Dir(t.TempDir() + "/data")
	l, err := Open(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range d.Folders() {
		if fi, err := os.Stat(f); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
			t.Fatalf("folder %s: %v, %v; want a 0700 directory", f, fi, err)
		}
	}
	if _, err := Open(d); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v; want ErrLocked", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Open(d)
	if err != nil {
		t.Fatalf("Open after Release = %v; want success", err)
	}
	l2.Release()
}
