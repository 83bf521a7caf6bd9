package store

import (
	"context"
	"fmt"
)

// Revision returns the config revision: a number that grows with every
// committed change to the configuration.
func (s *Store) Revision(ctx context.Context) (int64, error) {
	var rev int64
	if err := s.r.QueryRowContext(ctx, "SELECT revision FROM config_revision WHERE id = 1").Scan(&rev); err != nil {
		return 0, fmt.Errorf("store: read revision: %w", err)
	}
	return rev, nil
}

// Subscribe returns a channel that receives the new config revision after
// each committed configuration change, and a function that ends the
// subscription. A slow reader misses intermediate revisions but always gets
// the latest one. The channel is closed when the store closes or cancel is
// called.
func (s *Store) Subscribe() (revisions <-chan int64, cancel func()) {
	ch := make(chan int64, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
	}
}

func (s *Store) notify(rev int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case <-ch: // drop the stale revision the reader has not taken yet
		default:
		}
		ch <- rev
	}
}
