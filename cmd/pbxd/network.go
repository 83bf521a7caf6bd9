package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"path/filepath"
	"strings"

	"github.com/hookflash/firmware/pbx/store"
)

// networkSettingKey is the settings key of how the box's LAN interface gets
// its address (the web UI's network setting).
const networkSettingKey = "network"

// networkFile is the file in the data directory that holds the admin's
// static network for the image's network start script (S20network), as
// key=value lines the script parses without running them:
//
//	mode=static
//	address=192.168.1.10/24
//	gateway=192.168.1.1
//	dns=192.168.1.1 1.1.1.1
//
// It is absent while the box takes its address by DHCP.
const networkFile = "network"

// networkConfig is the network setting as pbxd reads it from the store.
type networkConfig struct {
	Mode    string   `json:"mode"`
	Address string   `json:"address"`
	Gateway string   `json:"gateway"`
	DNS     []string `json:"dns"`
}

// followNetwork writes the network file now and after every configuration
// change until pbxd stops, and after each change runs cfg.NetApply (on the
// box the request that makes the network start script apply the file at
// once). A network it cannot write or apply at start is logged, not fatal:
// the telephone system runs on whatever address the box has, and the
// fallback address still reaches it.
func followNetwork(ctx context.Context, stack *stopStack, cfg config, st *store.Store, log *slog.Logger) {
	f := &settingFile{what: "network", st: st, path: filepath.Join(cfg.DataDir, networkFile), apply: strings.Fields(cfg.NetApply), log: log,
		content: func(ctx context.Context, st *store.Store) ([]byte, string, error) {
			var c networkConfig
			if err := getSetting(ctx, st, networkSettingKey, &c); err != nil {
				return nil, "", fmt.Errorf("network: %w", err)
			}
			data, err := networkFileContent(c)
			if c.Mode == "static" {
				return data, fmt.Sprintf("the box takes the admin's static address %s, gateway %s, DNS %s", c.Address, c.Gateway, strings.Join(c.DNS, " ")), err
			}
			return data, "the box takes its address by DHCP", err
		}}
	if err := f.follow(ctx, stack); err != nil {
		log.Error("pbxd: the admin's network is not applied", "err", err)
	}
}

// networkFileContent returns the file's lines for c, or nil for DHCP. It
// checks again that every value is a plain IPv4 address (the web UI
// checked the rest), so nothing but addresses reaches the file.
func networkFileContent(c networkConfig) ([]byte, error) {
	switch c.Mode {
	case "", "dhcp":
		return nil, nil
	case "static":
	default:
		return nil, fmt.Errorf("network: mode %q: want dhcp or static", c.Mode)
	}
	p, err := netip.ParsePrefix(c.Address)
	if err != nil || !p.Addr().Is4() || p.String() != c.Address {
		return nil, fmt.Errorf("network: address %q: want an IPv4 address with its prefix, such as 192.168.1.10/24", c.Address)
	}
	addrs := append([]string{c.Gateway}, c.DNS...)
	if len(c.DNS) == 0 {
		return nil, errors.New("network: a static network needs a DNS server")
	}
	for _, s := range addrs {
		if a, err := netip.ParseAddr(s); err != nil || !a.Is4() || a.String() != s {
			return nil, fmt.Errorf("network: %q: want an IPv4 address such as 192.168.1.1", s)
		}
	}
	return fmt.Appendf(nil, "mode=static\naddress=%s\ngateway=%s\ndns=%s\n", c.Address, c.Gateway, strings.Join(c.DNS, " ")), nil
}

// writeNetworkFile makes the file at path hold c, or removes it for DHCP
// (writeOrRemove). It reports whether the file changed; a value that is
// not a plain address leaves the file as it was.
func writeNetworkFile(path string, c networkConfig) (bool, error) {
	data, err := networkFileContent(c)
	if err != nil {
		return false, err
	}
	changed, err := writeOrRemove(path, data)
	if err != nil {
		return false, fmt.Errorf("network: %w", err)
	}
	return changed, nil
}
