package webui

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// builtApp is a small stand-in for Vite's output: the index page and one
// hashed asset.
var builtApp = fstest.MapFS{
	"index.html":           {Data: []byte(`<!doctype html><script type="module" src="/assets/index-abc.js"></script><div id="root"></div>`)},
	"assets/index-abc.js":  {Data: []byte(`console.log("app")`)},
	"assets/index-abc.css": {Data: []byte(`body{}`)},
}

// apiStub stands for the API mux: it answers every request it gets with 299
// so that a test can tell it was reached.
var apiStub = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(299)
})

func TestAppHandler(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		files      fstest.MapFS
		method     string
		target     string
		wantCode   int
		wantBody   string // a part of the body
		wantCache  string
		wantCookie bool
	}{
		{"index", builtApp, "GET", "/", 200, `<div id="root">`, "no-store", true},
		{"client route", builtApp, "GET", "/extensions", 200, `<div id="root">`, "no-store", true},
		{"nested client route", builtApp, "GET", "/scenarios/3", 200, `<div id="root">`, "no-store", true},
		{"trailing slash", builtApp, "GET", "/scenarios/", 200, `<div id="root">`, "no-store", true},
		{"index.html by name", builtApp, "GET", "/index.html", 200, `<div id="root">`, "no-store", true},
		{"asset", builtApp, "GET", "/assets/index-abc.js", 200, `console.log("app")`, "public, max-age=31536000, immutable", false},
		{"head of asset", builtApp, "HEAD", "/assets/index-abc.css", 200, "", "public, max-age=31536000, immutable", false},
		{"missing asset", builtApp, "GET", "/assets/index-old.js", 404, "no such file", "", false},
		{"missing file at root", builtApp, "GET", "/favicon.ico", 404, "no such file", "", false},
		{"directory", builtApp, "GET", "/assets", 200, `<div id="root">`, "no-store", true},
		{"dot-dot", builtApp, "GET", "/assets/../../spa.go", 404, "no such file", "", false},
		{"api stays the API's", builtApp, "GET", "/api/status", 299, "", "", false},
		{"api root stays the API's", builtApp, "GET", "/api", 299, "", "", false},
		{"websocket stays the API's", builtApp, "GET", "/api/ws", 299, "", "", false},
		{"post goes to the API mux", builtApp, "POST", "/extensions", 299, "", "", false},
		{"not built: index", fstest.MapFS{}, "GET", "/", 200, "run <code>make ui</code>", "no-store", true},
		{"not built: client route", fstest.MapFS{}, "GET", "/scenarios/1", 200, "run <code>make ui</code>", "no-store", true},
		{"not built: asset", fstest.MapFS{}, "GET", "/assets/index-abc.js", 404, "no such file", "", false},
		{"not built: api", fstest.MapFS{}, "GET", "/api/health", 299, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newAppHandler(tt.files, apiStub)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			if rec.Code != tt.wantCode || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Fatalf("%s %s = %d %q; want %d with %q", tt.method, tt.target, rec.Code, rec.Body, tt.wantCode, tt.wantBody)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("%s %s: Cache-Control %q; want %q", tt.method, tt.target, got, tt.wantCache)
			}
			gotCookie := strings.Contains(rec.Header().Get("Set-Cookie"), csrfCookie+"=")
			if gotCookie != tt.wantCookie {
				t.Errorf("%s %s: sets CSRF cookie %v; want %v", tt.method, tt.target, gotCookie, tt.wantCookie)
			}
		})
	}
}

// TestAppThroughServer checks the app as pbxd serves it, whichever build is
// embedded: the security headers, the CSRF cookie of the index page, a page
// that loads nothing from elsewhere, and the API's own 404.
func TestAppThroughServer(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.browser(t, "192.0.2.61:1")
	external := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`)
	for _, path := range []string{"/", "/extensions", "/scenarios/1"} {
		res := b.do("GET", path, nil)
		h := res.Header()
		if res.Code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s = %d %s; want 200 HTML", path, res.Code, h.Get("Content-Type"))
		}
		if csp := h.Get("Content-Security-Policy"); !contains(csp, "default-src 'self'", "frame-ancestors 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, h.Get("X-Content-Type-Options"))
		}
		if m := external.FindString(res.Body.String()); m != "" {
			t.Errorf("GET %s loads something from elsewhere: %q", path, m)
		}
	}
	first := b.cookies[csrfCookie]
	if first == nil || first.HttpOnly || first.SameSite != http.SameSiteStrictMode {
		t.Fatalf("GET / set CSRF cookie %+v; want a readable SameSite=Strict cookie", first)
	}
	if res := b.do("GET", "/", nil); res.cookie(csrfCookie) != nil {
		t.Fatalf("a second GET / replaced the CSRF cookie")
	}
	if res := b.do("GET", "/api/nothing", nil); res.Code != http.StatusNotFound || !contains(res.apiErr(t).Error, "check") {
		t.Fatalf("unknown API path = %d %s; want 404 JSON", res.Code, res.Body)
	}
	if res := b.do("GET", "/api/health", nil); res.Code != http.StatusOK {
		t.Fatalf("GET /api/health = %d; the app must not shadow the API", res.Code)
	}
}

// TestAppEmbedded checks that the embedded directory is one of the two
// things it may be: the built app with its index and assets, or the
// placeholder alone.
func TestAppEmbedded(t *testing.T) {
	t.Parallel()
	h := (&Server{}).spa(apiStub).(*appHandler)
	if h.index == nil {
		t.Log("the app is not built: pbxd serves the page that says to run make ui")
		return
	}
	m := regexp.MustCompile(`src="/(assets/[^"]+\.js)"`).FindSubmatch(h.index)
	if m == nil {
		t.Fatalf("the built index.html loads no script from /assets/:\n%s", h.index)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/"+string(m[1]), nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "javascript") {
		t.Fatalf("GET /%s = %d %s; want 200 JavaScript", m[1], rec.Code, rec.Header().Get("Content-Type"))
	}
}
