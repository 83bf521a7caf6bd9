package webui

import (
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// The login rate limit: at most loginFailures failed logins or setup codes
// per client address within a sliding loginWindow. At most maxTrackedClients
// addresses are remembered; beyond that the one that failed least recently
// is forgotten.
const (
	loginFailures     = 5
	loginWindow       = time.Minute
	maxTrackedClients = 4096
)

// limiter counts failures per client address in a sliding window. It is
// safe for concurrent use.
type limiter struct {
	max    int
	window time.Duration
	cap    int

	mu      sync.Mutex
	clients map[string][]time.Time // failure times, oldest first, at most max
}

func newLimiter(max int, window time.Duration, capacity int) *limiter {
	return &limiter{max: max, window: window, cap: capacity, clients: map[string][]time.Time{}}
}

// wait returns how long client must wait before its next attempt is
// allowed, or 0 if it may try now.
func (l *limiter) wait(client string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	fails := l.prune(client, now)
	if len(fails) < l.max {
		return 0
	}
	return fails[0].Add(l.window).Sub(now)
}

// fail records a failed attempt by client at now.
func (l *limiter) fail(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fails := l.prune(client, now)
	if fails == nil && len(l.clients) >= l.cap {
		l.evict(now)
	}
	if len(fails) == l.max {
		fails = fails[1:]
	}
	l.clients[client] = append(fails, now)
}

// prune drops client's failures that left the window and returns the rest.
// The caller holds l.mu.
func (l *limiter) prune(client string, now time.Time) []time.Time {
	fails := l.clients[client]
	i := 0
	for i < len(fails) && !fails[i].Add(l.window).After(now) {
		i++
	}
	if i == len(fails) {
		delete(l.clients, client)
		return nil
	}
	fails = fails[i:]
	l.clients[client] = fails
	return fails
}

// evict makes room for one client: it forgets every client whose failures
// all left the window, or failing that the one whose last failure is the
// oldest. The caller holds l.mu.
func (l *limiter) evict(now time.Time) {
	var oldest string
	var oldestAt time.Time
	for c, fails := range l.clients {
		last := fails[len(fails)-1]
		if !last.Add(l.window).After(now) {
			delete(l.clients, c)
			continue
		}
		if oldest == "" || last.Before(oldestAt) {
			oldest, oldestAt = c, last
		}
	}
	if len(l.clients) >= l.cap {
		delete(l.clients, oldest)
	}
}

// clientKey returns the rate-limit key of r's client: the host of its
// connection's remote address, with IPv6 addresses grouped by their /64
// prefix, which one client usually owns whole. Headers such as
// X-Forwarded-For are ignored: anyone can set them.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is6() {
		return netip.PrefixFrom(addr, 64).Masked().String()
	}
	return addr.String()
}
