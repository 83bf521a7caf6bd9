package queue

import (
	"fmt"
	"time"
)

// Strategy says which agents ring for the caller at the head of a queue.
type Strategy string

// The strategies.
const (
	RingAll     Strategy = "ring_all"     // every free agent at once
	RoundRobin  Strategy = "round_robin"  // the free agent after the one rung last, in list order
	LeastRecent Strategy = "least_recent" // the free agent whose last queue call ended longest ago
	FewestCalls Strategy = "fewest_calls" // the free agent who has answered the fewest queue calls
)

// Check returns an error unless s is one of the strategies.
func (s Strategy) Check() error {
	switch s {
	case RingAll, RoundRobin, LeastRecent, FewestCalls:
		return nil
	}
	return fmt.Errorf("queue: strategy %q; use %s, %s, %s or %s", string(s), RingAll, RoundRobin, LeastRecent, FewestCalls)
}

// agentStats is what a queue knows of one agent.
type agentStats struct {
	reserved bool      // being rung for a caller
	talking  bool      // talking to a caller of this queue
	calls    int       // queue calls answered
	lastEnd  time.Time // when the last queue call ended; zero: never
}

// pick chooses among free, the agents (indexes into agents, in list order)
// that may ring now, those to ring by s. last is the agent rung last by
// round robin.
func (s Strategy) pick(agents []Agent, free []int, stats map[string]*agentStats, last string) []int {
	if len(free) == 0 {
		return nil
	}
	switch s {
	case RingAll:
		return free
	case RoundRobin:
		from := -1
		for i, a := range agents {
			if a.Number == last {
				from = i
			}
		}
		best := free[0]
		for _, i := range free {
			if i > from {
				best = i
				break
			}
		}
		return []int{best}
	case LeastRecent:
		best := free[0]
		for _, i := range free[1:] {
			if stats[agents[i].Number].lastEnd.Before(stats[agents[best].Number].lastEnd) {
				best = i
			}
		}
		return []int{best}
	case FewestCalls:
		best := free[0]
		for _, i := range free[1:] {
			if stats[agents[i].Number].calls < stats[agents[best].Number].calls {
				best = i
			}
		}
		return []int{best}
	}
	return nil
}
