package dsp

import (
	"errors"
	"fmt"
)

// DTMFGenOpts configures a DTMFGen.
type DTMFGenOpts struct {
	// LowDBm0 is the level of the low-group (row) tone in dBm0.
	LowDBm0 float64
	// HighDBm0 is the level of the high-group (column) tone in dBm0;
	// HighDBm0 - LowDBm0 is the twist in dB.
	HighDBm0 float64
	// OnMs is how long each digit sounds, in ms (at least 1).
	OnMs int
	// OffMs is the silence after each digit, in ms.
	OffMs int
}

// DefaultDTMFGenOpts sends digits as a telephone does: -6 dBm0 low group,
// -4 dBm0 high group (2 dB twist), 80 ms on and 80 ms off, inside the
// ETSI ES 201 235-2 and Q.23 limits.
var DefaultDTMFGenOpts = DTMFGenOpts{LowDBm0: -6, HighDBm0: -4, OnMs: 80, OffMs: 80}

// dtmfQueueLen is how many digits a DTMFGen holds that are still to be sent.
const dtmfQueueLen = 64

// ErrDTMFQueueFull is returned by DTMFGen.Send when the digits do not fit.
var ErrDTMFQueueFull = errors.New("dsp: dtmf: queue full; wait until Busy is false")

// DTMFGen generates DTMF digits as 16-bit PCM at 8 kHz: each queued digit
// sounds for OnMs then is silent for OffMs. Send and Generate allocate
// nothing; a DTMFGen is not safe for concurrent use.
type DTMFGen struct {
	opts       DTMFGenOpts
	lowA, hiA  float64
	onN, offN  int
	queue      [dtmfQueueLen]byte
	head, size int
	osc        [2]oscillator
	on         bool // sounding (else in the pause after a digit)
	left       int  // samples left in the current tone or pause; 0: idle
	acc        [genBlock]float64
}

// NewDTMFGen returns a generator with the options o (nil: DefaultDTMFGenOpts).
func NewDTMFGen(o *DTMFGenOpts) (*DTMFGen, error) {
	if o == nil {
		o = &DefaultDTMFGenOpts
	}
	if o.OnMs < 1 || o.OffMs < 0 || o.OnMs > maxToneMs || o.OffMs > maxToneMs {
		return nil, fmt.Errorf("dsp: dtmf: on %d ms, off %d ms; use 1 to %d ms on and 0 to %d ms off", o.OnMs, o.OffMs, maxToneMs, maxToneMs)
	}
	if o.LowDBm0 > 3 || o.HighDBm0 > 3 {
		return nil, fmt.Errorf("dsp: dtmf: levels %v/%v dBm0; use at most +3 dBm0", o.LowDBm0, o.HighDBm0)
	}
	return &DTMFGen{
		opts: *o,
		lowA: PeakFromDBm0(o.LowDBm0),
		hiA:  PeakFromDBm0(o.HighDBm0),
		onN:  o.OnMs * SampleRate / 1000,
		offN: o.OffMs * SampleRate / 1000,
	}, nil
}

// Send queues digits (0-9, *, #, A-D) to be generated after those already
// queued. It queues nothing and returns an error if a digit is invalid or
// the queue (64 digits) would overflow.
func (g *DTMFGen) Send(digits string) error {
	for i := 0; i < len(digits); i++ {
		if _, _, ok := DTMFFreqs(digits[i]); !ok {
			return fmt.Errorf("dsp: dtmf: %q is not a DTMF digit; use 0-9, *, #, A-D", digits[i])
		}
	}
	if g.size+len(digits) > dtmfQueueLen {
		return ErrDTMFQueueFull
	}
	for i := 0; i < len(digits); i++ {
		g.queue[(g.head+g.size)%dtmfQueueLen] = digits[i]
		g.size++
	}
	return nil
}

// Busy reports whether a digit or its pause is still being generated or
// digits are queued.
func (g *DTMFGen) Busy() bool { return g.left > 0 || g.size > 0 }

// Generate writes the next len(out) samples into out and returns how many of
// them belong to digits or their pauses; the rest, once the queue is empty,
// are silence.
func (g *DTMFGen) Generate(out []int16) int {
	written := 0
	for len(out) > 0 {
		if g.left == 0 && !g.next() {
			clear(out)
			return written
		}
		n := min(len(out), g.left, genBlock)
		if g.on {
			acc := g.acc[:n]
			clear(acc)
			g.osc[0].add(acc)
			g.osc[1].add(acc)
			for i, v := range acc {
				out[i] = saturate(v)
			}
		} else {
			clear(out[:n])
		}
		out = out[n:]
		written += n
		g.left -= n
		if g.left == 0 && g.on {
			g.on = false
			g.left = g.offN
		}
	}
	return written
}

// next starts the next queued digit; it reports false if there is none.
func (g *DTMFGen) next() bool {
	if g.size == 0 {
		return false
	}
	d := g.queue[g.head]
	g.head = (g.head + 1) % dtmfQueueLen
	g.size--
	lo, hi, _ := DTMFFreqs(d)
	g.osc[0] = newOscillator(lo, g.lowA)
	g.osc[1] = newOscillator(hi, g.hiA)
	g.on = true
	g.left = g.onN
	return true
}
