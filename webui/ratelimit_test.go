package webui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"
)

func TestTenthWrongPasswordInAMinuteRefused(t *testing.T) {
	e := newTestEnv(t)
	e.setupAdmin(t)
	attacker := e.browser(t, "203.0.113.5:50000")
	attacker.fetchCSRF()

	for i := 1; i <= 10; i++ {
		e.clock.Advance(time.Second) // ten tries within ten seconds
		res := attacker.loginWith(testUser, fmt.Sprintf("guess number %d", i))
		want := http.StatusUnauthorized
		if i > loginFailures {
			want = http.StatusTooManyRequests
		}
		if res.Code != want {
			t.Fatalf("wrong password #%d = %d %s; want %d", i, res.Code, res.Body, want)
		}
		if want == http.StatusTooManyRequests {
			if ra := res.Header().Get("Retry-After"); ra == "" || !contains(res.apiErr(t).Error, "wait", "try again") {
				t.Fatalf("wrong password #%d: Retry-After %q, body %s; want a wait time", i, ra, res.Body)
			}
		}
	}
	// The right password is not even checked while the address is blocked.
	if res := attacker.loginWith(testUser, testPassword); res.Code != http.StatusTooManyRequests {
		t.Fatalf("right password while blocked = %d; want 429", res.Code)
	}
	// Another port on the same host is the same client.
	samehost := e.browser(t, "203.0.113.5:50001")
	samehost.fetchCSRF()
	if res := samehost.loginWith(testUser, testPassword); res.Code != http.StatusTooManyRequests {
		t.Fatalf("same host, other port = %d; want 429", res.Code)
	}
	// X-Forwarded-For does not let the attacker out.
	spoof := http.Header{"X-Forwarded-For": {"198.51.100.99"}}
	if res := attacker.doWith("POST", "/api/login", map[string]string{"username": testUser, "password": testPassword}, spoof); res.Code != http.StatusTooManyRequests {
		t.Fatalf("with X-Forwarded-For = %d; want 429", res.Code)
	}

	// Another address is not affected.
	other := e.browser(t, "198.51.100.7:40000")
	other.fetchCSRF()
	if res := other.loginWith(testUser, testPassword); res.Code != http.StatusOK {
		t.Fatalf("login from another address = %d %s; want 200", res.Code, res.Body)
	}

	// The five counted failures were at +1 s to +5 s (the refused tries do
	// not count), and the clock is at +10 s: the window frees up at +61 s.
	e.clock.Advance(40 * time.Second) // +50 s
	res := attacker.loginWith(testUser, testPassword)
	if res.Code != http.StatusTooManyRequests || res.Header().Get("Retry-After") != "11" {
		t.Fatalf("at +50 s = %d, Retry-After %q; want 429 with 11", res.Code, res.Header().Get("Retry-After"))
	}
	e.clock.Advance(11 * time.Second) // +61 s
	if res := attacker.loginWith(testUser, testPassword); res.Code != http.StatusOK {
		t.Fatalf("after the window passed = %d %s; want 200", res.Code, res.Body)
	}
}

func TestWrongSetupCodesRateLimited(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser(t, "203.0.113.6:50000")
	b.fetchCSRF()
	for i := 1; i <= loginFailures+1; i++ {
		res := b.do("POST", "/api/setup", map[string]string{"code": "AAAA-AAAA-AAAA", "username": testUser, "password": testPassword})
		want := http.StatusForbidden
		if i > loginFailures {
			want = http.StatusTooManyRequests
		}
		if res.Code != want {
			t.Fatalf("wrong setup code #%d = %d %s; want %d", i, res.Code, res.Body, want)
		}
	}
}

func TestLimiterSlidingWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(3, time.Minute, 100)
		l.fail("a", time.Now()) // t=0
		time.Sleep(20 * time.Second)
		l.fail("a", time.Now()) // t=20
		time.Sleep(20 * time.Second)
		l.fail("a", time.Now()) // t=40
		if got := l.wait("a", time.Now()); got != 20*time.Second {
			t.Fatalf("wait at t=40 = %v; want 20s", got)
		}
		if got := l.wait("b", time.Now()); got != 0 {
			t.Fatalf("wait of another client = %v; want 0", got)
		}
		time.Sleep(20 * time.Second) // t=60: the first failure leaves the window
		if got := l.wait("a", time.Now()); got != 0 {
			t.Fatalf("wait at t=60 = %v; want 0", got)
		}
		l.fail("a", time.Now()) // t=60: failures at 20, 40, 60
		if got := l.wait("a", time.Now()); got != 20*time.Second {
			t.Fatalf("wait after a new failure at t=60 = %v; want 20s", got)
		}
		time.Sleep(2 * time.Minute)
		if got := l.wait("a", time.Now()); got != 0 || len(l.clients) != 0 {
			t.Fatalf("after the window: wait %v, %d clients remembered; want 0 and none", got, len(l.clients))
		}
	})
}

func TestLimiterMemoryBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const capacity = 8
		l := newLimiter(3, time.Minute, capacity)
		for i := range 100 {
			l.fail(fmt.Sprintf("10.0.0.%d", i), time.Now())
			time.Sleep(time.Second)
			if len(l.clients) > capacity {
				t.Fatalf("after %d clients the limiter remembers %d; want at most %d", i+1, len(l.clients), capacity)
			}
		}
		// The most recent clients are the ones remembered.
		l.fail("10.0.0.99", time.Now())
		l.fail("10.0.0.99", time.Now())
		if l.wait("10.0.0.99", time.Now()) == 0 {
			t.Fatalf("the latest client was forgotten")
		}
	})
}

func TestClientKey(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:443", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.1]:80", "192.0.2.1"},
		{"[fe80::1%eth0]:80", "fe80::/64"},
		{"not-an-address", "not-an-address"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		r.Header.Set("X-Forwarded-For", "198.51.100.1")
		if got := clientKey(r); got != tt.want {
			t.Errorf("clientKey(%q) = %q; want %q", tt.remote, got, tt.want)
		}
	}
}
