package call

import (
	"sync"
	"time"
)

// CallEventKind says what happened to a call.
type CallEventKind int

// The call event kinds, in the order a call goes through them. A call has
// one CallStarted, one CallEnded, at most one CallAnswered, and any number
// of CallRinging and CallBridged in between.
const (
	CallStarted  CallEventKind = iota + 1 // the switch took an inbound leg (Channel: the caller's)
	CallRinging                           // Ring dialled a target (Channel: the target's leg)
	CallAnswered                          // the call was first answered (Channel: by whom)
	CallBridged                           // the caller was joined to a leg (Channel: that leg's)
	CallEnded                             // every leg is down and the call record is written (Cause)
)

var callEventNames = map[CallEventKind]string{
	CallStarted: "started", CallRinging: "ringing", CallAnswered: "answered",
	CallBridged: "bridged", CallEnded: "ended",
}

// String returns the kind as the web UI shows it: "started", "ringing", ...
func (k CallEventKind) String() string { return callEventNames[k] }

// CallEvent is one entry of the switch's live event stream.
type CallEvent struct {
	// Seq numbers the switch's events 1, 2, 3, ... across all calls; a gap
	// tells a subscriber that events were dropped for it.
	Seq     uint64
	Kind    CallEventKind
	At      time.Time
	CallID  string
	Caller  Party
	Called  string // the number the caller dialled
	Channel string // the leg the event is about, e.g. "sip/101"
	Cause   Cause  // CallEnded: how the caller's leg ended
}

// subscriberBuffer is how many events a slow subscriber may lag behind
// before events are dropped for it.
const subscriberBuffer = 64

// broker hands call events to subscribers without ever blocking the switch.
type broker struct {
	mu   sync.Mutex
	seq  uint64
	subs []chan CallEvent
}

// Subscribe returns a channel of every call event from now on, and a
// function that ends the subscription and closes the channel. The switch
// never waits for a subscriber: when one lags more than 64 events behind,
// events are dropped for it, which it can tell from a gap in Seq. It is
// safe for concurrent use.
func (s *Switch) Subscribe() (events <-chan CallEvent, cancel func()) {
	b := &s.events
	ch := make(chan CallEvent, subscriberBuffer)
	b.mu.Lock()
	b.subs = append(b.subs, ch)
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			for i, c := range b.subs {
				if c == ch {
					b.subs = append(b.subs[:i], b.subs[i+1:]...)
					break
				}
			}
			close(ch)
		})
	}
}

// publish numbers ev and offers it to every subscriber.
func (b *broker) publish(ev CallEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	ev.Seq = b.seq
	for _, ch := range b.subs {
		select {
		case ch <- ev:
		default: // a slow reader loses this event rather than hold up calls
		}
	}
}
