package main

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"path/filepath"

	"github.com/hookflash/firmware/pbx/update"
)

// newUpdater returns the firmware updater: RAUC bundles installed into the
// other slot, the box rebooted into it. Its state lives on the data
// partition, which updates never touch. Without RAUC (a development
// machine) the web UI reports updates as unavailable.
func newUpdater(cfg config, log *slog.Logger) (*update.Updater, error) {
	u, err := update.New(update.Options{
		RAUC: update.CLI{}, Dir: filepath.Join(cfg.DataDir, "update"), Version: version,
		Reboot: reboot, Logger: log,
	})
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	return u, nil
}

// reboot restarts the box after an installed update with the reboot
// command in PATH: busybox's, or on the box, when pbxd runs as its own
// user, /usr/libexec/hookflash/bin/reboot, which asks the root helper.
func reboot(ctx context.Context) error {
	if out, err := exec.CommandContext(ctx, "reboot").CombinedOutput(); err != nil {
		return fmt.Errorf("pbxd: reboot: %v: %s", err, out)
	}
	return nil
}
