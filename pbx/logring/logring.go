// Package logring keeps the last lines of the daemon's log in memory, so the
// web UI can show them without reading files.
package logring

import (
	"bytes"
	"sync"
)

// Ring is an io.Writer that keeps the last Cap lines written to it. Put it
// behind a slog handler (slog writes each record with one Write call). It is
// safe for concurrent use.
type Ring struct {
	mu       sync.Mutex
	lines    []string
	next     int    // where the next line goes
	full     bool   // lines has wrapped around
	written  uint64 // lines written since New: the sequence number of the next line
	watchers map[chan struct{}]struct{}
}

// New returns a Ring that keeps up to capacity lines.
func New(capacity int) *Ring {
	if capacity < 1 {
		capacity = 1
	}
	return &Ring{lines: make([]string, capacity)}
}

// Write stores each complete or partial line of p as one entry.
func (r *Ring) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for line := range bytes.Lines(p) {
		r.lines[r.next] = string(bytes.TrimRight(line, "\n"))
		r.next++
		if r.next == len(r.lines) {
			r.next, r.full = 0, true
		}
		r.written++
	}
	for ch := range r.watchers {
		select {
		case ch <- struct{}{}:
		default: // the watcher has a signal it has not taken yet
		}
	}
	return len(p), nil
}

// Lines returns up to n of the most recent lines, oldest first.
func (r *Ring) Lines(n int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	have := r.next
	if r.full {
		have = len(r.lines)
	}
	n = max(0, min(n, have))
	out := make([]string, n)
	for i := range n {
		out[i] = r.lines[(r.next-n+i+len(r.lines))%len(r.lines)]
	}
	return out
}
