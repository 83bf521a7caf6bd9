package fxo

import (
	"context"
	"math"
	"time"
)

// lineCond is the on-hook line condition seen in the line voltage.
type lineCond int

const (
	condIdle  lineCond = iota // full on-hook voltage: free
	condInUse                 // low voltage: a parallel phone is off-hook
	condDown                  // no voltage: the line is cut
)

// monitor holds Run's view of the line.
type monitor struct {
	rdt     bool
	rdtRise time.Time

	cond      lineCond
	candCond  lineCond
	candSince time.Time
	sign      int // polarity of the last good voltage reading, -1 or +1
}

// conditionHold is how long a voltage condition must last to be reported.
const conditionHold = 100 * time.Millisecond

// Run watches the line until ctx is done and sends events on Events. With
// Opts.IRQ it waits on the chip's interrupt for ring detect and polarity
// reversals and reads the line voltage every Opts.MonitorInterval for the
// line's condition (in use, down), which raises no interrupt; without, it
// polls ring detect and line voltage every Opts.PollInterval. It returns
// ctx.Err() or the first bus error. Only one Run may be active.
func (d *Dev) Run(ctx context.Context) error {
	m := &monitor{sign: -1}
	if d.o.IRQ != nil {
		return d.runIRQ(ctx, m)
	}
	t := d.o.Clock.NewTicker(d.o.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C():
		}
		if err := d.check(ctx, m); err != nil {
			return err
		}
	}
}

// check reads ring detect and the line voltage once and sends the events
// they complete.
func (d *Dev) check(ctx context.Context, m *monitor) error {
	d.mu.Lock()
	c1, err := d.read(regDAACtrl1)
	var lv byte
	if err == nil {
		lv, err = d.read(regLineV)
	}
	seized := d.seized
	d.mu.Unlock()
	if err != nil {
		return err
	}
	for _, e := range d.step(m, d.o.Clock.Now(), c1&bitRDT != 0, float64(int8(lv)), seized, nil) {
		select {
		case d.events <- e:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// step updates m with one poll's readings and appends events.
func (d *Dev) step(m *monitor, now time.Time, rdt bool, volts float64, seized bool, out []Event) []Event {
	// Ring detect: the chip raises RDT RCC after a valid burst starts and
	// drops it RTO after it ends, so the burst lasted about
	// high-time + RCC - RTO.
	switch {
	case rdt && !m.rdt:
		m.rdt, m.rdtRise = true, now
		out = append(out, Event{Kind: RingStart, At: now.Add(-rccTime)})
	case !rdt && m.rdt:
		m.rdt = false
		on := now.Sub(m.rdtRise) + rccTime - rtoTime
		if on >= d.o.MinRingOn {
			out = append(out, Event{Kind: Ring, At: m.rdtRise.Add(-rccTime), Duration: on})
		}
	}

	// Polarity: the sign of the line voltage.
	mag := math.Abs(volts)
	if mag >= d.o.NoLineVolts {
		s := 1
		if volts < 0 {
			s = -1
		}
		if s != m.sign {
			m.sign = s
			out = append(out, Event{Kind: Reversal, At: now})
		}
	}

	// Line condition, only meaningful on-hook.
	if seized {
		m.candSince = now
		return out
	}
	c := condIdle
	switch {
	case mag < d.o.NoLineVolts:
		c = condDown
	case mag < d.o.InUseVolts:
		c = condInUse
	}
	if c != m.candCond {
		m.candCond, m.candSince = c, now
	}
	if c != m.cond && now.Sub(m.candSince) >= conditionHold {
		prev := m.cond
		m.cond = c
		if prev == condDown {
			out = append(out, Event{Kind: LineUp, At: m.candSince})
		}
		switch c {
		case condDown:
			if prev == condInUse {
				out = append(out, Event{Kind: LineIdle, At: m.candSince})
			}
			out = append(out, Event{Kind: LineDown, At: m.candSince})
		case condInUse:
			out = append(out, Event{Kind: LineInUse, At: m.candSince})
		case condIdle:
			if prev == condInUse {
				out = append(out, Event{Kind: LineIdle, At: m.candSince})
			}
		}
	}
	return out
}
