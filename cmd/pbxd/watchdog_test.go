package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// fakeWatchdog counts kicks and records the magic close.
type fakeWatchdog struct {
	mu     sync.Mutex
	kicks  []time.Duration // since the test's start
	closed bool
	start  time.Time
}

func (w *fakeWatchdog) Kick() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.kicks = append(w.kicks, time.Since(w.start))
	return nil
}

func (w *fakeWatchdog) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return nil
}

func (w *fakeWatchdog) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.kicks)
}

// TestWatchdogKickedWhileHealthy runs the keeper for 60 s of fake time: it
// kicks every 5 s while the checks pass, stops kicking while the store
// fails and while the switch hangs past the check limit, kicks again when
// they recover, and disarms the watchdog on a clean stop.
func TestWatchdogKickedWhileHealthy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		wd := &fakeWatchdog{start: time.Now()}
		var storeErr atomic.Bool
		hang := make(chan struct{})
		var hung atomic.Bool
		k := &watchdogKeeper{wd: wd, every: 5 * time.Second, limit: 3 * time.Second, log: slog.New(slog.DiscardHandler),
			checks: []healthCheck{
				{"store", func(context.Context) error {
					if storeErr.Load() {
						return errors.New("database is locked")
					}
					return nil
				}},
				{"switch", func(context.Context) error {
					if hung.Load() {
						<-hang
					}
					return nil
				}},
			}}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- k.run(ctx) }()

		steps := []struct {
			name      string
			set       func()
			for_      time.Duration
			wantKicks int
		}{
			{"healthy", func() {}, 12 * time.Second, 3},                           // at 0, 5, 10 s
			{"store fails", func() { storeErr.Store(true) }, 15 * time.Second, 0}, // 15, 20, 25 s
			{"store back", func() { storeErr.Store(false) }, 10 * time.Second, 2}, // 30, 35 s
			{"switch hangs", func() { hung.Store(true) }, 10 * time.Second, 0},    // 40, 45 s time out
			// The check of 45 s answers on release (47 s), then 50, 55 s.
			{"switch back", func() { hung.Store(false); close(hang) }, 10 * time.Second, 3},
		}
		for _, s := range steps {
			before := wd.count()
			s.set()
			time.Sleep(s.for_)
			synctest.Wait()
			if got := wd.count() - before; got != s.wantKicks {
				t.Errorf("%s: %d kicks in %v; want %d", s.name, got, s.for_, s.wantKicks)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run = %v", err)
		}
		if !wd.closed {
			t.Errorf("watchdog not disarmed (magic close) on a clean stop")
		}
	})
}
