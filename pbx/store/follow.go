package store

import (
	"context"
	"log/slog"
)

// Follower applies the configuration again after every committed
// configuration change. Make one with Store.Follow; a channel driver keeps
// one per Start.
type Follower struct {
	revs   <-chan int64
	cancel func()
	name   string
	apply  func(ctx context.Context) error
	log    *slog.Logger
}

// Follow subscribes to configuration changes and returns a Follower whose
// Run calls apply after each one. Call Follow before the caller's first
// load so that a change committed between that load and Run is not missed:
// Run then applies it. name prefixes the log messages ("sip"); a nil log
// discards them. Every Follow must end with Run returning or with Stop.
func (s *Store) Follow(name string, apply func(ctx context.Context) error, log *slog.Logger) *Follower {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	revs, cancel := s.Subscribe()
	return &Follower{revs: revs, cancel: cancel, name: name, apply: apply, log: log}
}

// Run calls apply with ctx after every committed configuration change until
// ctx ends or the store closes, then ends the subscription. A failing apply
// is logged (unless ctx has ended) and leaves the running configuration to
// the caller: the next change is applied again. A slow apply misses
// intermediate revisions but always sees the latest. Run blocks; call it
// once, from one goroutine.
func (f *Follower) Run(ctx context.Context) {
	defer f.cancel()
	for {
		select {
		case <-ctx.Done():
			return
		case rev, ok := <-f.revs:
			if !ok {
				return
			}
			err := f.apply(ctx)
			switch {
			case err == nil:
				f.log.Debug(f.name+": configuration applied", "revision", rev)
			case ctx.Err() == nil:
				f.log.Error(f.name+": configuration change not applied; the previous one stays", "revision", rev, "err", err)
			}
		}
	}
}

// Stop ends the subscription; a Run going returns after its current apply.
// Use it when the start fails between Follow and Run. It is safe to call
// more than once and concurrently with Run.
func (f *Follower) Stop() { f.cancel() }
