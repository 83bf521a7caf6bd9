package fxs

import (
	"context"
	"errors"
	"fmt"

	"github.com/hookflash/firmware/hal"
)

// ErrOffHook is returned by Ring when the phone is already off-hook.
var ErrOffHook = errors.New("fxs: phone is off-hook")

// ringer plays a cadence by switching the linefeed between ringing and
// on-hook transmission.
type ringer struct {
	cadence Cadence
	step    int
	timer   hal.Timer
}

// Ring starts ringing the phone with r (nil: Opts.Ringing) until StopRing,
// SetLinefeed, or the phone answers (ring trip, seen by Run). Between rings
// the line is in on-hook transmission, ready for caller ID.
func (d *Dev) Ring(r *Ringing) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.offHook {
		return ErrOffHook
	}
	rg := d.o.Ringing
	if r != nil {
		rg = *r
	}
	if err := rg.Cadence.Validate(); err != nil {
		return err
	}
	if rg.Hz < 15 || rg.Hz > 68 {
		return fmt.Errorf("fxs: ringing frequency %g Hz: want 15..68", rg.Hz)
	}
	d.stopRingLocked()
	if rg.Hz != d.o.Ringing.Hz {
		rco, rngx := ringCoefficients(rg.Hz, d.o.RingVpk)
		filter, rtdi := ringTripValues(rg.Hz)
		if err := d.writeIndirect(irRCO, rco); err != nil {
			return err
		}
		if err := d.writeIndirect(irRNGX, rngx); err != nil {
			return err
		}
		if err := d.writeIndirect(irRTFilter, filter); err != nil {
			return err
		}
		if err := d.writeReg(regRTDebounce, rtdi); err != nil {
			return err
		}
		d.o.Ringing.Hz = rg.Hz
	}
	rn := &ringer{cadence: rg.Cadence}
	d.ring = rn
	if err := d.writeLinefeed(RingingState); err != nil {
		d.ring = nil
		return err
	}
	d.scheduleLocked(rn)
	return nil
}

func (d *Dev) scheduleLocked(rn *ringer) {
	rn.timer = d.o.Clock.AfterFunc(rn.cadence[rn.step%len(rn.cadence)], func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.ring != rn {
			return
		}
		rn.step++
		lf := RingingState
		if rn.step%2 == 1 {
			lf = d.oht()
		}
		if err := d.writeLinefeed(lf); err != nil {
			d.o.Logger.Error("fxs: ring cadence", "err", err)
			d.ring = nil
			return
		}
		d.scheduleLocked(rn)
	})
}

// StopRing stops ringing and feeds the line (active, current polarity).
func (d *Dev) StopRing() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ring == nil {
		return nil
	}
	d.stopRingLocked()
	return d.writeLinefeed(d.active())
}

// Ringing reports whether a cadence is playing.
func (d *Dev) Ringing() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ring != nil
}

func (d *Dev) stopRingLocked() {
	if d.ring != nil {
		d.ring.timer.Stop()
		d.ring = nil
	}
}

func (d *Dev) active() Linefeed {
	if d.reversed {
		return ReverseActive
	}
	return ForwardActive
}

func (d *Dev) oht() Linefeed {
	if d.reversed {
		return ReverseOHT
	}
	return ForwardOHT
}

func (d *Dev) writeLinefeed(l Linefeed) error {
	if err := d.writeReg(regLinefeed, byte(l)); err != nil {
		return err
	}
	d.lf = l
	return nil
}

// SetLinefeed sets the linefeed state (stopping any ringing cadence).
// Setting a reverse state also makes later ringing and feeding reverse.
func (d *Dev) SetLinefeed(l Linefeed) error {
	if l > RingOpen {
		return fmt.Errorf("fxs: linefeed %d out of range", l)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.setLinefeedLocked(l)
}

func (d *Dev) setLinefeedLocked(l Linefeed) error {
	d.stopRingLocked()
	switch l {
	case ReverseActive, ReverseOHT:
		d.reversed = true
	case ForwardActive, ForwardOHT:
		d.reversed = false
	}
	return d.writeLinefeed(l)
}

// Linefeed returns the linefeed state the chip reports (LFS).
func (d *Dev) Linefeed() (Linefeed, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.readReg(regLinefeed)
	if err != nil {
		return 0, err
	}
	return Linefeed(v >> 4 & 7), nil
}

// SetPolarity feeds the line in reverse (true) or forward polarity, e.g. to
// signal answer supervision or the end of a call to a payphone or PBX. It
// keeps the active / on-hook transmission choice.
func (d *Dev) SetPolarity(reverse bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reversed = reverse
	switch d.lf {
	case ForwardActive, ReverseActive:
		return d.writeLinefeed(d.active())
	case ForwardOHT, ReverseOHT:
		return d.writeLinefeed(d.oht())
	}
	return nil // applied when the line is next fed
}

// LoopCurrent returns the loop current in mA (direct register 79): about
// the current limit with a phone off-hook, 0 on-hook.
func (d *Dev) LoopCurrent() (float64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.readReg(regILoop)
	if err != nil {
		return 0, err
	}
	return float64(v&0x3f) * LoopCurrentLSB, nil
}

// LoopCurrentLSB is the scale of direct register 79 (ILOOP[5:0]) in mA per
// LSB: 1.25 mA, as in Silicon Labs' Si321x GR-909 code (SI321X_LT_ISCALE).
const LoopCurrentLSB = 1.25

// LineVoltage returns the tip-ring voltage in volts (direct register 78).
func (d *Dev) LineVoltage() (float64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.readReg(regVLoop)
	if err != nil {
		return 0, err
	}
	return float64(v) * vSenseLSB, nil
}

// PhoneConnected is a line diagnostic: the line is fed and, on-hook, sits
// near the open-circuit voltage (nothing shorts it), or a phone is
// off-hook drawing loop current. It cannot tell an on-hook phone from no
// phone at all (that needs a ringer equivalence test).
func (d *Dev) PhoneConnected() (fed bool, offHook bool, err error) {
	v, err := d.LineVoltage()
	if err != nil {
		return false, false, err
	}
	i, err := d.LoopCurrent()
	if err != nil {
		return false, false, err
	}
	return v > 0 || i > 0, i >= 10, nil
}

// OffHook reports the debounced hook state.
func (d *Dev) OffHook() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.offHook
}

// Run watches the line until ctx is done: it stops ringing when the phone
// answers (ring trip) and sends debounced hook events on Events. With
// Opts.IRQ it waits on the chip's interrupt and reads the chip only after
// one, and while a hook change is being timed; without, it polls the loop
// status every Opts.PollInterval. It returns ctx.Err(), or the first bus
// error. Only one Run may be active.
func (d *Dev) Run(ctx context.Context) error {
	h := &hookDecoder{
		debounce:   d.o.Debounce,
		flashMin:   d.o.FlashMin,
		flashMax:   d.o.FlashMax,
		interDigit: d.o.InterDigit,
	}
	if d.o.IRQ != nil {
		return d.runIRQ(ctx, h)
	}
	t := d.o.Clock.NewTicker(d.o.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C():
		}
		if err := d.check(ctx, h, false); err != nil {
			return err
		}
	}
}

// check reads the loop status once, feeds the line when the phone answered
// the ringing (ring trip), and sends the events the sample completes.
// lifted says that an interrupt reported the loop closing since the last
// check: while the driver rings, the phone was on-hook (the port rings
// only an idle phone), so that is a ring trip even if the loop reads open
// again by now.
func (d *Dev) check(ctx context.Context, h *hookDecoder, lifted bool) error {
	d.mu.Lock()
	st, err := d.readReg(regLoopStatus)
	raw := st&(loopStatusLCR|loopStatusRTP) != 0
	tripped := err == nil && (raw || lifted) && d.ring != nil
	if tripped {
		// Ring trip: the phone answered. Feed it.
		d.stopRingLocked()
		err = d.writeLinefeed(d.active())
	}
	d.mu.Unlock()
	if err != nil {
		return err
	}
	now := d.o.Clock.Now()
	var evs []Event
	if tripped {
		evs = h.trip(now, evs)
	}
	for _, e := range h.sample(now, raw, evs) {
		d.mu.Lock()
		switch e.Kind {
		case OffHook:
			d.offHook = true
		case OnHook:
			d.offHook = false
		}
		d.mu.Unlock()
		select {
		case d.events <- e:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
