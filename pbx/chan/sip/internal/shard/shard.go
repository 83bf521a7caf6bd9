// Package shard is a map split into independently locked shards, so that
// goroutines working on different keys rarely wait for each other. The SIP
// channel keeps its transactions' dialogs, registrations and nonces in it:
// no one lock sits on the hot path.
package shard

import (
	"hash/maphash"
	"sync"
)

// shards is the number of shards: a power of two, comfortably above the
// number of cores of the boards the firmware runs on.
const shards = 64

// Map is a sharded map from string keys to V. It is safe for concurrent use.
// The zero value is not usable; call New.
type Map[V any] struct {
	seed   maphash.Seed
	shards [shards]part[V]
}

type part[V any] struct {
	mu sync.Mutex
	m  map[string]V
	_  [40]byte // keeps neighbouring shards' locks off one cache line
}

// New returns an empty map.
func New[V any]() *Map[V] {
	m := &Map[V]{seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].m = make(map[string]V)
	}
	return m
}

func (m *Map[V]) part(key string) *part[V] {
	return &m.shards[maphash.String(m.seed, key)&(shards-1)]
}

// Get returns the value stored under key.
func (m *Map[V]) Get(key string) (V, bool) {
	p := m.part(key)
	p.mu.Lock()
	v, ok := p.m[key]
	p.mu.Unlock()
	return v, ok
}

// Set stores v under key.
func (m *Map[V]) Set(key string, v V) {
	p := m.part(key)
	p.mu.Lock()
	p.m[key] = v
	p.mu.Unlock()
}

// SetIfAbsent stores v under key unless key is present; it returns the
// value now stored and whether v was stored.
func (m *Map[V]) SetIfAbsent(key string, v V) (V, bool) {
	p := m.part(key)
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.m[key]; ok {
		return old, false
	}
	p.m[key] = v
	return v, true
}

// Delete removes key.
func (m *Map[V]) Delete(key string) {
	p := m.part(key)
	p.mu.Lock()
	delete(p.m, key)
	p.mu.Unlock()
}

// Update runs fn with the value under key (ok false when absent) while the
// key's shard is locked; fn returns the new value and whether to keep it
// (false deletes the key). fn must not call back into m.
func (m *Map[V]) Update(key string, fn func(v V, ok bool) (V, bool)) {
	p := m.part(key)
	p.mu.Lock()
	defer p.mu.Unlock()
	old, ok := p.m[key]
	nv, keep := fn(old, ok)
	if keep {
		p.m[key] = nv
	} else if ok {
		delete(p.m, key)
	}
}

// Range calls fn for every entry, one shard at a time, with that shard
// locked; fn returns false to delete the entry. fn must not call back
// into m. Entries added or removed by other goroutines during Range may or
// may not be seen.
func (m *Map[V]) Range(fn func(key string, v V) (keep bool)) {
	for i := range m.shards {
		p := &m.shards[i]
		p.mu.Lock()
		for k, v := range p.m {
			if !fn(k, v) {
				delete(p.m, k)
			}
		}
		p.mu.Unlock()
	}
}

// UpdateAll calls fn for every entry, one shard at a time, with that shard
// locked; fn returns the entry's new value and whether to keep it. fn must
// not call back into m.
func (m *Map[V]) UpdateAll(fn func(key string, v V) (V, bool)) {
	for i := range m.shards {
		p := &m.shards[i]
		p.mu.Lock()
		for k, v := range p.m {
			if nv, keep := fn(k, v); keep {
				p.m[k] = nv
			} else {
				delete(p.m, k)
			}
		}
		p.mu.Unlock()
	}
}

// Len returns the number of entries.
func (m *Map[V]) Len() int {
	n := 0
	for i := range m.shards {
		p := &m.shards[i]
		p.mu.Lock()
		n += len(p.m)
		p.mu.Unlock()
	}
	return n
}
