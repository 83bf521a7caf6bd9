// Package calltest has in-memory fakes of the call package's interfaces for
// tests: a Leg with a far end the test acts for (Rings, Answers, HangsUp,
// Presses, Says, ...), a Dialer whose phones ring, answer after a while or
// not, are busy or unreachable, Audio with or without Relay, frame sources
// and sinks, and an in-memory call record store.
//
// Everything that waits does so on the time package's timers, so the fakes
// run under testing/synctest, where a ring time of a minute takes no time.
package calltest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// eventBuffer is how many events a Leg holds for its reader.
const eventBuffer = 32

// State is what has happened to a Leg so far.
type State struct {
	Progressed bool       // the switch called Progress (inbound) or the far end rang (outbound)
	Early      bool       // early media was announced
	Answered   bool       // answered, by the switch (inbound) or the far end (outbound)
	Ended      bool       // hung up by either side
	Cause      call.Cause // how it ended
	ByUs       bool       // ended by the switch (Hangup or a cancelled Dial), not by the far end
	SentDigits string     // digits the switch sent with SendDigits
	Dropped    int        // events lost because nobody read them
	Recalls    int        // times the switch asked for a second number (CollectNumber)
	// Transferred holds, in order, the outcomes the switch reported of
	// the transfers the far end asked for (call.TransferReporter): 0 for
	// done, else the cause of the failure.
	Transferred []call.Cause
}

// Leg is a fake call.Leg. The switch uses the call.Leg methods; the test
// acts for the phone at the far end with the methods named in the third
// person (Rings, Answers, HangsUp, Presses, Flashes, Transfers, Says), and
// looks at what happened with State, Heard and Done. It is safe for
// concurrent use.
//
// Like a real channel, a Leg reports every end, whoever caused it, with
// EventHangup and then closes Events.
type Leg struct {
	id      string
	channel string
	remote  call.Party
	audio   call.Audio
	pcm     *Audio
	events  chan call.Event
	done    chan struct{}
	numbers chan string // what Dials gives CollectNumber

	mu     sync.Mutex
	st     State
	notify func(call.Event) // the switch's, when a NotifyingLeg; nil: events go on events
}

// NewLeg returns a leg on channel ("sip/101", "trunk/provider") whose far
// end is remote, with PCM audio paced at one frame per 20 ms.
func NewLeg(channel string, remote call.Party) *Leg {
	return newLeg(channel, remote, PCM)
}

// NewRelayLeg is NewLeg with audio that offers call.Relayer; when refuse is
// true its Relay says no.
func NewRelayLeg(channel string, remote call.Party, refuse bool) *Leg {
	if refuse {
		return newLeg(channel, remote, RelayRefused)
	}
	return newLeg(channel, remote, Relay)
}

func newLeg(channel string, remote call.Party, m Media) *Leg {
	l := &Leg{
		channel: channel,
		remote:  remote,
		events:  make(chan call.Event, eventBuffer),
		done:    make(chan struct{}),
		numbers: make(chan string, 1),
	}
	l.id = fmt.Sprintf("%s/%p", channel, l)
	l.pcm = &Audio{leg: l, pace: call.FrameDuration}
	l.audio = l.pcm
	if m != PCM {
		l.audio = &RelayAudio{Audio: l.pcm, refuse: m == RelayRefused}
	}
	return l
}

// ID implements call.Leg.
func (l *Leg) ID() string { return l.id }

// Channel implements call.Leg.
func (l *Leg) Channel() string { return l.channel }

// Remote implements call.Leg.
func (l *Leg) Remote() call.Party { return l.remote }

// Events implements call.Leg.
func (l *Leg) Events() <-chan call.Event { return l.events }

// NotifyingLeg is a Leg that is also a call.EventNotifier, as the SIP
// channel's legs are: once the switch asks, the leg calls the switch's
// function with each event, holding its lock, instead of sending it on
// Events.
type NotifyingLeg struct{ *Leg }

// NotifyEvents implements call.EventNotifier.
func (n NotifyingLeg) NotifyEvents(fn func(call.Event)) {
	l := n.Leg
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		select {
		case ev, ok := <-l.events: // reported before: they go first
			if !ok {
				return
			}
			fn(ev)
		default:
			l.notify = fn
			return
		}
	}
}

// Progress implements call.Leg.
func (l *Leg) Progress(ctx context.Context, early bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.st.Ended {
		return call.ErrLegEnded
	}
	l.st.Progressed = true
	l.st.Early = l.st.Early || early
	return nil
}

// Answer implements call.Leg.
func (l *Leg) Answer(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.st.Ended {
		return call.ErrLegEnded
	}
	l.st.Answered = true
	return nil
}

// Hangup implements call.Leg.
func (l *Leg) Hangup(ctx context.Context, cause call.Cause) error {
	if !l.end(cause, true) {
		return call.ErrLegEnded
	}
	return nil
}

// SendDigits implements call.Leg.
func (l *Leg) SendDigits(ctx context.Context, digits string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.st.Ended {
		return call.ErrLegEnded
	}
	l.st.SentDigits += digits
	return nil
}

// Audio implements call.Leg.
func (l *Leg) Audio() call.Audio { return l.audio }

// MediaStats implements call.StatsReporter: frames read by the switch count
// as packets received, frames written as packets sent.
func (l *Leg) MediaStats() call.MediaStats {
	codec := "pcm"
	if _, ok := l.audio.(*RelayAudio); ok {
		codec = "PCMU"
	}
	return call.MediaStats{Codec: codec, PacketsSent: l.pcm.writes.Load(), PacketsRecv: l.pcm.reads.Load()}
}

// Rings makes the far end report that it rings (early: with early media).
func (l *Leg) Rings(early bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.st.Ended {
		l.st.Progressed = true
		l.st.Early = l.st.Early || early
		l.emit(call.Event{Kind: call.EventProgress, Early: early})
	}
}

// Answers makes the far end answer.
func (l *Leg) Answers() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.st.Ended && !l.st.Answered {
		l.st.Answered = true
		l.emit(call.Event{Kind: call.EventAnswer})
	}
}

// HangsUp makes the far end hang up with cause.
func (l *Leg) HangsUp(cause call.Cause) { l.end(cause, false) }

// Presses makes the far end press DTMF digits, one event each.
func (l *Leg) Presses(digits string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 0; i < len(digits) && !l.st.Ended; i++ {
		l.emit(call.Event{Kind: call.EventDigit, Digit: digits[i]})
	}
}

// Flashes makes the far end flash the hook.
func (l *Leg) Flashes() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.st.Ended {
		l.emit(call.Event{Kind: call.EventFlash})
	}
}

// Transfers makes the far end ask to transfer the call to target, as a SIP
// REFER does.
func (l *Leg) Transfers(target string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.st.Ended {
		l.emit(call.Event{Kind: call.EventTransfer, Target: target})
	}
}

// TransferDone implements call.TransferReporter: it keeps cause in
// State.Transferred.
func (l *Leg) TransferDone(cause call.Cause) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.st.Transferred = append(l.st.Transferred, cause)
}

// TransfersReplacing makes the far end ask for an attended transfer to
// target, joining this call's other party with the one its phone talks to
// on the leg whose ID is replaces, as a SIP REFER with Replaces does.
func (l *Leg) TransfersReplacing(target, replaces string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.st.Ended {
		l.emit(call.Event{Kind: call.EventTransfer, Target: target, Replaces: replaces})
	}
}

// Says queues a frame the far end speaks: the next ReadFrame returns it, or,
// while the audio is relayed, the other side's far end hears it at once.
func (l *Leg) Says(f call.Frame) { l.pcm.say(f) }

// Heard returns the frames the far end heard, oldest first (the last 1024).
func (l *Leg) Heard() []call.Frame { return l.pcm.heard() }

// State returns what has happened to the leg.
func (l *Leg) State() State {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.st
	st.Transferred = slices.Clone(st.Transferred)
	return st
}

// Done is closed when the leg has ended.
func (l *Leg) Done() <-chan struct{} { return l.done }

// emit sends ev to the reader, or hands it to the switch's function (see
// NotifyingLeg); l.mu is held, so events keep their order and
// none follows the close.
func (l *Leg) emit(ev call.Event) {
	ev.At = time.Now()
	if l.notify != nil {
		l.notify(ev)
		return
	}
	select {
	case l.events <- ev:
	default:
		l.st.Dropped++
	}
}

// end ends the leg once, reporting EventHangup and closing Events.
func (l *Leg) end(cause call.Cause, byUs bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.st.Ended {
		return false
	}
	l.st.Ended, l.st.Cause, l.st.ByUs = true, cause, byUs
	l.emit(call.Event{Kind: call.EventHangup, Cause: cause})
	close(l.events)
	close(l.done)
	return true
}
