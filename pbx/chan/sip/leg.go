package sip

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

// legState is where a leg's INVITE dialog stands. Inbound legs walk the
// UAS side of RFC 3261 section 13.3, outbound legs the UAC side of 13.2.
type legState int

const (
	// stateOffered: an INVITE arrived and only provisional responses went
	// back (13.3.1.1). Progress sends 180 or 183, Answer 200, Hangup a
	// final error; a CANCEL ends it with 487 (9.2).
	stateOffered legState = iota + 1
	// stateCalling: our INVITE went out to one or more contacts (13.2.1);
	// a 1xx moves to stateRinging, a 2xx to stateConfirmed, final errors
	// from every fork end the leg.
	stateCalling
	// stateRinging: a fork answered with 180 or 183 (13.2.2.1).
	stateRinging
	// stateAnswered: we sent 200 to the INVITE and retransmit it until the
	// ACK arrives (13.3.1.4); no ACK within 64*T1 ends the dialog with BYE.
	stateAnswered
	// stateConfirmed: the dialog is established (12.1); re-INVITE, INFO,
	// REFER and BYE from either side (15.1) are handled.
	stateConfirmed
	// stateEnded: the leg is over; every method returns ErrLegEnded.
	stateEnded
)

var stateNames = map[legState]string{
	stateOffered: "offered", stateCalling: "calling", stateRinging: "ringing",
	stateAnswered: "answered", stateConfirmed: "confirmed", stateEnded: "ended",
}

func (s legState) String() string { return stateNames[s] }

// eventBuffer is how many events may wait for the switch; one more place
// is kept for the final EventHangup, so that it is never lost. A SIP leg
// reports a handful of events in its life and digits at a phone's keying
// rate, while the switch reads continuously; each place costs some 90
// bytes per leg, and a box holds thousands of SIP legs.
const eventBuffer = 8

// leg is a call.Leg on the SIP channel: one side of a call, as a SIP
// dialog of the box's B2BUA. Its methods are safe for concurrent use.
type leg struct {
	c       *Channel
	id      string
	channel string
	remote  call.Party
	inbound bool
	trunk   *trunk // for legs on a trunk, whose channel slot it holds
	media   MediaSession
	events  chan call.Event
	done    chan struct{}

	mu     sync.Mutex
	notify func(call.Event) // the switch's, from NotifyEvents; nil: events go on events
	state  legState
	dlg    *dialog // inbound: from the INVITE; outbound: of the fork that answered
	cause  call.Cause

	// Inbound (UAS) state.
	invite   *sip.Request
	tx       *sip.ServerTx
	sdp      []byte        // our SDP for the 183 and 200: the answer, or our offer for an INVITE without one
	delayed  bool          // the INVITE had no offer, so the ACK carries the answer (13.3.1.4)
	ok       *sip.Response // a 2xx retransmitted until its ACK
	okTx     *sip.ServerTx // the INVITE transaction of ok, ended by the ACK
	cseq     uint32        // the CSeq number of the INVITE that made the leg
	okTimer  *time.Timer
	okEvery  time.Duration
	okSince  time.Time
	reinvite bool          // a re-INVITE of the peer awaits its ACK
	sent183  bool          // a 183 with our SDP went out
	notified chan struct{} // closed once the NOTIFYs of a REFER are over; a BYE waits for them
	refer    *referSub     // the REFER whose NOTIFYs are under way; nil: none
	ring     *ringback     // the box's ringback tone to the caller; see ringback.go

	// Outbound (UAC) state.
	forks    []*fork
	answered chan struct{} // closed when a fork's 2xx answers the leg; ends watchDial
}

var legIDs atomic.Uint64

func newLeg(c *Channel, channel string, remote call.Party, inbound bool, m MediaSession) *leg {
	return &leg{
		c: c, id: fmt.Sprintf("%s/%x", channel, legIDs.Add(1)), channel: channel, remote: remote,
		inbound: inbound, media: m, done: make(chan struct{}),
	}
}

// ID implements call.Leg.
func (l *leg) ID() string { return l.id }

// Channel implements call.Leg.
func (l *leg) Channel() string { return l.channel }

// Remote implements call.Leg.
func (l *leg) Remote() call.Party { return l.remote }

// Events implements call.Leg.
func (l *leg) Events() <-chan call.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.events == nil && l.state == stateEnded {
		l.events = make(chan call.Event) // the end went to the switch's function
		close(l.events)
	}
	return l.eventsLocked()
}

// eventsLocked returns the channel of events, which it makes when first
// needed: a leg whose events go to the switch's function (NotifyEvents)
// from the start needs none, which saves its 9 places. Hold l.mu.
func (l *leg) eventsLocked() chan call.Event {
	if l.events == nil {
		l.events = make(chan call.Event, eventBuffer+1)
	}
	return l.events
}

// NotifyEvents implements call.EventNotifier: the switch takes the leg's
// events from emit, under l.mu, and needs no goroutine to read them.
func (l *leg) NotifyEvents(fn func(call.Event)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.events != nil && len(l.events) > 0 { // events reported before go first
		fn(<-l.events)
	}
	if l.state != stateEnded {
		l.notify = fn
	}
}

// Audio implements call.Leg: the leg's RTP session, which is also a
// call.Relayer.
func (l *leg) Audio() call.Audio { return l.media }

// Codec implements call.CodecNamer: the codec negotiated for the leg.
func (l *leg) Codec() string { return l.media.Codec() }

// MediaStats implements call.StatsReporter.
func (l *leg) MediaStats() call.MediaStats {
	if r, ok := l.media.(call.StatsReporter); ok {
		return r.MediaStats()
	}
	return call.MediaStats{Codec: l.media.Codec()}
}

// SendDigits implements call.Leg: RFC 4733 events, or in-band tones when
// the phone did not offer telephone-event.
func (l *leg) SendDigits(ctx context.Context, digits string) error {
	if l.State() == stateEnded {
		return call.ErrLegEnded
	}
	return l.media.SendDigits(ctx, digits)
}

// State returns where the leg stands.
func (l *leg) State() legState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state
}

// emit hands ev to the switch's function (NotifyEvents), or queues it for
// the switch to read; l.mu is held, so events keep their order and none
// follows EventHangup. An event that finds the buffer full is dropped (a
// digit the switch did not read in time), except EventHangup, for which a
// place is always kept.
func (l *leg) emit(ev call.Event) {
	ev.At = time.Now()
	if l.notify != nil {
		l.notify(ev)
		return
	}
	events := l.eventsLocked()
	if ev.Kind != call.EventHangup && len(events) >= eventBuffer {
		l.c.log.Warn("sip: event dropped; the switch does not read the leg's events", "leg", l.id, "event", ev.Kind)
		return
	}
	events <- ev
}

// endLocked ends the leg: it leaves the dialog map, stops its timers,
// frees its media, trunk slot and call slot, and reports EventHangup.
// l.mu is held. It reports false when the leg had already ended.
func (l *leg) endLocked(cause call.Cause) bool {
	if l.state == stateEnded {
		return false
	}
	l.state, l.cause = stateEnded, cause
	l.stopRingbackLocked() // it ends by itself once the media closes
	if l.okTimer != nil {
		l.okTimer.Stop()
	}
	if l.dlg != nil {
		l.c.dialogs.Delete(l.dlg.key())
		if l.inbound {
			l.c.offers.Delete(dialogKey(l.dlg.callID, l.dlg.remoteTag))
		}
	}
	for _, f := range l.forks {
		l.c.dialogs.Delete(dialogKey(f.callID, f.tag))
	}
	l.emit(call.Event{Kind: call.EventHangup, Cause: cause})
	if l.events != nil {
		close(l.events)
	}
	close(l.done)
	go l.media.Close() // Close waits for the session's goroutines
	if l.trunk != nil {
		l.trunk.release()
	}
	l.c.calls.Add(-1)
	return true
}

// Hangup implements call.Leg: RFC 3261 section 15 for a confirmed dialog
// (BYE), 9.1 for an outbound INVITE not yet answered (CANCEL), and a final
// error response for an inbound INVITE not yet answered (13.3.1.3).
func (l *leg) Hangup(ctx context.Context, cause call.Cause) error {
	l.mu.Lock()
	switch l.state {
	case stateEnded:
		l.mu.Unlock()
		return call.ErrLegEnded
	case stateOffered:
		code, reason, q := response(cause)
		res := l.responseLocked(code, reason, nil)
		res.AppendHeader(reasonHeader(q))
		tx := l.tx
		l.endLocked(cause)
		l.mu.Unlock()
		l.c.respond(tx, res)
		return nil
	case stateCalling, stateRinging:
		forks := l.forks
		l.endLocked(cause)
		l.mu.Unlock()
		for _, f := range forks {
			f.cancel()
		}
		return nil
	default: // answered or confirmed
		bye := l.c.request(l.dlg, sip.BYE, 0)
		_, _, q := response(cause)
		if cause == call.CauseNormal {
			q = 16
		}
		bye.AppendHeader(reasonHeader(q))
		// A transferor hung up before its transfer's outcome was reported:
		// the transfer did not complete.
		l.reportLocked(sip.StatusRequestTerminated)
		l.endLocked(cause)
		notified := l.notified
		l.mu.Unlock()
		if notified != nil {
			// A transfer's result goes before the BYE (RFC 3515 section
			// 2.4.5), which a phone waits for in that order.
			select {
			case <-notified:
			case <-time.After(2 * time.Second):
			case <-ctx.Done():
			}
		}
		if _, err := l.c.do(ctx, bye); err != nil {
			l.c.log.Debug("sip: BYE unanswered", "leg", l.id, "err", err)
		}
		return nil
	}
}

// shutdown hangs the leg up as the channel stops.
func (l *leg) shutdown(ctx context.Context) {
	l.Hangup(ctx, call.CauseCongestion)
}

// watchMedia reports RFC 4733 digits as EventDigit and ends the call when
// the media timeout strikes. It reads Digits on a goroutine of the leg's
// until the session closes, unless the session is a DigitNotifier.
func (l *leg) watchMedia() {
	l.media.OnTimeout(func() {
		l.c.log.Info("sip: no RTP for the media timeout; hanging up", "leg", l.id)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		l.Hangup(ctx, call.CauseNormal)
	})
	if n, ok := l.media.(DigitNotifier); ok {
		n.OnDigit(l.digit)
		return
	}
	go func() {
		for d := range l.media.Digits() {
			l.digit(d)
		}
	}()
}

// digit reports a digit received by any means.
func (l *leg) digit(d byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == stateEnded {
		return
	}
	l.emit(call.Event{Kind: call.EventDigit, Digit: d})
}
