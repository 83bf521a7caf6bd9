package lab

import (
	"errors"
	"fmt"
)

// Reset puts the whole world back as it started, for a new try: every
// phone on hook and silent, every PSTN line connected and its call cleared
// (the remote party hangs up with a busy tone), every GSM network with its
// calls hung up, its modem repaired and its first signal, registration and
// USSD reply. Settings (countries, answer delays) stay. It returns the
// world's state; it is safe for concurrent use.
func (l *Lab) Reset() (State, error) {
	var errs []error
	for _, p := range l.phones {
		p.reset()
	}
	for _, x := range l.lines {
		x.reset()
	}
	for slot, n := range l.networks {
		if err := n.reset(); err != nil {
			errs = append(errs, fmt.Errorf("lab: reset %s: %w", slot, err))
		}
	}
	return l.State(), errors.Join(errs...)
}

// reset hangs the phone up and silences it.
func (p *Phone) reset() {
	p.phone.OnHook()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.voice.stop()
	p.ear.clearDigits()
	p.cid = nil
}

// reset reconnects the line and clears any call on it.
func (x *Exchange) reset() {
	x.SetPresent(true)
	x.mu.Lock()
	defer x.mu.Unlock()
	x.voice.stop()
	switch x.state {
	case lineAlerting:
		x.line.StopRinging()
		x.release()
	case lineDialTone, lineDigits, lineRingback, lineTalking:
		x.to(lineCleared)
		x.play(x.plan.Busy)
	}
}

// reset hangs up the network's calls and repairs the modem.
func (n *Network) reset() error {
	if n.hasCall(false) {
		n.modem.RemoteHangup()
	}
	n.modem.Hang(0)
	if err := n.SetSignal(n.first.rssi); err != nil {
		return err
	}
	if err := n.SetRegistration(n.first.registration); err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.voice.stop()
	n.ussdReply, n.ussdMore = DefaultUSSDReply, false
	return nil
}

// resetAction is POST /reset.
func (l *Lab) resetAction(_ string, _ decoder) (any, error) { return l.Reset() }
