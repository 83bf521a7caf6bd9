package call

import (
	"context"
	"strings"
	"time"
)

// Bridge implements Control.
func (c *Call) Bridge(ctx context.Context, leg Leg) (BridgeEnd, error) {
	peer := c.lookup(leg)
	if peer == nil || peer.caller {
		return BridgeEnd{}, ErrNotInCall
	}
	step := "bridge " + peer.channel
	if cause, ended := peer.hasEnded(); ended {
		c.Step(step, "hung up before")
		return BridgeEnd{Peer: leg, Event: Event{Kind: EventHangup, Cause: cause}}, nil
	}
	if err := c.Answer(ctx); err != nil {
		return BridgeEnd{}, err
	}
	c.mu.Lock()
	c.peer = peer
	c.mu.Unlock()
	c.sw.publish(c, CallBridged, peer.channel, 0)

	// Digits pressed before the bridge were meant for something else; a
	// flash or a transfer request still counts.
	c.caller.dropDigits()
	peer.dropDigits()
	c.quiet() // the caller's audio is the bridge's now, and its ear's
	defer c.listen()
	m := startMedia(c.caller.leg.Audio(), peer.leg.Audio(), c.tap, c.ear.Load())
	defer m.stop()
	if m.relayStop != nil {
		defer c.hearRelay(c.caller.leg.Audio())() // before the relay stops
	}

	for {
		if cause, ended := c.caller.hasEnded(); ended {
			c.Step(step, "caller hung up: "+cause.String())
			peer.hangup(CauseNormal)
			return BridgeEnd{Peer: leg, ByCaller: true, Event: Event{Kind: EventHangup, At: c.sw.now(), Cause: cause}}, nil
		}
		if cause, ended := peer.hasEnded(); ended {
			c.Step(step, "hung up: "+cause.String())
			return BridgeEnd{Peer: leg, Event: Event{Kind: EventHangup, At: c.sw.now(), Cause: cause}}, nil
		}
		if end, ok := c.passEvents(ctx, c.caller, peer, m.pump != nil); ok {
			end.Peer = leg
			c.Step(step, strings.TrimSpace("caller "+end.Event.Kind.String()+" "+end.Event.Target))
			return end, nil
		}
		if end, ok := c.passEvents(ctx, peer, c.caller, m.pump != nil); ok {
			end.Peer = leg
			c.Step(step, strings.TrimSpace(end.Event.Kind.String()+" "+end.Event.Target))
			return end, nil
		}
		select {
		case <-c.wake:
			continue
		case <-ctx.Done():
		case <-c.ctx.Done():
		}
		if _, ended := c.caller.hasEnded(); ended {
			continue // the handler's ctx ends with the caller: report the hang-up
		}
		c.Step(step, "cancelled")
		return BridgeEnd{Peer: leg}, c.stopErr(ctx)
	}
}

// passEvents handles what from reported during the bridge: digits go on to
// to when the pump carries the media (a relay carries them in-band or as
// RFC 4733 events itself); a flash or a transfer request ends the bridge.
func (c *Call) passEvents(ctx context.Context, from, to *legState, sendDigits bool) (BridgeEnd, bool) {
	for {
		q, ok := from.pop()
		if !ok {
			return BridgeEnd{}, false
		}
		switch q.ev.Kind {
		case EventDigit:
			if sendDigits {
				if err := to.leg.SendDigits(ctx, string(q.ev.Digit)); err != nil {
					c.sw.log.Debug("call: pass digit", "call", c.id, "to", to.channel, "err", err)
				}
			}
		case EventFlash, EventTransfer:
			return BridgeEnd{ByCaller: from.caller, Event: q.ev}, true
		}
	}
}

// Transfer implements Control.
func (c *Call) Transfer(ctx context.Context, targets []Target, timeout time.Duration) (BridgeEnd, error) {
	if err := c.usable(); err != nil {
		return BridgeEnd{}, err
	}
	c.mu.Lock()
	old := c.peer
	c.mu.Unlock()
	if old != nil {
		if _, ended := old.hasEnded(); !ended {
			c.Step("transfer", old.channel+" leaves")
			old.hangup(CauseNormal)
		}
	}
	leg, err := c.Ring(ctx, targets, timeout)
	if err != nil {
		return BridgeEnd{}, err
	}
	return c.Bridge(ctx, leg)
}
