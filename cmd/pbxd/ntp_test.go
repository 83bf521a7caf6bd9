package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteNTPServers(t *testing.T) {
	path := filepath.Join(t.TempDir(), ntpServersFile)
	steps := []struct {
		servers []string
		changed bool
		want    string // the file; "" means absent
	}{
		{nil, false, ""},
		{[]string{"ntp1.example.com", "192.0.2.1"}, true, "ntp1.example.com\n192.0.2.1\n"},
		{[]string{"ntp1.example.com", "192.0.2.1"}, false, "ntp1.example.com\n192.0.2.1\n"},
		{[]string{"192.0.2.1"}, true, "192.0.2.1\n"},
		{nil, true, ""},
	}
	for i, s := range steps {
		changed, err := writeNTPServers(path, s.servers)
		if err != nil || changed != s.changed {
			t.Fatalf("step %d: writeNTPServers(%q) = %v, %v; want changed %v", i, s.servers, changed, err, s.changed)
		}
		wantSettingFile(t, i, path, s.want)
	}
	wantNoTempFiles(t, filepath.Dir(path))
}

func TestWriteNTPServersRefusesSpaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), ntpServersFile)
	if _, err := writeNTPServers(path, []string{"192.0.2.1"}); err != nil {
		t.Fatal(err)
	}
	_, err := writeNTPServers(path, []string{"a.example.com -x"})
	if err == nil || !strings.Contains(err.Error(), `"a.example.com -x"`) {
		t.Fatalf("writeNTPServers with a space = %v; want an error naming the server", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "192.0.2.1\n" {
		t.Errorf("file after the refused list = %q; want the old list kept", got)
	}
}

// TestFollowNTP changes the setting in a real store and waits for the file
// and for the apply command, a script that copies the file it was told about.
func TestFollowNTP(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openTestStore(t, dir)
	applied := filepath.Join(dir, "applied")
	script := filepath.Join(dir, "apply.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\n{ echo run; cat \"$1\" 2>/dev/null; } >>"+applied+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := config{DataDir: dir, NTPApply: script + " " + filepath.Join(dir, ntpServersFile)}
	var stack stopStack
	defer stack.stop(ctx, slog.New(slog.DiscardHandler))
	if err := followNTP(ctx, &stack, cfg, st, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(applied); !os.IsNotExist(err) {
		t.Fatalf("apply ran at start without a setting (%v); want it run only on a change", err)
	}
	wait := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			got, _ := os.ReadFile(applied)
			if string(got) == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("apply log = %q; want %q", got, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if err := st.PutSetting(ctx, ntpSetting, []string{"ntp1.example.com", "192.0.2.7"}); err != nil {
		t.Fatal(err)
	}
	wait("run\nntp1.example.com\n192.0.2.7\n")
	// Another change of the configuration leaves the file and ntpd alone.
	if err := st.PutSetting(ctx, "country", "PL"); err != nil {
		t.Fatal(err)
	}
	row, err := st.Settings().FindBy(ctx, "key", ntpSetting)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Settings().Delete(ctx, row.ID); err != nil {
		t.Fatal(err)
	}
	wait("run\nntp1.example.com\n192.0.2.7\nrun\n")
	if _, err := os.Stat(filepath.Join(dir, ntpServersFile)); !os.IsNotExist(err) {
		t.Errorf("servers file after the setting was reset: %v; want it removed", err)
	}
}
