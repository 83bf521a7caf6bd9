package gsm

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
)

// legState is where a leg's call stands, named after the <stat> of +CLCC
// (3GPP TS 27.007 7.18).
type legState int

const (
	// stateIncoming: stat 4, the module rings (RING, +CLIP). Answer sends
	// ATA (V.250 6.3.5); the caller giving up ends the leg.
	stateIncoming legState = iota + 1
	// stateDialing: stat 2, ATD<number>; was sent (V.250 6.3.1) and the
	// network sets the call up. Alerting moves to stateAlerting, active to
	// stateActive; BUSY, NO ANSWER, NO CARRIER end the leg.
	stateDialing
	// stateAlerting: stat 3, the called party rings (EventProgress sent).
	stateAlerting
	// stateActive: stat 0, the call is up; digits and audio flow.
	stateActive
	// stateEnded: the leg is over; every method returns call.ErrLegEnded.
	stateEnded
)

var stateNames = map[legState]string{
	stateIncoming: "incoming", stateDialing: "dialing", stateAlerting: "alerting",
	stateActive: "active", stateEnded: "ended",
}

func (s legState) String() string { return stateNames[s] }

const (
	// eventBuffer is how many events may wait for the reader; one more
	// place is kept for the final EventHangup.
	eventBuffer = 32
	// frameBuffer is how many frames of the far end may wait for ReadFrame
	// (60 ms); older ones are dropped so the delay stays short.
	frameBuffer = 3
)

// leg is a call.Leg on a GSM module. Its methods are safe for concurrent
// use.
type leg struct {
	p        *port
	id       string
	inbound  bool
	events   chan call.Event
	frames   chan hal.Frame
	done     chan struct{}
	answered chan struct{} // closed when the call is up
	audio    legAudio

	mu     sync.Mutex
	state  legState
	remote call.Party
	ext    string      // FMC: the extension the caller acts as
	grant  grant       // outbound: how long it may last under the limits
	cut    *time.Timer // ends the call when the grant runs out
	ring   *player     // FMC: the ringback tone the box plays; nil if none
}

func newLeg(p *port, inbound bool, remote call.Party) *leg {
	l := &leg{
		p: p, id: p.c.newLegID(p.channel), inbound: inbound, remote: remote,
		events: make(chan call.Event, eventBuffer+1), frames: make(chan hal.Frame, frameBuffer),
		done: make(chan struct{}), answered: make(chan struct{}), state: stateIncoming,
	}
	if !inbound {
		l.state = stateDialing
	}
	l.audio.l = l
	return l
}

// ID implements call.Leg.
func (l *leg) ID() string { return l.id }

// Channel implements call.Leg: "gsm/<slot>", or "mobile/<slot>" for an
// employee's mobile calling in (fixed-mobile convergence), whose call goes
// to the dial plan as its extension's rather than to an inbound route.
func (l *leg) Channel() string {
	if l.Extension() != "" {
		return "mobile/" + strconv.Itoa(l.p.slot)
	}
	return l.p.channel
}

// Remote implements call.Leg. For an FMC call handed to the switch it is
// the extension the caller acts as.
func (l *leg) Remote() call.Party {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.remote
}

// Extension returns the extension number an FMC caller acts as, "" for
// any other leg. The dial plan treats such a caller as that extension.
func (l *leg) Extension() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ext
}

// Events implements call.Leg.
func (l *leg) Events() <-chan call.Event { return l.events }

// Audio implements call.Leg: the module's PCM port while the leg lasts.
func (l *leg) Audio() call.Audio { return &l.audio }

// State returns where the leg stands.
func (l *leg) State() legState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state
}

// Progress implements call.Leg. The GSM network plays ringback to a
// caller whose call rings on the module by itself, so ringing needs
// nothing there, and early media cannot be given without answering. An
// FMC caller's call is already answered: the box plays the ringback tone
// until Answer, and early media (the switch's audio) stops it.
func (l *leg) Progress(ctx context.Context, early bool) error {
	l.mu.Lock()
	st, fmc := l.state, l.ext != ""
	l.mu.Unlock()
	switch {
	case st == stateEnded:
		return call.ErrLegEnded
	case fmc && st == stateActive && early:
		l.stopRingback()
	case fmc && st == stateActive:
		l.startRingback()
	case early:
		return errors.New("gsm: a GSM call has no early media; answer it to play to the caller")
	}
	return nil
}

// Answer implements call.Leg: ATA (V.250 6.3.5) for a ringing inbound
// call; nothing for one already answered.
func (l *leg) Answer(ctx context.Context) error {
	l.mu.Lock()
	st := l.state
	l.mu.Unlock()
	switch {
	case st == stateEnded:
		return call.ErrLegEnded
	case !l.inbound:
		return errors.New("gsm: answer: the leg is an outgoing call")
	case st == stateActive:
		l.stopRingback() // an FMC caller: the switch takes the audio now
		return nil
	}
	if err := l.p.dev.Answer(ctx); err != nil {
		if l.State() == stateEnded {
			return call.ErrLegEnded // the caller gave up meanwhile
		}
		return fmt.Errorf("gsm: answer %s: %w", l.p.channel, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == stateEnded {
		return call.ErrLegEnded
	}
	l.state = stateActive
	close(l.answered)
	l.p.c.changed()
	return nil
}

// Hangup implements call.Leg: the leg ends at once, then ATH or AT+CHUP
// ends the modem's call.
func (l *leg) Hangup(ctx context.Context, cause call.Cause) error {
	if !l.end(cause) {
		return call.ErrLegEnded
	}
	if err := l.p.dev.Hangup(ctx); err != nil {
		return fmt.Errorf("gsm: hang up %s: %w", l.p.channel, err)
	}
	return nil
}

// SendDigits implements call.Leg with AT+VTS (27.007 C.11), one command a
// digit, in an active call.
func (l *leg) SendDigits(ctx context.Context, digits string) error {
	switch l.State() {
	case stateEnded:
		return call.ErrLegEnded
	case stateActive:
		return l.p.dev.SendDTMF(ctx, digits)
	}
	return errors.New("gsm: digits can be sent once the call is answered")
}

// emit queues ev for the reader; l.mu is held, so events keep their order
// and none follows EventHangup. An event that finds the buffer full is
// dropped, except EventHangup, for which a place is always kept.
func (l *leg) emit(ev call.Event) {
	ev.At = l.p.c.o.Now()
	if ev.Kind != call.EventHangup && len(l.events) >= eventBuffer {
		l.p.c.log.Warn("gsm: event dropped; nobody reads the leg's events", "leg", l.id, "event", ev.Kind)
		return
	}
	l.events <- ev
}

// end ends the leg with cause: EventHangup, Events closed, the module
// free. It reports false when the leg had already ended.
func (l *leg) end(cause call.Cause) bool {
	l.mu.Lock()
	if l.state == stateEnded {
		l.mu.Unlock()
		return false
	}
	l.state = stateEnded
	if l.cut != nil {
		l.cut.Stop()
	}
	l.emit(call.Event{Kind: call.EventHangup, Cause: cause})
	close(l.events)
	close(l.done)
	l.mu.Unlock()
	l.p.release(l)
	return true
}

// farEnd ends the leg because the modem reported the call over.
func (l *leg) farEnd(err error) {
	l.mu.Lock()
	answered := l.state == stateActive
	l.mu.Unlock()
	l.end(causeOf(err, answered, l.inbound))
}

// callState follows an outgoing call through the +CLCC states.
func (l *leg) callState(c gsm.Call) {
	if l.inbound || c.Incoming {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case c.State == gsm.CallAlerting && l.state == stateDialing:
		l.state = stateAlerting
		l.emit(call.Event{Kind: call.EventProgress})
	case c.State == gsm.CallActive && (l.state == stateDialing || l.state == stateAlerting):
		l.state = stateActive
		close(l.answered)
		l.emit(call.Event{Kind: call.EventAnswer})
		if l.grant.capped {
			l.cut = time.AfterFunc(max(l.grant.left, 0), l.limitReached)
		}
	}
}

// limitReached ends a call that used up the module's minutes.
func (l *leg) limitReached() {
	l.p.limitReached(l.grant.alarm)
	ctx, cancel := context.WithTimeout(context.Background(), hangupTimeout)
	defer cancel()
	l.Hangup(ctx, call.CauseNormal)
}

// digit reports a digit of the far end in an active call.
func (l *leg) digit(d byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == stateActive {
		l.emit(call.Event{Kind: call.EventDigit, Digit: d})
	}
}

// becomeExtension makes an FMC caller act as the extension.
func (l *leg) becomeExtension(number, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.remote = call.Party{Number: number, Name: name}
	l.ext = number
}
