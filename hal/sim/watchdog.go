package sim

import (
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
)

// Watchdog is a simulated hardware watchdog: if it is not kicked within
// its timeout it "resets the board" by calling OnExpire once. Safe for
// concurrent use.
type Watchdog struct {
	clock   hal.Clock
	timeout time.Duration

	mu      sync.Mutex
	timer   hal.Timer
	kicks   int
	expired bool
	closed  bool
	// OnExpire is called when the watchdog fires; set before the first Kick.
	OnExpire func()
}

// NewWatchdog returns an armed watchdog that expires timeout after the last
// kick (or after creation).
func NewWatchdog(clock hal.Clock, timeout time.Duration) *Watchdog {
	w := &Watchdog{clock: hal.OrSystem(clock), timeout: timeout}
	w.mu.Lock()
	w.armLocked()
	w.mu.Unlock()
	return w
}

func (w *Watchdog) armLocked() {
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = w.clock.AfterFunc(w.timeout, func() {
		w.mu.Lock()
		if w.closed || w.expired {
			w.mu.Unlock()
			return
		}
		w.expired = true
		f := w.OnExpire
		w.mu.Unlock()
		if f != nil {
			f()
		}
	})
}

// Kick implements hal.Watchdog.
func (w *Watchdog) Kick() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return hal.ErrClosed
	}
	w.kicks++
	w.armLocked()
	return nil
}

// Close implements hal.Watchdog: the magic close disarms it.
func (w *Watchdog) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	if w.timer != nil {
		w.timer.Stop()
	}
	return nil
}

// Expired reports whether the watchdog fired.
func (w *Watchdog) Expired() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.expired
}

// Kicks returns how many times it was kicked.
func (w *Watchdog) Kicks() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.kicks
}

var _ hal.Watchdog = (*Watchdog)(nil)
