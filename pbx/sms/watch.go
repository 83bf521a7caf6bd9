package sms

import (
	"slices"
	"sync"
)

// Changes collects the IDs of the messages that the service stores or
// whose status changes: received, queued, handed to a modem, sent, failed,
// delivered. The web UI's live feed takes them to push each message to the
// open pages. It is safe for concurrent use.
type Changes struct {
	ready chan struct{}
	mu    sync.Mutex
	ids   []int64
}

// Ready receives a signal when IDs wait to be taken. Signals merge, so
// the service never waits for the watcher: after each, call Take.
func (c *Changes) Ready() <-chan struct{} { return c.ready }

// Take returns the IDs of the messages changed since the last Take, each
// once, in the order of their first change.
func (c *Changes) Take() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := c.ids
	c.ids = nil
	return ids
}

func (c *Changes) add(id int64) {
	c.mu.Lock()
	if !slices.Contains(c.ids, id) {
		c.ids = append(c.ids, id)
	}
	c.mu.Unlock()
	select {
	case c.ready <- struct{}{}:
	default:
	}
}

// watchers is the service's set of Changes.
type watchers struct {
	mu  sync.Mutex
	set map[*Changes]struct{}
}

// Watch returns a Changes that collects every change from now on, and a
// function that ends the watch.
func (s *Service) Watch() (*Changes, func()) {
	c := &Changes{ready: make(chan struct{}, 1)}
	s.watch.mu.Lock()
	if s.watch.set == nil {
		s.watch.set = map[*Changes]struct{}{}
	}
	s.watch.set[c] = struct{}{}
	s.watch.mu.Unlock()
	return c, func() {
		s.watch.mu.Lock()
		delete(s.watch.set, c)
		s.watch.mu.Unlock()
	}
}

// changed tells every watcher that message id was stored or changed.
func (s *Service) changed(id int64) {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	for c := range s.watch.set {
		c.add(id)
	}
}
