package call

import "sync/atomic"

// earlyPump carries a ringing target's early media to the caller, one way,
// until the target answers or ends or the ringing stops: RFC 3960 section
// 3's gateway model, in which the UAS that rings (here a trunk, an FXO
// line or a GSM call that plays in-band progress) is the source of early
// media. Of several targets, the first to offer it is heard, as a forking
// proxy's UAC would pick one (section 3.1).
type earlyPump struct {
	from *legState
	quit atomic.Bool
	done chan struct{}
}

// earlyFrom starts relaying ls's early media to the caller, unless the
// caller is answered, another target's early media is relayed, the handler
// plays the caller a melody (Hold: a route's waiting melody while it
// rings), or the caller's channel cannot take early media (Progress fails,
// as on a GSM call that is still ringing).
func (c *Call) earlyFrom(ls *legState) {
	c.mu.Lock()
	busy := c.callerUp || c.earlyMedia != nil || c.melodies > 0
	c.mu.Unlock()
	from, to := ls.leg.Audio(), c.caller.leg.Audio()
	if busy || from == nil || to == nil {
		return
	}
	if err := c.caller.leg.Progress(c.life, true); err != nil {
		c.sw.log.Debug("call: early media", "call", c.id, "from", ls.channel, "err", err)
		return
	}
	p := &earlyPump{from: ls, done: make(chan struct{})}
	c.mu.Lock()
	c.earlyMedia, c.progressed, c.early = p, true, true
	c.mu.Unlock()
	c.Step("early media", ls.channel)
	c.sw.wg.Add(1) // the handler's goroutine is counted, so this is safe
	go func() {
		defer c.sw.wg.Done()
		defer close(p.done)
		var f Frame
		for !p.quit.Load() {
			if from.ReadFrame(&f) != nil || p.quit.Load() || to.WriteFrame(&f) != nil {
				return
			}
		}
	}()
}

// stopEarly stops relaying early media, if ls is its source or ls is nil,
// and returns once nobody reads or writes the legs' audio for it.
func (c *Call) stopEarly(ls *legState) {
	c.mu.Lock()
	p := c.earlyMedia
	if p == nil || ls != nil && p.from != ls {
		c.mu.Unlock()
		return
	}
	c.earlyMedia = nil
	c.mu.Unlock()
	p.quit.Store(true)
	<-p.done
}
