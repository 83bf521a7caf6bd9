package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// Watchdog timing: pbxd kicks every watchdogKick while healthy; a health
// check that has not answered within watchdogCheck counts as failed. The
// image arms the watchdog with a 30 s timeout (WATCHDOG_TIMEOUT in
// /etc/hookflash/hookflash.conf), so a pbxd that stays unhealthy for about
// 30 s resets the box.
const (
	watchdogKick  = 5 * time.Second
	watchdogCheck = 3 * time.Second
)

// healthCheck is one thing that must answer for pbxd to count as healthy.
type healthCheck struct {
	name  string
	check func(context.Context) error
}

// watchdogKeeper kicks a hardware watchdog only while every health check
// passes, so that a pbxd that hangs (a stuck store, a deadlocked switch) is
// reset by the board, as a crashed one is.
type watchdogKeeper struct {
	wd     hal.Watchdog
	checks []healthCheck
	every  time.Duration // between kicks
	limit  time.Duration // for one round of checks
	log    *slog.Logger
}

// run checks and kicks every k.every until ctx ends, then disarms the
// watchdog with the magic close (a clean stop must not reset the box). A
// failed check stops the kicks until the checks pass again; both are
// logged once. It returns the close's error.
func (k *watchdogKeeper) run(ctx context.Context) error {
	t := time.NewTicker(k.every)
	defer t.Stop()
	healthy := true
	for {
		if err := k.healthy(ctx); err != nil {
			if healthy && ctx.Err() == nil {
				k.log.Error("watchdog: health check failed: no longer kicking the watchdog; the board resets if it does not recover", "err", err)
			}
			healthy = false
		} else {
			if !healthy {
				k.log.Warn("watchdog: healthy again: kicking the watchdog")
			}
			healthy = true
			if err := k.wd.Kick(); err != nil {
				k.log.Error("watchdog: kick", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return k.wd.Close()
		case <-t.C:
		}
	}
}

// healthy runs every check within k.limit. A check that does not return in
// time counts as failed (its goroutine is left to finish on its own).
func (k *watchdogKeeper) healthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, k.limit)
	defer cancel()
	res := make(chan error, 1)
	go func() {
		var errs []error
		for _, c := range k.checks {
			if err := c.check(ctx); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", c.name, err))
			}
		}
		res <- errors.Join(errs...)
	}()
	select {
	case err := <-res:
		return err
	case <-ctx.Done():
		return fmt.Errorf("pbxd: health check: no answer within %v", k.limit)
	}
}

// openWatchdog opens the watchdog that mode asks for: "off" none, "on" the
// board profile's (a device, or "sim" for a simulated one that only logs
// when it would reset the box), or a device path that overrides the
// profile's (the qemu image runs the simulated board on a virtual machine
// whose watchdog is a real device). It returns nil for none.
func openWatchdog(mode string, b *hal.BoardProfile, log *slog.Logger) (hal.Watchdog, error) {
	dev := mode
	switch mode {
	case "off", "":
		return nil, nil
	case "on":
		dev = b.Watchdog
		if dev == "" {
			return nil, fmt.Errorf("pbxd: -watchdog on: board %s names no watchdog device; give its path instead", b.Name)
		}
	}
	if dev == "sim" {
		w := sim.NewWatchdog(nil, 30*time.Second)
		w.OnExpire = func() { log.Error("watchdog: the simulated watchdog expired: a real box would reset now") }
		return w, nil
	}
	wd, err := hal.OpenWatchdog(dev)
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w (is another watchdog daemon holding it?)", err)
	}
	return wd, nil
}

// keepWatchdog opens the watchdog that mode asks for (see openWatchdog) on
// board and kicks it while the store answers and, once sw holds the switch,
// while the switch's call list does. run calls it right after the store
// opens, so a start-up that hangs (a chip that never answers) resets the box
// too; the stack's stop disarms it after every later part stopped.
func keepWatchdog(stack *stopStack, mode, board string, st *store.Store, sw *atomic.Pointer[call.Switch], log *slog.Logger) error {
	b, err := hal.Board(board)
	if err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	wd, err := openWatchdog(mode, b, log)
	if err != nil || wd == nil {
		return err
	}
	k := &watchdogKeeper{wd: wd, every: watchdogKick, limit: watchdogCheck, log: log, checks: []healthCheck{
		{"store", func(ctx context.Context) error { _, err := st.Revision(ctx); return err }},
		{"switch", func(context.Context) error {
			if s := sw.Load(); s != nil {
				s.Active()
			}
			return nil
		}},
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.run(ctx) }()
	dev := mode
	if mode == "on" {
		dev = b.Watchdog
	}
	log.Info("watchdog: kicking while healthy", "device", dev, "every", watchdogKick)
	stack.push("watchdog", func(context.Context) error { cancel(); return <-done })
	return nil
}
