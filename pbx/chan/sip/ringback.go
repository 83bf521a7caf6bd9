package sip

import (
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Which provisional response an inbound caller gets while the switch rings
// someone (RFC 3960):
//
//   - A phone gets 180 Ringing and plays its own ringback tone, as a UAC
//     does without early media (RFC 3960 section 2); an INVITE without an
//     offer always gets 180, as its answer could only come in a reliable
//     provisional response (RFC 3262), which the box does not send.
//   - A trunk's caller is on the provider's network, often the PSTN, where
//     the called side's exchange plays ringback in-band: it gets 183
//     Session Progress with the SDP answer and the box's ringback tone of
//     the country's tone plan over RTP (the gateway model, section 2.1),
//     which a provider relays to its caller.
//   - Early media from the party rung (a trunk's or a line's in-band
//     progress, section 3) is 183 with SDP for everyone: Progress(true)
//     stops the box's ringback and the switch writes the far end's audio.

// inbandRingback reports whether the caller gets 183 and the box's
// ringback tone rather than 180 while the call rings. l.mu is held.
func (l *leg) inbandRingback() bool { return l.trunk != nil && !l.delayed }

// ringback plays a tone to an unanswered caller, one frame per 20 ms,
// from a goroutine of its own until stop.
type ringback struct {
	quit chan struct{}
	done chan struct{}
}

// startRingbackLocked plays tone to the leg's far end unless it plays
// already. l.mu is held.
func (l *leg) startRingbackLocked(tone dsp.Tone) {
	if l.ring != nil {
		return
	}
	g, err := dsp.NewToneGen(tone)
	if err != nil {
		l.c.log.Warn("sip: ringback tone", "leg", l.id, "err", err)
		return
	}
	rb := &ringback{quit: make(chan struct{}), done: make(chan struct{})}
	l.ring = rb
	media := l.media
	go func() {
		defer close(rb.done)
		tick := time.NewTicker(call.FrameDuration)
		defer tick.Stop()
		var f call.Frame
		for {
			if n := g.Generate(f[:]); n < len(f) {
				clear(f[n:])
			}
			if media.WriteFrame(&f) != nil {
				return
			}
			select {
			case <-tick.C:
			case <-rb.quit:
				return
			}
		}
	}()
}

// stopRingbackLocked tells the ringback to stop and returns a function
// that waits until it no longer writes to the leg's media; call it once
// l.mu is released. l.mu is held.
func (l *leg) stopRingbackLocked() (wait func()) {
	rb := l.ring
	if rb == nil {
		return func() {}
	}
	l.ring = nil
	close(rb.quit)
	return func() { <-rb.done }
}
