package sip

import (
	"context"
	"slices"
	"sync"

	"github.com/hookflash/firmware/pbx/store"
)

// trunkSet is the running trunks, rebuilt on configuration changes.
type trunkSet struct {
	c      *Channel
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	byName map[string]*trunk
}

func newTrunkSet(c *Channel) *trunkSet {
	ctx, cancel := context.WithCancel(context.Background())
	return &trunkSet{c: c, ctx: ctx, cancel: cancel, byName: map[string]*trunk{}}
}

// apply brings the running trunks in line with cfgs: unchanged trunks keep
// their registration, changed ones start anew, removed ones unregister.
func (s *trunkSet) apply(cfgs []store.SIPTrunk) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return
	}
	next := make(map[string]*trunk, len(cfgs))
	var gone []*trunk
	for _, cfg := range cfgs {
		if old, ok := s.byName[cfg.Name]; ok && old.cfg == cfg {
			next[cfg.Name] = old
			continue
		}
		t := newTrunk(s.c, cfg)
		next[cfg.Name] = t
		ctx, cancel := context.WithCancel(s.ctx)
		t.cancel = cancel
		go t.run(ctx)
	}
	for name, old := range s.byName {
		if next[name] != old {
			gone = append(gone, old)
		}
	}
	s.byName = next
	for _, t := range gone {
		go func() {
			t.cancel()
			<-t.done
			t.unregister(s.ctx)
		}()
	}
}

// get returns the trunk named name.
func (s *trunkSet) get(name string) (*trunk, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byName[name]
	return t, ok
}

// from returns the trunk whose provider sent a request from source.
func (s *trunkSet) from(source string) *trunk {
	s.mu.Lock()
	ts := make([]*trunk, 0, len(s.byName))
	for _, t := range s.byName {
		ts = append(ts, t)
	}
	s.mu.Unlock()
	for _, t := range ts {
		if t.cfg.Enabled && t.matches(source) {
			return t
		}
	}
	return nil
}

// list returns every trunk, by name.
func (s *trunkSet) list() []*trunk {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*trunk, 0, len(s.byName))
	for _, t := range s.byName {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *trunk) int {
		if a.cfg.Name < b.cfg.Name {
			return -1
		}
		return 1
	})
	return out
}

// stopAll stops every trunk's loop and unregisters it.
func (s *trunkSet) stopAll(ctx context.Context) {
	s.mu.Lock()
	ts := make([]*trunk, 0, len(s.byName))
	for _, t := range s.byName {
		ts = append(ts, t)
	}
	s.byName = map[string]*trunk{}
	s.mu.Unlock()
	var wg sync.WaitGroup
	for _, t := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.cancel()
			<-t.done
			t.unregister(ctx)
		}()
	}
	wg.Wait()
	s.cancel()
}

// Trunks returns the state of every configured trunk, by name, for the
// status page.
func (c *Channel) Trunks() []TrunkStatus {
	var out []TrunkStatus
	for _, t := range c.trunks.list() {
		out = append(out, t.Status())
	}
	return out
}
