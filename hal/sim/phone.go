package sim

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
)

// line is what a phone is plugged into: it is told when the hook changes.
type line interface{ lineChanged() }

// RingSegment is a stretch of time during which the phone's ringer was on
// (On) or off.
type RingSegment struct {
	On    bool
	Start time.Time
	// Duration is 0 while the segment lasts.
	Duration time.Duration
	// Hz and Vpk describe the ringing signal of an On segment.
	Hz, Vpk float64
}

// Phone models an analog telephone on an FXS port: its hook switch, its
// rotary dial (make/break contacts) and its ringer. It rings only when the
// line carries a ringing signal strong enough for a ringer (>= 40 V peak,
// 15..68 Hz), and records every ring it sees. Safe for concurrent use.
type Phone struct {
	clock hal.Clock

	mu       sync.Mutex
	line     line
	offHook  bool
	ringing  bool
	segs     []RingSegment
	reversed bool
	revs     []time.Time
}

// NewPhone returns an on-hook phone using clock (nil: hal.SystemClock).
func NewPhone(clock hal.Clock) *Phone {
	return &Phone{clock: hal.OrSystem(clock)}
}

func (p *Phone) connect(l line) {
	p.mu.Lock()
	p.line = l
	p.mu.Unlock()
}

func (p *Phone) isOffHook() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.offHook
}

// setHook moves the hook switch and tells the line.
func (p *Phone) setHook(off bool) {
	p.mu.Lock()
	changed := p.offHook != off
	p.offHook = off
	l := p.line
	p.mu.Unlock()
	if changed && l != nil {
		l.lineChanged()
	}
}

// OffHook lifts the handset.
func (p *Phone) OffHook() { p.setHook(true) }

// OnHook puts the handset down.
func (p *Phone) OnHook() { p.setHook(false) }

// IsOffHook reports the hook switch.
func (p *Phone) IsOffHook() bool { return p.isOffHook() }

// Bounce moves the hook switch to off (true = off-hook) with contact
// bounce: the contacts chatter n times every period before settling.
func (p *Phone) Bounce(ctx context.Context, off bool, n int, period time.Duration) error {
	for i := 0; i < n; i++ {
		p.setHook(off)
		if err := hal.Sleep(ctx, p.clock, period); err != nil {
			return err
		}
		p.setHook(!off)
		if err := hal.Sleep(ctx, p.clock, period); err != nil {
			return err
		}
	}
	p.setHook(off)
	return nil
}

// Flash puts the phone on-hook for d and lifts it again (a hook flash, or a
// hang-up when d is long). The phone must be off-hook.
func (p *Phone) Flash(ctx context.Context, d time.Duration) error {
	if !p.isOffHook() {
		return fmt.Errorf("sim: phone: flash while on-hook")
	}
	p.setHook(false)
	if err := hal.Sleep(ctx, p.clock, d); err != nil {
		return err
	}
	p.setHook(true)
	return nil
}

// PulseOpts is the timing of a rotary dial.
type PulseOpts struct {
	// Break and Make are the loop-open and loop-closed times of one pulse;
	// 0 means 60 ms and 40 ms (10 pulses per second, 60/40 ratio).
	Break, Make time.Duration
	// InterDigit is the closed-loop pause after each digit; 0 means 700 ms.
	InterDigit time.Duration
}

// PulseDial dials digits ('0'..'9', '0' being ten pulses) with the rotary
// dial's make/break contacts. The phone must be off-hook; it returns after
// the last inter-digit pause.
func (p *Phone) PulseDial(ctx context.Context, digits string, o *PulseOpts) error {
	var op PulseOpts
	if o != nil {
		op = *o
	}
	if op.Break == 0 {
		op.Break = 60 * time.Millisecond
	}
	if op.Make == 0 {
		op.Make = 40 * time.Millisecond
	}
	if op.InterDigit == 0 {
		op.InterDigit = 700 * time.Millisecond
	}
	if !p.isOffHook() {
		return fmt.Errorf("sim: phone: pulse dial while on-hook")
	}
	for _, d := range digits {
		if d < '0' || d > '9' {
			return fmt.Errorf("sim: phone: cannot pulse-dial %q", d)
		}
		n := int(d - '0')
		if n == 0 {
			n = 10
		}
		for i := 0; i < n; i++ {
			p.setHook(false)
			if err := hal.Sleep(ctx, p.clock, op.Break); err != nil {
				return err
			}
			p.setHook(true)
			pause := op.Make
			if i == n-1 {
				pause = op.InterDigit
			}
			if err := hal.Sleep(ctx, p.clock, pause); err != nil {
				return err
			}
		}
	}
	return nil
}

// ringVoltage is called by the line when the ringing signal changes.
func (p *Phone) ringVoltage(now time.Time, on bool, hz, vpk float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rings := on && vpk >= 40 && hz >= 15 && hz <= 68
	if rings == p.ringing {
		return
	}
	p.ringing = rings
	if n := len(p.segs); n > 0 {
		p.segs[n-1].Duration = now.Sub(p.segs[n-1].Start)
	}
	if rings || len(p.segs) > 0 {
		p.segs = append(p.segs, RingSegment{On: rings, Start: now, Hz: hz, Vpk: vpk})
	}
}

// polarity is called by the line when tip and ring swap.
func (p *Phone) polarity(now time.Time, reversed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if reversed != p.reversed {
		p.reversed = reversed
		p.revs = append(p.revs, now)
	}
}

// Ringing reports whether the ringer sounds now.
func (p *Phone) Ringing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ringing
}

// RingLog returns the ring segments seen so far, starting with the first
// ring. The last segment has Duration 0 while it lasts.
func (p *Phone) RingLog() []RingSegment {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]RingSegment(nil), p.segs...)
}

// Reversals returns when the line polarity changed.
func (p *Phone) Reversals() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.revs...)
}

// Reversed reports whether the line polarity is reversed now.
func (p *Phone) Reversed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reversed
}
