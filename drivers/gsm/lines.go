package gsm

import (
	"context"
	"fmt"
	"time"
)

// Lines drives a modem's control pins; *hal.ModemLines satisfies it. Each
// method asserts the line for d, then releases it, and returns when done.
type Lines interface {
	// PressPowerKey holds PWRKEY for d: a press switches the module on
	// when it is off and off when it is on.
	PressPowerKey(ctx context.Context, d time.Duration) error
	// PulseReset holds RESET_N for d.
	PulseReset(ctx context.Context, d time.Duration) error
}

// pulses are the control-line timings of a family, a margin above the
// minimums of the hardware design guides: PWRKEY held to power on and to
// power off, RESET_N held to reset, and the rest after power off.
type pulses struct {
	powerOn, powerOff, reset, offRest time.Duration
}

// pulses returns the timings: SIM800 PWRKEY >= 1 s, RESET >= 105 ms;
// EC25 PWRKEY >= 500 ms on, >= 650 ms off, RESET_N 150-460 ms; SIM7600 and
// unknown modems get the longest of these and a long reset.
func (d Dialect) pulses() pulses {
	switch d {
	case SIM800:
		return pulses{powerOn: 1200 * time.Millisecond, powerOff: 1500 * time.Millisecond, reset: 200 * time.Millisecond, offRest: 2 * time.Second}
	case EC25:
		return pulses{powerOn: 600 * time.Millisecond, powerOff: 800 * time.Millisecond, reset: 300 * time.Millisecond, offRest: 2 * time.Second}
	}
	return pulses{powerOn: 1200 * time.Millisecond, powerOff: 3 * time.Second, reset: 300 * time.Millisecond, offRest: 3 * time.Second}
}

// resetPulse resets the modem through RESET_N.
func (d *Dev) resetPulse(ctx context.Context) error {
	if d.lines == nil {
		return fmt.Errorf("gsm: no control lines to reset the modem")
	}
	if err := d.lines.PulseReset(ctx, d.Info().Dialect.pulses().reset); err != nil {
		return fmt.Errorf("gsm: reset line: %w", err)
	}
	return nil
}

// powerCycle switches the modem off and on with PWRKEY.
func (d *Dev) powerCycle(ctx context.Context) error {
	if d.lines == nil {
		return fmt.Errorf("gsm: no control lines to power-cycle the modem")
	}
	p := d.Info().Dialect.pulses()
	if err := d.lines.PressPowerKey(ctx, p.powerOff); err != nil {
		return fmt.Errorf("gsm: power key: %w", err)
	}
	if !sleep(ctx, p.offRest) {
		return ctx.Err()
	}
	if err := d.lines.PressPowerKey(ctx, p.powerOn); err != nil {
		return fmt.Errorf("gsm: power key: %w", err)
	}
	return nil
}
