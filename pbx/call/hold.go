package call

import (
	"sync"
	"time"
)

// Hold implements Transferrer.
func (c *Call) Hold(leg Leg, src FrameSource) (resume func()) {
	a := leg.Audio()
	if a == nil {
		return func() {}
	}
	toCaller := leg == c.caller.leg
	if toCaller && !c.holdCaller() {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	c.sw.wg.Add(1) // the handler's goroutine is counted, so this is safe
	go func() {
		defer c.sw.wg.Done()
		defer close(done)
		tick := time.NewTicker(FrameDuration)
		defer tick.Stop()
		var f Frame
		eof := false
		for {
			if eof || src.ReadFrame(&f) != nil {
				eof = true
				clear(f[:])
			}
			if a.WriteFrame(&f) != nil {
				return // the leg ended
			}
			select {
			case <-tick.C:
			case <-quit:
				return
			case <-c.life.Done():
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(quit)
			<-done
			if toCaller {
				c.mu.Lock()
				c.melodies--
				c.mu.Unlock()
			}
		})
	}
}

// holdCaller readies the caller for a Hold: an answered caller takes it as
// it is; an unanswered one is given early media first (a SIP 183 with the
// SDP, RFC 3960; an analog line's or FMC call's audio before the answer),
// so that it hears the melody without being answered, and a target's own
// early media stands back while it plays (earlyFrom). It returns false
// when the caller's channel cannot take early media (a GSM call still
// ringing): the caller then hears its network's ringback, not the melody.
func (c *Call) holdCaller() bool {
	c.mu.Lock()
	up := c.callerUp
	c.melodies++
	c.mu.Unlock()
	c.stopEarly(nil) // the melody replaces a target's early media
	if up {
		return true
	}
	if err := c.caller.leg.Progress(c.life, true); err != nil {
		c.sw.log.Debug("call: melody as early media", "call", c.id, "err", err)
		c.mu.Lock()
		c.melodies--
		c.mu.Unlock()
		return false
	}
	c.mu.Lock()
	c.progressed = true // told: no ringing indication after the 183
	c.mu.Unlock()
	c.Step("early media", "melody")
	return true
}
