package fxo

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflash/firmware/hal"
)

// maxServiceRounds bounds how many times one interrupt reads the interrupt
// source register: a source still set after that many clears is stuck.
const maxServiceRounds = 4

// runIRQ is Run with the interrupt line: it sleeps until INT falls, then
// reads and clears the interrupt sources and reads ring detect and the
// line voltage. The line voltage is also read every MonitorInterval. A
// source that cannot be cleared is masked and the driver polls every
// PollInterval from then on.
func (d *Dev) runIRQ(ctx context.Context, m *monitor) error {
	edges, stop, err := hal.WatchIRQ(ctx, d.o.IRQ)
	if err != nil {
		return fmt.Errorf("fxo: %w", err)
	}
	defer stop()
	mon := d.o.Clock.NewTicker(d.o.MonitorInterval)
	defer mon.Stop()
	var poll hal.Ticker
	defer func() {
		if poll != nil {
			poll.Stop()
		}
	}()
	irq := true // an interrupt may be pending from before Run
	for {
		if irq {
			if err := d.serviceIRQ(); err != nil {
				return err
			}
		}
		if err := d.check(ctx, m); err != nil {
			return err
		}
		var ticks <-chan time.Time
		d.mu.Lock()
		stuck := d.irqStuck
		d.mu.Unlock()
		if stuck {
			if poll == nil {
				poll = d.o.Clock.NewTicker(d.o.PollInterval)
			}
			ticks = poll.C()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-edges:
			irq = true
		case <-mon.C():
			irq = false
		case <-ticks:
			irq = false
		}
	}
}

// serviceIRQ reads the interrupt source register (4) and clears what it
// read by writing 0s to those bits and 1s to the others, until it reads
// zero, at most maxServiceRounds times. Bits still set then are stuck:
// they are masked in register 3, so INT is released and cannot hold the
// driver in a loop, and Run polls from then on.
func (d *Dev) serviceIRQ() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var v byte
	for range maxServiceRounds {
		var err error
		if v, err = d.read(regIntSource); err != nil {
			return err
		}
		if v == 0 {
			return nil
		}
		if err := d.write(regIntSource, ^v); err != nil {
			return err
		}
	}
	if v&d.intMask == 0 {
		return nil // set but masked: it does not hold INT
	}
	d.intMask &^= v
	if err := d.write(regIntMask, d.intMask); err != nil {
		return err
	}
	d.o.Logger.Warn("fxo: interrupt source does not clear; masked it and polling instead", "bits", fmt.Sprintf("0x%02x", v))
	d.irqStuck = true
	return nil
}
