package webui

import (
	"net/http"
	"testing"
	"time"
)

const csrfRefusal = `{"error":"missing or wrong CSRF token: reload the page"}` + "\n"

func TestLoginNeedsCSRFToken(t *testing.T) {
	e := newTestEnv(t)
	e.setupAdmin(t)
	creds := map[string]string{"username": testUser, "password": testPassword}

	tests := []struct {
		name   string
		cookie string // hf_csrf cookie value; "" for none
		header string // X-CSRF-Token; "" for none
	}{
		{"no cookie, no header", "", ""},
		{"cookie, no header", "tokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ""},
		{"header, no cookie", "", "tokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"header differs from cookie", "tokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "tokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser(t, "192.0.2.20:1000")
			if tt.cookie != "" {
				b.cookies[csrfCookie] = &http.Cookie{Name: csrfCookie, Value: tt.cookie}
			}
			h := http.Header{}
			if tt.header != "" {
				h.Set(csrfHeader, tt.header)
			}
			res := b.doWith("POST", "/api/login", creds, h)
			if res.Code != http.StatusForbidden || res.Body.String() != csrfRefusal {
				t.Fatalf("login with the right password = %d %s; want 403 %s", res.Code, res.Body, csrfRefusal)
			}
			if res.cookie(sessionCookie) != nil {
				t.Fatalf("refused login set a session cookie")
			}
		})
	}

	t.Run("cross-origin browser request", func(t *testing.T) {
		b := e.browser(t, "192.0.2.21:1000")
		b.fetchCSRF()
		res := b.doWith("POST", "/api/login", creds, http.Header{"Sec-Fetch-Site": {"cross-site"}})
		if res.Code != http.StatusForbidden || res.cookie(sessionCookie) != nil {
			t.Fatalf("cross-site login = %d %s; want 403", res.Code, res.Body)
		}
	})

	t.Run("with token", func(t *testing.T) {
		b := e.browser(t, "192.0.2.22:1000")
		b.fetchCSRF()
		before := b.csrf
		res := b.loginWith(testUser, testPassword)
		if res.Code != http.StatusOK {
			t.Fatalf("login with CSRF token = %d %s; want 200", res.Code, res.Body)
		}
		sc := res.cookie(sessionCookie)
		if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteStrictMode || sc.Path != "/" || sc.Secure {
			t.Fatalf("session cookie = %+v; want HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP", sc)
		}
		cc := res.cookie(csrfCookie)
		if cc == nil || cc.HttpOnly || cc.SameSite != http.SameSiteStrictMode || cc.Value != b.csrf {
			t.Fatalf("CSRF cookie = %+v; want readable, SameSite=Strict, equal to the session's token %q", cc, b.csrf)
		}
		if b.csrf == before {
			t.Fatalf("CSRF token was not rotated at login")
		}
		// Only the hash of the token is stored.
		sessions, err := e.st.AdminSessions().List(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sessions {
			if s.TokenHash == sc.Value {
				t.Fatalf("session token stored in clear")
			}
		}

		// Logged in, the pre-login token no longer works.
		stale := http.Header{csrfHeader: {before}}
		if res := b.doWith("POST", "/api/extensions", map[string]string{"number": "100", "name": "x"}, stale); res.Code != http.StatusForbidden {
			t.Fatalf("logged-in POST with the pre-login token = %d; want 403", res.Code)
		}
		if res := b.do("GET", "/api/session", nil); res.Code != http.StatusOK {
			t.Fatalf("GET /api/session = %d; want 200", res.Code)
		}

		// Logout needs the token too, and ends the session for good.
		old := b.cookies[sessionCookie].Value
		saved := b.csrf
		b.csrf = ""
		if res := b.do("POST", "/api/logout", nil); res.Code != http.StatusForbidden {
			t.Fatalf("logout without token = %d; want 403", res.Code)
		}
		b.csrf = saved
		if res := b.do("POST", "/api/logout", nil); res.Code != http.StatusNoContent {
			t.Fatalf("logout = %d %s; want 204", res.Code, res.Body)
		}
		if res := b.do("GET", "/api/session", nil); res.Code != http.StatusUnauthorized {
			t.Fatalf("GET /api/session after logout = %d; want 401", res.Code)
		}
		b.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: old}
		if res := b.do("GET", "/api/session", nil); res.Code != http.StatusUnauthorized {
			t.Fatalf("replaying the logged-out session cookie = %d; want 401", res.Code)
		}
	})

	t.Run("TLS sets Secure", func(t *testing.T) {
		b := e.browser(t, "192.0.2.23:1000")
		b.fetchCSRF()
		res := b.do("POST", "https://box.example/api/login", creds)
		if sc := res.cookie(sessionCookie); res.Code != http.StatusOK || sc == nil || !sc.Secure {
			t.Fatalf("login over TLS = %d, cookie %+v; want 200 and a Secure cookie", res.Code, sc)
		}
	})
}

func TestLoginWrongPassword(t *testing.T) {
	e := newTestEnv(t)
	e.setupAdmin(t)
	tests := []struct{ user, password string }{
		{testUser, "wrong password!"},
		{"nobody", testPassword},
		{testUser, ""},
	}
	for _, tt := range tests {
		b := e.browser(t, "192.0.2.30:1000")
		b.fetchCSRF()
		res := b.loginWith(tt.user, tt.password)
		if res.Code != http.StatusUnauthorized || res.cookie(sessionCookie) != nil ||
			!contains(res.apiErr(t).Error, "wrong user name or password", "try again") {
			t.Errorf("login(%q, %q) = %d %s; want 401 with advice", tt.user, tt.password, res.Code, res.Body)
		}
	}
}

func TestSessionExpires(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	e.clock.Advance(sessionTTL - time.Second)
	if res := b.do("GET", "/api/session", nil); res.Code != http.StatusOK {
		t.Fatalf("GET /api/session just before expiry = %d; want 200", res.Code)
	}
	e.clock.Advance(time.Second)
	if res := b.do("GET", "/api/session", nil); res.Code != http.StatusUnauthorized {
		t.Fatalf("GET /api/session at expiry = %d; want 401", res.Code)
	}
	if n, _ := e.st.AdminSessions().List(t.Context()); len(n) != 0 {
		t.Fatalf("expired session still stored: %+v", n)
	}
}

func TestUnauthenticatedRefused(t *testing.T) {
	e := newTestEnv(t)
	e.setupAdmin(t)
	tests := []struct{ method, path string }{
		{"GET", "/api/status"},
		{"GET", "/api/logs"},
		{"GET", "/api/session"},
		{"GET", "/api/ws"},
		{"GET", "/api/extensions"},
		{"POST", "/api/extensions"},
		{"GET", "/api/extensions/1"},
		{"PUT", "/api/extensions/1"},
		{"DELETE", "/api/extensions/1"},
	}
	for _, tt := range tests {
		b := e.browser(t, "192.0.2.40:1000")
		b.fetchCSRF() // a valid double-submit token is not a login
		res := b.do(tt.method, tt.path, `{"number":"100","name":"x"}`)
		if res.Code != http.StatusUnauthorized || !contains(res.apiErr(t).Error, "log in") {
			t.Errorf("%s %s without login = %d %s; want 401 saying to log in", tt.method, tt.path, res.Code, res.Body)
		}
	}
	// A forged session cookie is no login either.
	b := e.browser(t, "192.0.2.41:1000")
	b.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: newToken()}
	if res := b.do("GET", "/api/status", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/status with a made-up session = %d; want 401", res.Code)
	}
}
