package update

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRecordRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in := Record{Result: ResultRolledBack, Version: "1.2", Slot: "B", Reason: "pbxd did not\nanswer", At: time.Unix(1795228000, 0).UTC()}
	if err := writeRecord(dir, lastFile, in); err != nil {
		t.Fatal(err)
	}
	got, err := readRecord(dir, lastFile)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.Reason = "pbxd did not answer"
	if *got != want {
		t.Errorf("readRecord after writeRecord(%+v) = %+v; want %+v", in, *got, want)
	}
	if r, err := readRecord(dir, pendingFile); r != nil || err != nil {
		t.Errorf("readRecord(missing) = %v, %v; want nil, nil", r, err)
	}
}

// TestRecordFromShell reads a file as the image's boot-confirm script
// writes it (printf '%s\n' key=value...).
func TestRecordFromShell(t *testing.T) {
	dir := t.TempDir()
	data := "result=rolled-back\nversion=v2\nslot=B\nreason=slot B did not start; U-Boot's boot counter ran out\nat=1795228000\nnew_key=ignored\n"
	if err := os.WriteFile(filepath.Join(dir, lastFile), []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := readRecord(dir, lastFile)
	if err != nil {
		t.Fatal(err)
	}
	want := Record{Result: "rolled-back", Version: "v2", Slot: "B", Reason: "slot B did not start; U-Boot's boot counter ran out", At: time.Unix(1795228000, 0).UTC()}
	if *got != want {
		t.Errorf("readRecord(%q) = %+v; want %+v", data, *got, want)
	}
	for _, bad := range []string{"no equals sign\n", "at=yesterday\n"} {
		if _, err := parseRecord([]byte(bad)); err == nil {
			t.Errorf("parseRecord(%q) = nil error; want one", bad)
		}
	}
}

func FuzzParseRecord(f *testing.F) {
	f.Add([]byte("result=installed\nversion=1\nslot=A\nat=1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parseRecord(data)
		if err != nil {
			return
		}
		again, err := parseRecord(r.format())
		if err != nil || again != r {
			t.Errorf("parseRecord(format(%+v)) = %+v, %v", r, again, err)
		}
	})
}
