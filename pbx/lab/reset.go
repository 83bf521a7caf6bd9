package lab

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

// reset stops a flash or pulse dialling under way, hangs the phone up and
// silences it.
func (p *Phone) reset() {
	p.hands.stop()
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

// hands are what a party of the world does over time in the background (a
// hook flash, pulse dialling), so that a reset can stop it: otherwise a
// flash would lift the handset again after the reset put it down.
type hands struct {
	mu     sync.Mutex
	cancel map[*int]context.CancelFunc
	wg     sync.WaitGroup
}

// do runs f in bg with a context that stop also ends.
func (h *hands) do(bg *background, f func(ctx context.Context)) {
	h.mu.Lock()
	if h.cancel == nil {
		h.cancel = map[*int]context.CancelFunc{}
	}
	key := new(int)
	h.wg.Add(1)
	h.mu.Unlock()
	bg.do(func(ctx context.Context) {
		defer h.wg.Done()
		ctx, cancel := context.WithCancel(ctx)
		h.mu.Lock()
		h.cancel[key] = cancel
		h.mu.Unlock()
		defer func() {
			h.mu.Lock()
			delete(h.cancel, key)
			h.mu.Unlock()
			cancel()
		}()
		f(ctx)
	})
}

// stop ends what is under way and waits for it.
func (h *hands) stop() {
	h.mu.Lock()
	for _, cancel := range h.cancel {
		cancel()
	}
	h.mu.Unlock()
	h.wg.Wait()
}
