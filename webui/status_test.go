package webui

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

func TestHealthIsPublic(t *testing.T) {
	e := newTestEnv(t)
	ext := store.Extension{Number: "100", Name: "A", Outbound: store.OutboundInternal}
	if err := e.st.Extensions().Create(context.Background(), &ext); err != nil {
		t.Fatal(err)
	}
	res := e.browser(t, "192.0.2.50:1").do("GET", "/api/health", nil)
	var v struct {
		Status   string `json:"status"`
		Version  string `json:"version"`
		Revision int64  `json:"revision"`
	}
	res.decode(t, &v)
	if res.Code != http.StatusOK || v.Status != "ok" || v.Version != "v1.2.3-test" || v.Revision != 1 {
		t.Fatalf("GET /api/health = %d %s; want ok, the version and revision 1", res.Code, res.Body)
	}
}

func TestStatusAndLogs(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	for _, n := range []string{"100", "101"} {
		ext := store.Extension{Number: n, Name: "Ext " + n, Outbound: store.OutboundInternal}
		if err := e.st.Extensions().Create(context.Background(), &ext); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Advance(90 * time.Second)
	res := b.do("GET", "/api/status", nil)
	var st Status
	res.decode(t, &st)
	if res.Code != http.StatusOK || st.Version != "v1.2.3-test" || st.Board != "sim" || st.SIPAddr != "127.0.0.1:5060" ||
		st.Revision != 2 || st.UptimeSec != 90 || st.Extensions != 2 || st.Trunks != 0 || st.Routes != 0 ||
		st.HeapBytes == 0 || st.Goroutines == 0 {
		t.Fatalf("GET /api/status = %d %+v", res.Code, st)
	}

	tests := []struct {
		query    string
		wantCode int
		want     []string
	}{
		{"", http.StatusOK, []string{"line 1", "line 2", "line 3"}},
		{"?n=2", http.StatusOK, []string{"line 2", "line 3"}},
		{"?n=0", http.StatusBadRequest, nil},
		{"?n=lots", http.StatusBadRequest, nil},
	}
	for _, tt := range tests {
		res := b.do("GET", "/api/logs"+tt.query, nil)
		var v struct {
			Lines []string `json:"lines"`
		}
		res.decode(t, &v)
		if res.Code != tt.wantCode || strings.Join(v.Lines, "|") != strings.Join(tt.want, "|") {
			t.Errorf("GET /api/logs%s = %d %s; want %d %q", tt.query, res.Code, res.Body, tt.wantCode, tt.want)
		}
	}
}

func TestPageHeadersAndAssets(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser(t, "192.0.2.60:1")
	external := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9]`)
	for _, path := range []string{"/", "/assets/app.js", "/assets/app.css"} {
		res := b.do("GET", path, nil)
		h := res.Header()
		if res.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, res.Code)
		}
		if csp := h.Get("Content-Security-Policy"); !contains(csp, "default-src 'self'", "frame-ancestors 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q", path, h.Get("X-Content-Type-Options"))
		}
		// The page loads nothing from anywhere else. (The script builds its
		// websocket URL from location.host.)
		if m := external.FindString(res.Body.String()); m != "" {
			t.Errorf("GET %s refers to an external URL: %q", path, m)
		}
	}
	res := b.do("GET", "/", nil)
	if !contains(res.Body.String(), `id="setup-form"`, `id="login-form"`, `id="status"`) {
		t.Fatalf("page lacks the setup form, the login form or the status panel")
	}
	// GET / set the CSRF cookie the forms need; a second GET keeps it.
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
}
