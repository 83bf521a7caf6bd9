package fxs

import (
	"fmt"
	"time"
)

// EventKind says what happened on the line.
type EventKind int

// Event kinds.
const (
	// OffHook: the phone was lifted (or answered the ringing).
	OffHook EventKind = iota + 1
	// OnHook: the phone hung up (on-hook longer than the flash window).
	OnHook
	// Flash: a hook flash, on-hook within the flash window.
	Flash
	// Digit: a pulse-dialled digit, in Event.Digit.
	Digit
)

func (k EventKind) String() string {
	switch k {
	case OffHook:
		return "off-hook"
	case OnHook:
		return "on-hook"
	case Flash:
		return "flash"
	case Digit:
		return "digit"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is a debounced line event.
type Event struct {
	Kind EventKind
	// Digit is '0'..'9' for a Digit event.
	Digit byte
	// At is when the line changed (the start of the stable state that
	// produced the event, not when the debounce finished).
	At time.Time
	// Duration is the on-hook time of a Flash; 0 for other events.
	Duration time.Duration
}

func (e Event) String() string {
	if e.Kind == Digit {
		return fmt.Sprintf("digit %c", e.Digit)
	}
	if e.Kind == Flash {
		return fmt.Sprintf("flash %v", e.Duration)
	}
	return e.Kind.String()
}

// hookState is where the hook decoder is.
type hookState int

const (
	// stateOnHook: idle, handset down. Off-hook -> stateOffHook (OffHook).
	stateOnHook hookState = iota
	// stateOffHook: handset up. On-hook -> stateBreak.
	stateOffHook
	// stateBreak: handset down after being up; what it was is decided by
	// how long it lasts: < FlashMin a dial pulse, FlashMin..FlashMax a
	// flash, > FlashMax a hang-up (-> stateOnHook, OnHook).
	stateBreak
)

// hookDecoder turns raw loop-closure samples into debounced hook events:
// off-hook, on-hook, flash and pulse digits. It is fed by the poll loop and
// is not safe for concurrent use.
type hookDecoder struct {
	debounce   time.Duration
	flashMin   time.Duration
	flashMax   time.Duration
	interDigit time.Duration

	raw      bool // last raw sample, true = loop closed (off-hook)
	rawSince time.Time
	stable   bool // debounced

	state      hookState
	breakStart time.Time
	pulses     int
	makeStart  time.Time
}

// sample feeds one raw sample taken at now and appends events to out.
func (h *hookDecoder) sample(now time.Time, offHook bool, out []Event) []Event {
	if offHook != h.raw {
		h.raw = offHook
		h.rawSince = now
	}
	if h.raw != h.stable && now.Sub(h.rawSince) >= h.debounce {
		h.stable = h.raw
		out = h.edge(h.rawSince, h.stable, out)
	}
	return h.timeouts(now, out)
}

// edge handles a debounced transition that happened at t.
func (h *hookDecoder) edge(t time.Time, offHook bool, out []Event) []Event {
	switch h.state {
	case stateOnHook:
		if offHook {
			h.state = stateOffHook
			out = append(out, Event{Kind: OffHook, At: t})
		}
	case stateOffHook:
		if !offHook {
			h.state = stateBreak
			h.breakStart = t
		}
	case stateBreak:
		if offHook {
			d := t.Sub(h.breakStart)
			h.state = stateOffHook
			if d > h.flashMax {
				// Seen late (the poll loop stalled): a hang-up and a new
				// call, never a flash.
				h.pulses = 0
				out = append(out, Event{Kind: OnHook, At: h.breakStart}, Event{Kind: OffHook, At: t})
			} else if d < h.flashMin {
				// A dial pulse: the break of a rotary dial's contact.
				h.pulses++
				h.makeStart = t
			} else {
				out = h.flushDigit(out)
				out = append(out, Event{Kind: Flash, At: h.breakStart, Duration: d})
			}
		}
	}
	return out
}

// trip takes a ring trip at now: the chip saw the loop close while it
// rang (it debounced that itself, registers 69 and 70) and the driver
// stopped the ringing. That is the answer, however short the lift, so it
// is the off-hook at once; a ringing stopped without an OffHook would
// leave the phone's caller waiting on a silent line.
func (h *hookDecoder) trip(now time.Time, out []Event) []Event {
	if h.state != stateOnHook {
		return out
	}
	h.raw, h.rawSince, h.stable = true, now, true
	h.state = stateOffHook
	return append(out, Event{Kind: OffHook, At: now})
}

// timeouts ends a digit after the inter-digit pause and a break after the
// flash window. A raw change still being debounced ends the current state
// at its raw time, so a break of exactly FlashMax is still a flash.
func (h *hookDecoder) timeouts(now time.Time, out []Event) []Event {
	end := now
	if h.raw != h.stable {
		end = h.rawSince
	}
	switch h.state {
	case stateOffHook:
		if h.pulses > 0 && end.Sub(h.makeStart) >= h.interDigit {
			out = h.flushDigit(out)
		}
	case stateBreak:
		if end.Sub(h.breakStart) > h.flashMax {
			h.pulses = 0 // a digit cut short by hanging up is not dialled
			h.state = stateOnHook
			out = append(out, Event{Kind: OnHook, At: h.breakStart})
		}
	}
	return out
}

// busy reports whether the decoder is timing something that only the
// passing of time completes: a change being debounced, a break that may
// be a dial pulse, a flash or a hang-up, or a digit's inter-digit pause.
func (h *hookDecoder) busy() bool {
	return h.raw != h.stable || h.state == stateBreak || h.pulses > 0
}

func (h *hookDecoder) flushDigit(out []Event) []Event {
	if h.pulses == 0 {
		return out
	}
	n := h.pulses
	h.pulses = 0
	if n > 10 {
		return out // not a digit: too many pulses
	}
	d := byte('0' + n%10)
	return append(out, Event{Kind: Digit, Digit: d, At: h.makeStart})
}
