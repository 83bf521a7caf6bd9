package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"syscall"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/linuxhost"
	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/store"
	"periph.io/x/conn/v3/gpio"
)

// errRestart and errReboot are the causes with which the reset button ends
// run: main then starts pbxd again in place, or reboots the box.
var (
	errRestart = errors.New("pbxd: restart after a factory reset")
	errReboot  = errors.New("pbxd: reboot requested by the reset button")
)

// rebooter restarts the machine. Reboot may return before the machine goes
// down (it asks for a clean stop first).
type rebooter interface {
	Reboot() error
}

// stopRebooter is the box's rebooter: it ends run with errReboot, so every
// part stops cleanly, and main then calls rebootNow.
type stopRebooter struct{ stop context.CancelCauseFunc }

func (r stopRebooter) Reboot() error { r.stop(errReboot); return nil }

// logRebooter is the rebooter of the simulated board: a development machine
// is never rebooted, the request is only logged.
type logRebooter struct{ log *slog.Logger }

func (r logRebooter) Reboot() error {
	r.log.Warn("reboot requested (simulated board: this machine is not rebooted)")
	return nil
}

// imageMark is a file only the Hookflash image has; rebootNow refuses to
// reboot a machine without it.
const imageMark = "/etc/hookflash/hookflash.conf"

// rebootNow flushes the file systems and restarts the machine
// (reboot(2), LINUX_REBOOT_CMD_RESTART). pbxd running as its own user may
// not: it runs the reboot in its PATH, which on the box asks the root
// helper (box-requests) for a clean reboot. It returns only on failure.
func rebootNow() error {
	if _, err := os.Stat(imageMark); err != nil {
		return fmt.Errorf("pbxd: reboot: %s is missing, so this is no Hookflash box: not rebooting this machine", imageMark)
	}
	if os.Geteuid() != 0 {
		return reboot(context.Background())
	}
	syscall.Sync()
	if err := syscall.Reboot(syscall.LINUX_REBOOT_CMD_RESTART); err != nil {
		return fmt.Errorf("pbxd: reboot: %w", err)
	}
	return nil
}

// restartSelf replaces pbxd by a fresh start of the same binary with the
// same arguments and environment (execve), once every part has stopped and
// the data directory lock is released. The process keeps its id, so init
// on the box and a shell on a development machine see pbxd go on.
func restartSelf() error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("pbxd: restart: %w", err)
	}
	if err := syscall.Exec(exe, os.Args, os.Environ()); err != nil {
		return fmt.Errorf("pbxd: restart %s: %w", exe, err)
	}
	return nil
}

// resetButton acts on presses of the board's reset button: a short press
// reboots the box, a press held for 10 s erases the configuration (as
// pbxctl factory-reset -yes does) and restarts pbxd, which then prints a new
// setup code.
type resetButton struct {
	st      *store.Store
	dir     datadir.Dir
	reboot  rebooter
	restart func(cause error) // ends run with cause
	log     *slog.Logger
}

// press acts on one press. A failed factory reset is logged and pbxd keeps
// running with what is left.
func (b *resetButton) press(ctx context.Context, p hal.Press) {
	switch p {
	case hal.PressShort:
		b.log.Warn("reset button: short press: rebooting")
		if err := b.reboot.Reboot(); err != nil {
			b.log.Error("reset button: reboot failed", "err", err)
		}
	case hal.PressLong:
		b.log.Warn("reset button: held for 10 s: factory reset")
		if err := factoryReset(ctx, b.st, b.dir); err != nil {
			b.log.Error("reset button: factory reset failed", "err", err)
			return
		}
		b.log.Warn("reset button: factory reset done: configuration, admins, call records and data files erased; restarting with a new setup code")
		b.restart(errRestart)
	}
}

// factoryReset erases the store and the data files (prompts, voicemail,
// recordings). The folders are removed whole; datadir.Open makes them again
// on the next start.
func factoryReset(ctx context.Context, st *store.Store, dir datadir.Dir) error {
	if err := st.FactoryReset(ctx); err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	for _, f := range dir.Folders() {
		if err := os.RemoveAll(f); err != nil {
			return fmt.Errorf("pbxd: factory reset: %w", err)
		}
	}
	return nil
}

// watchResetButton opens the board's reset button and runs b on its presses
// until the stack stops. On the simulated board the pin is the world's
// (pbx/lab presses it: POST /api/lab/button); on a real board the GPIO line
// the profile names. A board without a button, or a line that does not
// open, is logged and the box runs without it.
func watchResetButton(stack *stopStack, hw *hardware, b *resetButton) {
	rb := hw.board.ResetButton
	if rb == nil {
		return
	}
	var pin gpio.PinIn
	pull := gpio.PullDown
	if rb.ActiveLow {
		pull = gpio.PullUp
	}
	if hw.world != nil {
		p := hw.world.Pin(rb.Pin)
		released := gpio.Low
		if rb.ActiveLow {
			released = gpio.High
		}
		p.Set(released) // the board's pull resistor
		pin = p
	} else {
		p, err := linuxhost.Pin(rb.Pin)
		if err == nil {
			err = p.In(pull, gpio.NoEdge)
		}
		if err != nil {
			b.log.Warn("reset button: not watched", "pin", rb.Pin, "err", err)
			return
		}
		pin = p
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		hal.WatchButton(ctx, pin, &hal.ButtonOpts{ActiveLow: rb.ActiveLow}, func(p hal.Press) { b.press(ctx, p) })
	}()
	b.log.Info("reset button: watching", "pin", rb.Pin)
	stack.push("reset button", func(context.Context) error { cancel(); <-done; return nil })
}
