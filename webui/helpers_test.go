package webui

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// fakeClock is a clock that moves only when told. It is safe for concurrent
// use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testEnv is a Server on a fresh database with a fake clock.
type testEnv struct {
	st     *store.Store
	dbPath string
	srv    *Server
	clock  *fakeClock
}

// fakeLogs is a LogSource holding fixed lines.
type fakeLogs []string

func (l fakeLogs) Lines(n int) []string {
	if n > len(l) {
		n = len(l)
	}
	return l[len(l)-n:]
}

// newTestEnv is a Server on a fresh store; edit changes its Options.
func newTestEnv(t *testing.T, edit ...func(*Options)) *testEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pbx.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	o := Options{
		Store:   st,
		Logs:    fakeLogs{"line 1", "line 2", "line 3"},
		Version: "v1.2.3-test",
		Board:   "sim",
		SIPAddr: "127.0.0.1:5060",
		Now:     clock.Now,
	}
	for _, f := range edit {
		f(&o)
	}
	srv, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Close()
		st.Close()
	})
	return &testEnv{st: st, dbPath: path, srv: srv, clock: clock}
}

// browser is a minimal cookie-keeping client that calls the handler
// directly, from a chosen remote address.
type browser struct {
	t       *testing.T
	h       http.Handler
	addr    string // RemoteAddr, host:port
	cookies map[string]*http.Cookie
	csrf    string // sent as X-CSRF-Token on state-changing requests when set
}

func (e *testEnv) browser(t *testing.T, addr string) *browser {
	return &browser{t: t, h: e.srv.Handler(), addr: addr, cookies: map[string]*http.Cookie{}}
}

// response is a finished response.
type response struct {
	*httptest.ResponseRecorder
}

// decode decodes the body into v, failing the test if it is not JSON.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body.Bytes(), v); err != nil {
		t.Fatalf("response body %q is not JSON: %v", r.Body.String(), err)
	}
}

// apiErr returns the body as an apiError.
func (r response) apiErr(t *testing.T) apiError {
	t.Helper()
	var e apiError
	r.decode(t, &e)
	return e
}

// cookie returns the response's Set-Cookie named name, or nil.
func (r response) cookie(name string) *http.Cookie {
	for _, c := range r.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// do sends a request with the browser's cookies and, on a state-changing
// method, its CSRF token. body is JSON-encoded unless it is a string.
func (b *browser) do(method, target string, body any) response {
	b.t.Helper()
	return b.doWith(method, target, body, nil)
}

func (b *browser) doWith(method, target string, body any, header http.Header) response {
	b.t.Helper()
	var rd *bytes.Reader
	switch v := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(v))
	default:
		data, err := json.Marshal(v)
		if err != nil {
			b.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, target, rd)
	req.RemoteAddr = b.addr
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	if b.csrf != "" && stateChanging(method) {
		req.Header.Set(csrfHeader, b.csrf)
	}
	for k, vs := range header {
		req.Header.Del(k)
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return response{rec}
}

// fetchCSRF gets the double-submit token as the page does.
func (b *browser) fetchCSRF() {
	b.t.Helper()
	res := b.do("GET", "/api/csrf", nil)
	var v struct {
		Token string `json:"csrf_token"`
	}
	res.decode(b.t, &v)
	if res.Code != http.StatusOK || v.Token == "" {
		b.t.Fatalf("GET /api/csrf = %d %s; want 200 with a token", res.Code, res.Body)
	}
	b.csrf = v.Token
}

// loginWith posts the login form and, on success, takes the session's CSRF
// token.
func (b *browser) loginWith(username, password string) response {
	b.t.Helper()
	res := b.do("POST", "/api/login", map[string]string{"username": username, "password": password})
	if res.Code == http.StatusOK {
		var s sessionInfo
		res.decode(b.t, &s)
		b.csrf = s.CSRFToken
	}
	return res
}

// Credentials of the admin that setupAdmin creates.
const (
	testUser     = "admin"
	testPassword = "correct horse battery"
)

// setupAdmin runs first-time setup through the API and returns the
// browser, logged in as testUser.
func (e *testEnv) setupAdmin(t *testing.T) *browser {
	t.Helper()
	code, err := NewSetupCode(context.Background(), e.st, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(t, "192.0.2.10:40000")
	b.fetchCSRF()
	res := b.do("POST", "/api/setup", map[string]string{"code": code, "username": testUser, "password": testPassword})
	if res.Code != http.StatusOK {
		t.Fatalf("POST /api/setup = %d %s; want 200", res.Code, res.Body)
	}
	var s sessionInfo
	res.decode(t, &s)
	b.csrf = s.CSRFToken
	return b
}

// contains reports whether s contains every one of subs.
func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
