package gsm

// An FMC caller's call was answered by the box before the number was
// dialled, so the GSM network plays no ringback to it: the box does, while
// the called party rings.

// startRingback plays the tone plan's ringback tone to the leg's far end
// until stopRingback or the leg's end. Nothing happens if it plays already
// or the leg ended.
func (l *leg) startRingback() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ring != nil || l.state == stateEnded {
		return
	}
	l.ring = l.play(l.p.c.plan.Ringback)
}

// stopRingback stops the ringback tone, if any, and returns once the leg's
// audio is free for another user.
func (l *leg) stopRingback() {
	l.mu.Lock()
	pl := l.ring
	l.ring = nil
	l.mu.Unlock()
	if pl != nil {
		pl.stop()
	}
}
