package sim

import (
	"context"
	"time"
)

// ModemLines are the emulated module's PWRKEY and RESET_N. Its methods
// match hal.ModemLines, so the driver takes either.
type ModemLines struct{ m *Modem }

// Lines returns the modem's control lines.
func (m *Modem) Lines() *ModemLines { return &ModemLines{m: m} }

// pulse minimums of the hardware design guides: SIM800 PWRKEY >= 1 s on
// and off, RESET >= 105 ms; EC25 PWRKEY >= 500 ms on, >= 650 ms off,
// RESET_N >= 150 ms. SIM7600: PWRKEY >= 500 ms on, >= 2.5 s off, RESET
// >= 200 ms, from memory of the SIM7600 hardware design, not checked here.
func (l *ModemLines) minimums() (on, off, reset time.Duration) {
	switch l.m.o.Dialect {
	case ModemEC25:
		return 500 * time.Millisecond, 650 * time.Millisecond, 150 * time.Millisecond
	case ModemSIM7600:
		return 500 * time.Millisecond, 2500 * time.Millisecond, 200 * time.Millisecond
	}
	return time.Second, time.Second, 105 * time.Millisecond
}

func hold(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// PressPowerKey holds PWRKEY for d. Long enough, it switches a powered
// module off (SIM800 "NORMAL POWER DOWN", EC25 "POWERED DOWN") or an off
// one on (it boots and reports RDY). A power-off cures any hang.
func (l *ModemLines) PressPowerKey(ctx context.Context, d time.Duration) error {
	if err := hold(ctx, d); err != nil {
		return err
	}
	on, off, _ := l.minimums()
	m := l.m
	m.mu.Lock()
	switch {
	case m.on && d >= off:
		hung := m.hung != 0
		m.on, m.booting, m.hung = false, false, 0
		m.dropCallsLocked()
		m.pdu = nil
		if m.bootT != nil {
			m.bootT.Stop()
		}
		m.mu.Unlock()
		if !hung {
			if m.o.Dialect == ModemEC25 {
				m.sendLines("POWERED DOWN")
			} else {
				m.sendLines("NORMAL POWER DOWN")
			}
		}
		return nil
	case !m.on && d >= on:
		m.on = true
		m.restartLocked()
	}
	m.mu.Unlock()
	return nil
}

// PulseReset holds RESET_N for d; long enough, the module restarts, which
// cures a hang unless only a power cycle does.
func (l *ModemLines) PulseReset(ctx context.Context, d time.Duration) error {
	if err := hold(ctx, d); err != nil {
		return err
	}
	_, _, reset := l.minimums()
	m := l.m
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.on || d < reset || m.hung == CurePower {
		return nil
	}
	m.hung = 0
	m.restartLocked()
	return nil
}
