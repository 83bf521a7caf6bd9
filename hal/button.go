package hal

import (
	"context"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// Press is what the reset button asks for.
type Press int

const (
	// PressShort is a press released before LongPress: reboot.
	PressShort Press = iota + 1
	// PressLong is a press held for LongPress: factory reset. It is
	// reported as soon as the hold reaches LongPress, before release, so
	// the LEDs can confirm it while the user still holds the button.
	PressLong
)

func (p Press) String() string {
	switch p {
	case PressShort:
		return "short"
	case PressLong:
		return "long"
	}
	return "none"
}

// ButtonOpts configures WatchButton.
type ButtonOpts struct {
	// Clock paces polling; nil means SystemClock.
	Clock Clock
	// Poll is how often the pin is sampled; 0 means 10 ms.
	Poll time.Duration
	// Debounce is how long a level must hold to count; 0 means 50 ms.
	Debounce time.Duration
	// LongPress is how long a hold must last to be a factory reset; 0
	// means 10 s.
	LongPress time.Duration
	// ActiveLow is true when a pressed button reads low (a button to
	// ground with a pull-up, the usual wiring).
	ActiveLow bool
}

func (o *ButtonOpts) defaults() ButtonOpts {
	r := ButtonOpts{}
	if o != nil {
		r = *o
	}
	r.Clock = OrSystem(r.Clock)
	if r.Poll <= 0 {
		r.Poll = 10 * time.Millisecond
	}
	if r.Debounce <= 0 {
		r.Debounce = 50 * time.Millisecond
	}
	if r.LongPress <= 0 {
		r.LongPress = 10 * time.Second
	}
	return r
}

// ButtonFilter classifies debounced button presses from raw samples. It is
// the logic of WatchButton without the pin, so it can be fed directly.
// It is not safe for concurrent use.
type ButtonFilter struct {
	o ButtonOpts

	raw       bool      // last raw sample
	rawSince  time.Time // when raw last changed
	pressed   bool      // debounced state
	pressedAt time.Time // start of the debounced press
	longSent  bool
}

// NewButtonFilter returns a filter in the released state.
func NewButtonFilter(o *ButtonOpts) *ButtonFilter {
	return &ButtonFilter{o: o.defaults()}
}

// Sample feeds one raw sample (true = pressed) taken at now and returns the
// press it completes, or 0.
func (b *ButtonFilter) Sample(now time.Time, pressed bool) Press {
	if pressed != b.raw {
		b.raw = pressed
		b.rawSince = now
	}
	if b.raw != b.pressed && now.Sub(b.rawSince) >= b.o.Debounce {
		b.pressed = b.raw
		if b.pressed {
			b.pressedAt = b.rawSince
			b.longSent = false
		} else if !b.longSent {
			return PressShort
		}
	}
	if b.pressed && !b.longSent && now.Sub(b.pressedAt) >= b.o.LongPress {
		b.longSent = true
		return PressLong
	}
	return 0
}

// WatchButton samples pin every o.Poll and calls fn with each press until
// ctx is done. It returns ctx.Err(). fn runs on WatchButton's goroutine.
func WatchButton(ctx context.Context, pin gpio.PinIn, o *ButtonOpts, fn func(Press)) error {
	f := NewButtonFilter(o)
	t := f.o.Clock.NewTicker(f.o.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C():
			pressed := (pin.Read() == gpio.High) != f.o.ActiveLow
			if p := f.Sample(f.o.Clock.Now(), pressed); p != 0 {
				fn(p)
			}
		}
	}
}
