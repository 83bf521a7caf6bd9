package scenario

import (
	"context"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/store"
)

// Per-route melodies (store.RouteOptions): uploaded prompts the route's
// callers hear, looped, while the scenario rings someone (and in a queue
// without music of its own, queue.go) and while the person they talk to
// holds them, and the greeting before a message in a mailbox without one
// (voicemail.go). A route without them keeps the line's ringback, the
// bridge through a hold, and the spoken voicemail greeting.

// melodies are the prompts of a call's route; 0 is none.
type melodies struct {
	waiting, hold, voicemail int64
}

// melodiesOf returns the melodies of a route's options.
func melodiesOf(o store.RouteOptions) melodies {
	id := func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	}
	return melodies{waiting: id(o.WaitingPromptID), hold: id(o.HoldPromptID), voicemail: id(o.VoicemailGreetingPromptID)}
}

// playLooped plays prompt id to the caller, over and over, from a goroutine
// of the switch (call.Transferrer.Hold) until the returned stop is called;
// stop returns once the melody no longer writes to the caller. A caller
// not answered yet is not answered for it: the switch plays it as early
// media (a SIP 183 with SDP, audio before the answer on an analog line),
// so that the caller pays from the answer of the person rung, not from
// the start of the melody; a channel without early media (a GSM call that
// still rings) keeps its network's ringback. When there is no melody, or
// the call cannot play one, it plays nothing and ok is false.
// what names the melody for a dry run, which plays nothing but notes it.
func (x *execution) playLooped(ctx context.Context, id int64, what string) (stop func(), ok bool) {
	if s, dry := x.c.(*simCall); dry && id != 0 {
		return s.melody(what, id), true
	}
	tr, can := x.c.(call.Transferrer)
	if id == 0 || !can || x.eng.o.Prompts == nil {
		return nil, false
	}
	if err := ctx.Err(); err != nil {
		return nil, false
	}
	src := &prompt.Loop{Open: func() (call.FrameSource, error) { return x.eng.o.Prompts.Open(ctx, id) }}
	return tr.Hold(tr.CallerLeg(), src), true
}

// whileRinging starts the route's waiting melody for a ringing that is
// about to start, and returns what stops it; without one the caller hears
// the line's ringback, as the switch tells it.
func (x *execution) whileRinging(ctx context.Context) (stop func()) {
	if stop, ok := x.playLooped(ctx, x.tunes.waiting, "waiting melody"); ok {
		return stop
	}
	return func() {}
}

// holdCaller is a hold by callee, the party the caller talks to (its hook
// flash, or a SIP phone's re-INVITE to hold): the caller hears the route's
// hold melody until one of them flashes (the callee's flash takes the call
// back), asks for a transfer or hangs up, which end returns as Bridge
// would. held is false when the route has no hold melody or the call
// cannot hold: then nothing happened.
func (x *execution) holdCaller(ctx context.Context, callee call.Leg) (end call.BridgeEnd, held bool, err error) {
	tr, can := x.c.(call.Transferrer)
	if !can {
		return call.BridgeEnd{}, false, nil
	}
	stop, ok := x.playLooped(ctx, x.tunes.hold, "hold melody")
	if !ok {
		return call.BridgeEnd{}, false, nil
	}
	x.c.Step("hold", callee.Channel()+" holds the caller")
	caller := tr.CallerLeg()
	ev, err := tr.Watch(ctx, callee, caller)
	stop()
	return call.BridgeEnd{Peer: callee, ByCaller: ev.Leg == caller, Event: ev.Event}, true, err
}
