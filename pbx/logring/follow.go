package logring

// Since returns the lines written after sequence number seq (a next that
// Since returned before, or 0 for the start), at most the n most recent
// of them, oldest first, and the sequence number of the next line to be
// written. Lines the ring no longer holds, or beyond n, are skipped:
// next - seq - len(lines) of them.
func (r *Ring) Since(seq uint64, n int) (lines []string, next uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	next = r.written
	have := uint64(r.next)
	if r.full {
		have = uint64(len(r.lines))
	}
	if seq > next { // a sequence number of another ring, or of before a restart
		seq = next
	}
	count := min(next-seq, have, uint64(max(n, 0)))
	lines = make([]string, count)
	for i := range lines {
		lines[i] = r.lines[(r.next-int(count)+i+len(r.lines))%len(r.lines)]
	}
	return lines, next
}

// Watch returns a channel that receives a signal after lines are written,
// and a function that ends the watch. Signals are merged while the watcher
// has not taken the last one, so writing never waits for a watcher: after
// each signal, read everything new with Since.
func (r *Ring) Watch() (written <-chan struct{}, cancel func()) {
	ch := make(chan struct{}, 1)
	r.mu.Lock()
	if r.watchers == nil {
		r.watchers = map[chan struct{}]struct{}{}
	}
	r.watchers[ch] = struct{}{}
	r.mu.Unlock()
	return ch, func() {
		r.mu.Lock()
		delete(r.watchers, ch)
		r.mu.Unlock()
	}
}
