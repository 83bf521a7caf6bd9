package hal

import (
	"context"
	"errors"
	"fmt"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// ModemLines are the control lines a cellular module needs besides its
// serial port: the power key (PWRKEY), the reset line and the status output.
// Any field may be nil when the board does not wire it. Pins are driven
// active-high from the CPU side: a high level asserts the line through the
// board's transistor (the usual open-collector arrangement in SIMCom and
// Quectel reference designs, which invert the level at the module pin).
//
// Methods are not safe for concurrent use; one supervisor owns a modem.
type ModemLines struct {
	PowerKey gpio.PinOut
	Reset    gpio.PinOut
	Status   gpio.PinIn
	// Clock paces the pulses; nil means SystemClock.
	Clock Clock
}

// ErrNotWired is returned for a control line the board does not have.
var ErrNotWired = errors.New("hal: control line not wired on this board")

// PressPowerKey asserts the power key for d (SIM800: >1 s to switch on or
// off; EC25: >=500 ms on, >=650 ms off) and releases it.
func (m *ModemLines) PressPowerKey(ctx context.Context, d time.Duration) error {
	return pulse(ctx, OrSystem(m.Clock), m.PowerKey, d, "power key")
}

// PulseReset asserts the reset line for d and releases it.
func (m *ModemLines) PulseReset(ctx context.Context, d time.Duration) error {
	return pulse(ctx, OrSystem(m.Clock), m.Reset, d, "reset")
}

// PoweredOn reports the module's status output (high when running).
func (m *ModemLines) PoweredOn() (bool, error) {
	if m.Status == nil {
		return false, ErrNotWired
	}
	return m.Status.Read() == gpio.High, nil
}

func pulse(ctx context.Context, c Clock, p gpio.PinOut, d time.Duration, what string) error {
	if p == nil {
		return fmt.Errorf("hal: %s: %w", what, ErrNotWired)
	}
	if err := p.Out(gpio.High); err != nil {
		return fmt.Errorf("hal: assert %s: %w", what, err)
	}
	werr := Sleep(ctx, c, d)
	// Release even when ctx ended the wait: never leave the key held.
	if err := p.Out(gpio.Low); err != nil {
		return fmt.Errorf("hal: release %s: %w", what, err)
	}
	return werr
}
