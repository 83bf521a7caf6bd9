package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"os/exec"
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

// networkFollower keeps the network file equal to the network setting and,
// after each change, runs apply (on the box the request that makes the
// network start script apply the file at once).
type networkFollower struct {
	st    *store.Store
	path  string   // the network file
	apply []string // command and arguments; none: only the file is written
	log   *slog.Logger
}

// followNetwork writes the network file now and after every configuration
// change until pbxd stops. A network it cannot write or apply at start is
// logged, not fatal: the telephone system runs on whatever address the box
// has, and the fallback address still reaches it.
func followNetwork(ctx context.Context, stack *stopStack, cfg config, st *store.Store, log *slog.Logger) {
	n := &networkFollower{st: st, path: filepath.Join(cfg.DataDir, networkFile), apply: strings.Fields(cfg.NetApply), log: log}
	f := st.Follow("network", n.sync, log)
	if err := n.sync(ctx); err != nil {
		log.Error("pbxd: the admin's network is not applied", "err", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); f.Run(ctx) }()
	stack.push("network", func(context.Context) error { cancel(); <-done; return nil })
}

// sync writes the setting to the file and runs apply when the file changed.
func (n *networkFollower) sync(ctx context.Context) error {
	var c networkConfig
	if err := n.st.GetSetting(ctx, networkSettingKey, &c); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("network: %w", err)
	}
	changed, err := writeNetworkFile(n.path, c)
	if err != nil || !changed {
		return err
	}
	if c.Mode == "static" {
		n.log.Info("network: the box takes the admin's static address", "address", c.Address, "gateway", c.Gateway, "dns", strings.Join(c.DNS, " "))
	} else {
		n.log.Info("network: the box takes its address by DHCP")
	}
	if len(n.apply) == 0 {
		return nil
	}
	out, err := exec.CommandContext(ctx, n.apply[0], n.apply[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("network: %s: %v: %s", strings.Join(n.apply, " "), err, bytes.TrimSpace(out))
	}
	return nil
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

// writeNetworkFile makes the file at path hold c, or removes it for DHCP,
// through a temporary file renamed over it, so a crash leaves the old
// network or the new one. It reports whether the file changed; a value
// that is not a plain address leaves the file as it was.
func writeNetworkFile(path string, c networkConfig) (bool, error) {
	want, err := networkFileContent(c)
	if err != nil {
		return false, err
	}
	old, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, fmt.Errorf("network: %w", err)
	}
	if want == nil {
		if !exists {
			return false, nil
		}
		if err := os.Remove(path); err != nil {
			return false, fmt.Errorf("network: %w", err)
		}
		if err := syncDir(filepath.Dir(path)); err != nil {
			return false, fmt.Errorf("network: %w", err)
		}
		return true, nil
	}
	if exists && bytes.Equal(old, want) {
		return false, nil
	}
	if err := replaceFile(path, want); err != nil {
		return false, fmt.Errorf("network: %w", err)
	}
	return true, nil
}
