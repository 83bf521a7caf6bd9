package main

import (
	"context"
	"fmt"
	"log/slog"
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

// followNTP writes the servers file now and after every configuration
// change until pbxd stops, and after each change runs cfg.NTPApply (on
// the box the command that starts ntpd again with the file's servers).
func followNTP(ctx context.Context, stack *stopStack, cfg config, st *store.Store, log *slog.Logger) error {
	f := &settingFile{what: "ntp", st: st, path: filepath.Join(cfg.DataDir, ntpServersFile), apply: strings.Fields(cfg.NTPApply), log: log,
		content: func(ctx context.Context, st *store.Store) ([]byte, string, error) {
			var servers []string
			if err := getSetting(ctx, st, ntpSetting, &servers); err != nil {
				return nil, "", fmt.Errorf("ntp: %w", err)
			}
			data, err := ntpServersContent(servers)
			if len(servers) == 0 {
				return data, "no servers set by the admin: the box uses those of DHCP or hookflash.conf", err
			}
			return data, "the box keeps its clock with the admin's servers " + strings.Join(servers, " "), err
		}}
	if err := f.follow(ctx, stack); err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	return nil
}

// ntpServersContent returns the servers file's lines, one server each, or
// nil when there are none.
func ntpServersContent(servers []string) ([]byte, error) {
	if len(servers) == 0 {
		return nil, nil
	}
	for _, s := range servers {
		if s == "" || strings.ContainsAny(s, " \t\r\n") {
			return nil, fmt.Errorf("ntp: server %q: want a host name or address without spaces", s)
		}
	}
	return []byte(strings.Join(servers, "\n") + "\n"), nil
}

// writeNTPServers makes the file at path hold servers, one per line, or
// removes it when there are none (writeOrRemove). It reports whether the
// file changed.
func writeNTPServers(path string, servers []string) (bool, error) {
	data, err := ntpServersContent(servers)
	if err != nil {
		return false, err
	}
	changed, err := writeOrRemove(path, data)
	if err != nil {
		return false, fmt.Errorf("ntp: %w", err)
	}
	return changed, nil
}
