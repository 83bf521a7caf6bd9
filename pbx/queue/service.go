package queue

import (
	"cmp"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Opts configures a Service.
type Opts struct {
	Logger *slog.Logger
}

// Service holds the queues: who waits in each, in order, and what each
// agent is doing. It is safe for concurrent use.
type Service struct {
	log     *slog.Logger
	stopped chan struct{}
	stop    sync.Once

	mu     sync.Mutex
	queues map[string]*queue
}

// New returns a running Service with no queues; a queue exists while
// callers wait in it or its agents' statistics are kept.
func New(o Opts) *Service {
	return &Service{log: cmp.Or(o.Logger, slog.Default()), stopped: make(chan struct{}), queues: map[string]*queue{}}
}

// Stop makes every caller waiting in any queue, and every caller who
// comes later, leave by timeout. Calls already put through to an agent go
// on. It may be called more than once.
func (s *Service) Stop() { s.stop.Do(func() { close(s.stopped) }) }

// Waiting returns how many callers wait in the queue named name, being
// rung or not.
func (s *Service) Waiting(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if q := s.queues[name]; q != nil {
		return len(q.waiters)
	}
	return 0
}

// queue is one named queue. Its fields are guarded by Service.mu.
type queue struct {
	waiters []*waiter
	stats   map[string]*agentStats
	last    string // the agent round robin rang last
}

// waiter is one caller in a queue.
type waiter struct {
	q       *queue
	opts    *Call
	wake    chan struct{} // poked when an agent may have become free
	ringing bool
	tried   map[string]bool // agents rung without an answer since the last round
}

// join adds a caller at the end of the queue named name.
func (s *Service) join(name string, o *Call) *waiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queues[name]
	if q == nil {
		q = &queue{stats: map[string]*agentStats{}}
		s.queues[name] = q
	}
	w := &waiter{q: q, opts: o, wake: make(chan struct{}, 1), tried: map[string]bool{}}
	q.waiters = append(q.waiters, w)
	s.wakeAll(q)
	return w
}

// leave removes w from its queue, whatever it was doing.
func (s *Service) leave(w *waiter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := w.q
	if i := slices.Index(q.waiters, w); i >= 0 {
		q.waiters = slices.Delete(q.waiters, i, i+1)
	}
	s.wakeAll(q)
}

// position returns w's place in its queue, from 1.
func (s *Service) position(w *waiter) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Index(w.q.waiters, w) + 1
}

// wakeAll pokes every waiter of q; s.mu is held.
func (s *Service) wakeAll(q *queue) {
	for _, w := range q.waiters {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// stat returns the statistics of agent number; s.mu is held.
func (q *queue) stat(number string) *agentStats {
	st := q.stats[number]
	if st == nil {
		st = &agentStats{}
		q.stats[number] = st
	}
	return st
}

// free returns the agents of w (indexes) that may be rung now: available,
// not talking to or being rung for a caller of this queue; s.mu is held.
func (q *queue) free(w *waiter) []int {
	var out []int
	for i, a := range w.opts.Agents {
		st := q.stat(a.Number)
		if st.reserved || st.talking || len(a.Targets) == 0 {
			continue
		}
		if w.opts.Available != nil && !w.opts.Available(a.Number) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// claim reserves, by w's strategy, the agents to ring for w, when w is
// the first caller not being rung that some free agent can take. It
// returns nil when w must wait.
func (s *Service) claim(w *waiter) []Agent {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := w.q
	if w.ringing {
		return nil
	}
	for _, ahead := range q.waiters {
		if ahead == w {
			break
		}
		if !ahead.ringing && len(q.free(ahead)) > 0 {
			return nil // served first
		}
	}
	free := q.free(w)
	if len(free) == 0 {
		return nil
	}
	untried := slices.DeleteFunc(slices.Clone(free), func(i int) bool { return w.tried[w.opts.Agents[i].Number] })
	if len(untried) == 0 { // a new round
		clear(w.tried)
		untried = free
	}
	picked := w.opts.Strategy.pick(w.opts.Agents, untried, q.stats, q.last)
	var out []Agent
	for _, i := range picked {
		a := w.opts.Agents[i]
		q.stat(a.Number).reserved = true
		w.tried[a.Number] = true
		out = append(out, a)
	}
	if len(out) > 0 {
		w.ringing = true
		if w.opts.Strategy == RoundRobin {
			q.last = out[0].Number
		}
	}
	return out
}

// unclaim frees the agents rung for w, none of whom answered.
func (s *Service) unclaim(w *waiter, agents []Agent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range agents {
		w.q.stat(a.Number).reserved = false
	}
	w.ringing = false
	s.wakeAll(w.q)
}

// answered takes w out of the queue and marks agent as talking; the other
// agents rung for w are free again.
func (s *Service) answered(w *waiter, agents []Agent, agent string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := w.q
	for _, a := range agents {
		q.stat(a.Number).reserved = false
	}
	st := q.stat(agent)
	st.talking = true
	st.calls++
	w.ringing = false
	if i := slices.Index(q.waiters, w); i >= 0 {
		q.waiters = slices.Delete(q.waiters, i, i+1)
	}
	s.wakeAll(q)
}

// hungUp marks agent free again after a queue call that ended at end.
func (s *Service) hungUp(q *queue, agent string, end time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := q.stat(agent)
	st.talking = false
	st.lastEnd = end
	s.wakeAll(q)
}
