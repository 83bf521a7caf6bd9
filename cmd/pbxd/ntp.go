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

// ntpSetting is the settings key of the admin's NTP servers (the web UI's
// ntp_servers): a JSON list of host names or addresses.
const ntpSetting = "ntp_servers"

// ntpServersFile is the file in the data directory that holds the admin's
// NTP servers, one per line, for the box's NTP start script (S25ntpd). It
// is absent while the admin names none: the box then uses those of DHCP,
// else those of hookflash.conf.
const ntpServersFile = "ntp-servers"

// ntpFollower keeps the NTP servers file equal to the ntp_servers setting
// and, after each change, runs apply (on the box the command that starts
// ntpd again with the file's servers).
type ntpFollower struct {
	st    *store.Store
	path  string   // the servers file
	apply []string // command and arguments; none: only the file is written
	log   *slog.Logger
}

// followNTP writes the servers file now and after every configuration
// change until pbxd stops.
func followNTP(ctx context.Context, stack *stopStack, cfg config, st *store.Store, log *slog.Logger) error {
	n := &ntpFollower{st: st, path: filepath.Join(cfg.DataDir, ntpServersFile), apply: strings.Fields(cfg.NTPApply), log: log}
	f := st.Follow("ntp", n.sync, log)
	if err := n.sync(ctx); err != nil {
		f.Stop()
		return fmt.Errorf("pbxd: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); f.Run(ctx) }()
	stack.push("ntp", func(context.Context) error { cancel(); <-done; return nil })
	return nil
}

// sync writes the setting to the file and runs apply when the file changed.
func (n *ntpFollower) sync(ctx context.Context) error {
	var servers []string
	if err := n.st.GetSetting(ctx, ntpSetting, &servers); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("ntp: %w", err)
	}
	changed, err := writeNTPServers(n.path, servers)
	if err != nil || !changed {
		return err
	}
	if len(servers) == 0 {
		n.log.Info("ntp: no servers set by the admin: the box uses those of DHCP or hookflash.conf")
	} else {
		n.log.Info("ntp: the box keeps its clock with the admin's servers", "servers", strings.Join(servers, " "))
	}
	if len(n.apply) == 0 {
		return nil
	}
	out, err := exec.CommandContext(ctx, n.apply[0], n.apply[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ntp: %s: %v: %s", strings.Join(n.apply, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// writeNTPServers makes the file at path hold servers, one per line, or
// removes it when there are none. It writes a temporary file in the same
// directory, syncs it and renames it over path, so a crash leaves the old
// list or the new one. It reports whether the file changed.
func writeNTPServers(path string, servers []string) (bool, error) {
	old, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, fmt.Errorf("ntp: %w", err)
	}
	if len(servers) == 0 {
		if !exists {
			return false, nil
		}
		if err := os.Remove(path); err != nil {
			return false, fmt.Errorf("ntp: %w", err)
		}
		if err := syncDir(filepath.Dir(path)); err != nil {
			return false, fmt.Errorf("ntp: %w", err)
		}
		return true, nil
	}
	for _, s := range servers {
		if s == "" || strings.ContainsAny(s, " \t\r\n") {
			return false, fmt.Errorf("ntp: server %q: want a host name or address without spaces", s)
		}
	}
	want := []byte(strings.Join(servers, "\n") + "\n")
	if exists && bytes.Equal(old, want) {
		return false, nil
	}
	if err := replaceFile(path, want); err != nil {
		return false, fmt.Errorf("ntp: %w", err)
	}
	return true, nil
}
