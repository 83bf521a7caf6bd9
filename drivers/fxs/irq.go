package fxs

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflash/firmware/hal"
)

// maxServiceRounds bounds how many times one interrupt reads the status
// registers: a source that is still set after that many clears is stuck.
const maxServiceRounds = 4

// intStatusRegs and intEnableRegs are the interrupt status (write 1 to
// clear) and enable registers, in the same order.
var (
	intStatusRegs = [3]byte{regIntStatus1, regIntStatus2, regIntStatus3}
	intEnableRegs = [3]byte{regIntEnable1, regIntEnable2, regIntEnable3}
)

// runIRQ is Run with the interrupt line: it sleeps until INT falls, then
// reads and clears the status registers and samples the loop status. While
// the hook decoder times a change (debounce, a break, a digit's pause) it
// also samples every PollInterval; a source that cannot be cleared is
// masked and the driver polls from then on.
func (d *Dev) runIRQ(ctx context.Context, h *hookDecoder) error {
	edges, stop, err := hal.WatchIRQ(ctx, d.o.IRQ)
	if err != nil {
		return fmt.Errorf("fxs: %w", err)
	}
	defer stop()
	var tick hal.Ticker
	defer func() {
		if tick != nil {
			tick.Stop()
		}
	}()
	irq := true // an interrupt may be pending from before Run
	for {
		lifted := false
		if irq {
			var err error
			if lifted, err = d.serviceIRQ(); err != nil {
				return err
			}
		}
		if err := d.check(ctx, h, lifted); err != nil {
			return err
		}
		d.mu.Lock()
		polling := d.irqStuck
		d.mu.Unlock()
		switch need := polling || h.busy(); {
		case need && tick == nil:
			tick = d.o.Clock.NewTicker(d.o.PollInterval)
		case !need && tick != nil:
			tick.Stop()
			tick = nil
		}
		var ticks <-chan time.Time
		if tick != nil {
			ticks = tick.C()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-edges:
			irq = true
		case <-ticks:
			irq = false
		}
	}
}

// serviceIRQ reads the interrupt status registers (18-20) and clears what
// it read by writing it back (1s clear), until they read zero, at most
// maxServiceRounds times. Bits still set then are stuck: they are masked in
// the enable registers (21-23), so INT is released and cannot hold the
// driver in a loop, and Run polls from then on. lifted reports a ring trip
// or loop closure interrupt (register 19 bits 0 and 1): the loop closed
// since the last service, even if it is open again by now.
func (d *Dev) serviceIRQ() (lifted bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var last [3]byte
	for round := range maxServiceRounds {
		var any byte
		for i, r := range intStatusRegs {
			v, err := d.readReg(r)
			if err != nil {
				return lifted, err
			}
			if v != 0 {
				if err := d.writeReg(r, v); err != nil {
					return lifted, err
				}
			}
			last[i] = v
			any |= v
		}
		if round == 0 { // a source masked as stuck counts no more
			lifted = last[1]&d.intEnable[1]&(intRingTrip|intLoopClosure) != 0
		}
		if any == 0 {
			return lifted, nil
		}
	}
	for i, v := range last {
		if v&d.intEnable[i] == 0 {
			continue
		}
		d.intEnable[i] &^= v
		if err := d.writeReg(intEnableRegs[i], d.intEnable[i]); err != nil {
			return lifted, err
		}
		d.o.Logger.Warn("fxs: interrupt source does not clear; masked it and polling instead",
			"reg", intStatusRegs[i], "bits", fmt.Sprintf("0x%02x", v))
	}
	d.irqStuck = true
	return lifted, nil
}
