package call

import (
	"context"
	"strings"
)

// Join implements Transferrer.
func (c *Call) Join(ctx context.Context, a, b Leg) (LegEvent, error) {
	la, lb := c.lookup(a), c.lookup(b)
	if la == nil || lb == nil || la == lb {
		return LegEvent{}, ErrNotInCall
	}
	step := "join " + la.channel + " " + lb.channel
	if ev, ok := endedEvent(la, lb); ok {
		c.Step(step, "hung up before")
		return ev, nil
	}
	c.mu.Lock()
	if la.caller {
		c.peer = lb
	} else if lb.caller {
		c.peer = la
	}
	c.mu.Unlock()
	c.sw.publish(c, CallBridged, lb.channel, 0)
	la.dropDigits()
	lb.dropDigits()
	var m media
	if la.caller || lb.caller {
		c.quiet() // the caller's audio is the bridge's now
		defer c.listen()
		// The call's tap follows the caller: a transfer that joins it
		// to a third party is recorded as its bridges are; a
		// consultation between two other parties is not.
		from, to := a, b
		if lb.caller {
			from, to = b, a
		}
		m = startMedia(from.Audio(), to.Audio(), c.tap, nil)
	} else {
		m = startMedia(a.Audio(), b.Audio(), nil, nil)
	}
	defer m.stop()
	gone := c.gone()
	for {
		if ev, ok := endedEvent(la, lb); ok {
			c.Step(step, ev.Leg.Channel()+" hung up: "+ev.Event.Cause.String())
			return ev, nil
		}
		for _, p := range [][2]*legState{{la, lb}, {lb, la}} {
			if end, ok := c.passEvents(ctx, p[0], p[1], m.pump != nil); ok {
				c.Step(step, strings.TrimSpace(p[0].channel+" "+end.Event.Kind.String()+" "+end.Event.Target))
				return LegEvent{Leg: p[0].leg, Event: end.Event}, nil
			}
		}
		select {
		case <-c.wake:
		case <-ctx.Done():
			c.Step(step, "cancelled")
			return LegEvent{}, ctx.Err()
		case <-gone:
			return LegEvent{}, ErrLegEnded
		}
	}
}

// endedEvent returns a hang-up event of the first of legs that has ended.
func endedEvent(legs ...*legState) (LegEvent, bool) {
	for _, ls := range legs {
		if cause, ended := ls.hasEnded(); ended {
			ls.mu.Lock()
			at := ls.endedAt
			ls.mu.Unlock()
			return LegEvent{Leg: ls.leg, Event: Event{Kind: EventHangup, At: at, Cause: cause}}, true
		}
	}
	return LegEvent{}, false
}
