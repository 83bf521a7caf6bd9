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

func TestWriteNetworkFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), networkFile)
	static := networkConfig{Mode: "static", Address: "192.168.1.10/24", Gateway: "192.168.1.1", DNS: []string{"192.168.1.1", "1.1.1.1"}}
	const staticFile = "mode=static\naddress=192.168.1.10/24\ngateway=192.168.1.1\ndns=192.168.1.1 1.1.1.1\n"
	other := networkConfig{Mode: "static", Address: "10.0.0.5/8", Gateway: "10.0.0.1", DNS: []string{"10.0.0.1"}}
	steps := []struct {
		c       networkConfig
		changed bool
		want    string // the file; "" means absent
	}{
		{networkConfig{}, false, ""},
		{networkConfig{Mode: "dhcp"}, false, ""},
		{static, true, staticFile},
		{static, false, staticFile},
		{other, true, "mode=static\naddress=10.0.0.5/8\ngateway=10.0.0.1\ndns=10.0.0.1\n"},
		{networkConfig{Mode: "dhcp"}, true, ""},
	}
	for i, s := range steps {
		changed, err := writeNetworkFile(path, s.c)
		if err != nil || changed != s.changed {
			t.Fatalf("step %d: writeNetworkFile(%+v) = %v, %v; want changed %v", i, s.c, changed, err, s.changed)
		}
		wantSettingFile(t, i, path, s.want)
	}
	wantNoTempFiles(t, filepath.Dir(path))
}

// TestWriteNetworkFileRefusesAllButAddresses: a stored value that is not a
// plain address (the web UI would not store one) never reaches the file
// that root reads.
func TestWriteNetworkFileRefusesAllButAddresses(t *testing.T) {
	path := filepath.Join(t.TempDir(), networkFile)
	good := networkConfig{Mode: "static", Address: "192.168.1.10/24", Gateway: "192.168.1.1", DNS: []string{"192.168.1.1"}}
	if _, err := writeNetworkFile(path, good); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	bad := []struct {
		c    networkConfig
		want string
	}{
		{networkConfig{Mode: "pppoe"}, `"pppoe"`},
		{networkConfig{Mode: "static", Address: "192.168.1.10/24\nmode=dhcp", Gateway: "192.168.1.1", DNS: []string{"1.1.1.1"}}, "address"},
		{networkConfig{Mode: "static", Address: "192.168.1.10", Gateway: "192.168.1.1", DNS: []string{"1.1.1.1"}}, "address"},
		{networkConfig{Mode: "static", Address: "192.168.1.10/24", Gateway: "192.168.1.1; reboot", DNS: []string{"1.1.1.1"}}, `"192.168.1.1; reboot"`},
		{networkConfig{Mode: "static", Address: "192.168.1.10/24", Gateway: "192.168.1.1", DNS: []string{"1.1.1.1 2.2.2.2"}}, `"1.1.1.1 2.2.2.2"`},
		{networkConfig{Mode: "static", Address: "192.168.1.10/24", Gateway: "192.168.1.1", DNS: []string{"2001:db8::1"}}, `"2001:db8::1"`},
		{networkConfig{Mode: "static", Address: "192.168.1.10/24", Gateway: "192.168.1.1"}, "DNS"},
	}
	for _, b := range bad {
		changed, err := writeNetworkFile(path, b.c)
		if err == nil || changed || !strings.Contains(err.Error(), b.want) {
			t.Errorf("writeNetworkFile(%+v) = %v, %v; want an error naming %s", b.c, changed, err, b.want)
		}
	}
	if got, _ := os.ReadFile(path); string(got) != string(before) {
		t.Errorf("file after refused values = %q; want the old network %q kept", got, before)
	}
}

// TestFollowNetwork changes the setting in a real store and waits for the
// file and for the apply command, a script that copies the file it was
// told about.
func TestFollowNetwork(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openTestStore(t, dir)
	applied := filepath.Join(dir, "applied")
	script := filepath.Join(dir, "apply.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\n{ echo run; cat \"$1\" 2>/dev/null; } >>"+applied+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := config{DataDir: dir, NetApply: script + " " + filepath.Join(dir, networkFile)}
	var stack stopStack
	defer stack.stop(ctx, slog.New(slog.DiscardHandler))
	followNetwork(ctx, &stack, cfg, st, slog.New(slog.DiscardHandler))
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
	static := map[string]any{"mode": "static", "address": "10.0.2.15/25", "gateway": "10.0.2.2", "dns": []string{"10.0.2.3"}}
	if err := st.PutSetting(ctx, networkSettingKey, static); err != nil {
		t.Fatal(err)
	}
	const file = "mode=static\naddress=10.0.2.15/25\ngateway=10.0.2.2\ndns=10.0.2.3\n"
	wait("run\n" + file)
	// Another change of the configuration leaves the file and the network alone.
	if err := st.PutSetting(ctx, "country", "PL"); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSetting(ctx, networkSettingKey, map[string]any{"mode": "dhcp"}); err != nil {
		t.Fatal(err)
	}
	wait("run\n" + file + "run\n")
	if _, err := os.Stat(filepath.Join(dir, networkFile)); !os.IsNotExist(err) {
		t.Errorf("network file after choosing DHCP: %v; want it removed", err)
	}
}

// TestFollowNetworkWithoutApply is the development machine: without
// PBX_NET_APPLY pbxd writes the file and touches nothing else.
func TestFollowNetworkWithoutApply(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openTestStore(t, dir)
	if err := st.PutSetting(ctx, networkSettingKey, map[string]any{"mode": "static", "address": "192.0.2.10/24", "gateway": "192.0.2.1", "dns": []string{"192.0.2.1"}}); err != nil {
		t.Fatal(err)
	}
	var stack stopStack
	defer stack.stop(ctx, slog.New(slog.DiscardHandler))
	followNetwork(ctx, &stack, config{DataDir: dir}, st, slog.New(slog.DiscardHandler))
	got, err := os.ReadFile(filepath.Join(dir, networkFile))
	if want := "mode=static\naddress=192.0.2.10/24\ngateway=192.0.2.1\ndns=192.0.2.1\n"; err != nil || string(got) != want {
		t.Errorf("network file at start = %q, %v; want %q", got, err, want)
	}
}
