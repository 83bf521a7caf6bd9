package media

import (
	"fmt"
	"sync"
)

// portPool hands out RTP ports from a range: even ports, each with the odd
// port above it for RTCP. It cycles through the range instead of reusing
// the port just freed, so that late packets of an ended call do not land in
// a new one. It is safe for concurrent use.
type portPool struct {
	min, max int // first even port and last usable port of the range

	mu   sync.Mutex
	used []bool // by pair index: port min+2*i
	next int    // pair index to try first
	free int    // pairs not in use
}

// newPortPool returns a pool over the pairs of [lo, hi]: the first even
// port at or above lo up to the last pair that fits below hi.
func newPortPool(lo, hi int) (*portPool, error) {
	if lo%2 == 1 {
		lo++
	}
	if lo < 1024 || hi > 65535 || hi < lo+1 {
		return nil, fmt.Errorf("media: RTP port range %d-%d: want an even port from 1024 up and at least one RTP/RTCP pair below 65536", lo, hi)
	}
	n := (hi - lo + 1) / 2
	return &portPool{min: lo, max: hi, used: make([]bool, n), free: n}, nil
}

// acquire takes the next free pair and returns its RTP port, or false when
// all pairs are in use.
func (p *portPool) acquire() (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.free == 0 {
		return 0, false
	}
	for range p.used {
		i := p.next
		p.next = (p.next + 1) % len(p.used)
		if !p.used[i] {
			p.used[i] = true
			p.free--
			return p.min + 2*i, true
		}
	}
	return 0, false
}

// release gives the pair of RTP port port back.
func (p *portPool) release(port int) {
	i := (port - p.min) / 2
	p.mu.Lock()
	defer p.mu.Unlock()
	if i >= 0 && i < len(p.used) && p.used[i] {
		p.used[i] = false
		p.free++
	}
}

// size returns how many pairs the pool has.
func (p *portPool) size() int { return len(p.used) }
