package webui

import (
	"encoding/json"
	"net/http"
	"testing"
)

// TestLabRoutes: the lab API reaches the simulated world with /api/lab
// stripped, only for a logged-in admin and with the CSRF token; without a
// simulated board it says the lab needs one.
func TestLabRoutes(t *testing.T) {
	var got []string
	world := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.Path)
		json.NewEncoder(w).Encode(map[string]string{"path": r.URL.Path})
	})
	e := newTestEnv(t, func(o *Options) { o.Lab = world })
	anon := e.browser(t, "192.0.2.9:1000")
	if res := anon.do("GET", "/api/lab", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/lab without a session = %d; want 401", res.Code)
	}
	b := e.setupAdmin(t)
	var sess sessionInfo
	b.do("GET", "/api/session", nil).decode(t, &sess)
	if !sess.Lab {
		t.Errorf("GET /api/session on the simulated board = %+v; want lab true", sess)
	}
	if res := b.do("GET", "/api/lab", nil); res.Code != http.StatusOK {
		t.Errorf("GET /api/lab = %d %s; want 200", res.Code, res.Body)
	}
	if res := b.do("POST", "/api/lab/phones/fxs1/offhook", nil); res.Code != http.StatusOK {
		t.Errorf("POST offhook = %d %s; want 200", res.Code, res.Body)
	}
	csrf := b.csrf
	b.csrf = ""
	if res := b.do("POST", "/api/lab/phones/fxs1/onhook", nil); res.Code != http.StatusForbidden {
		t.Errorf("POST onhook without the CSRF token = %d; want 403", res.Code)
	}
	b.csrf = csrf
	want := []string{"GET /", "POST /phones/fxs1/offhook"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("the world saw %q; want %q", got, want)
	}

	real := newTestEnv(t)
	rb := real.setupAdmin(t)
	rb.do("GET", "/api/session", nil).decode(t, &sess)
	if sess.Lab {
		t.Errorf("GET /api/session on a real board = %+v; want lab false", sess)
	}
	res := rb.do("GET", "/api/lab", nil)
	if res.Code != http.StatusNotFound || !contains(res.apiErr(t).Error, "simulated board") {
		t.Errorf("GET /api/lab on a real board = %d %s; want 404 naming the simulated board", res.Code, res.Body)
	}
}
