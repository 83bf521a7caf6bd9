package webui

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestResetOtherAdminsPassword: an admin who proves their own password
// sets another admin's, whose sessions end and whose old password stops
// working; never their own through this path; at most passwordResets
// within passwordResetWindow.
func TestResetOtherAdminsPassword(t *testing.T) {
	e := newTestEnv(t)
	anna := e.setupAdmin(t)
	var boris adminView
	mustCreateAdmin := func(name string) adminView {
		t.Helper()
		var a adminView
		res := anna.do("POST", "/api/admins", map[string]string{"username": name, "password": name + "'s long secret"})
		if res.Code != http.StatusCreated {
			t.Fatalf("add %s: %d %s", name, res.Code, res.Body)
		}
		res.decode(t, &a)
		return a
	}
	boris = mustCreateAdmin("boris")
	b := e.browser(t, "192.0.2.40:1")
	b.fetchCSRF()
	if res := b.loginWith("boris", "boris's long secret"); res.Code != http.StatusOK {
		t.Fatalf("boris logs in = %d %s", res.Code, res.Body)
	}
	var list []adminView
	anna.do("GET", "/api/admins", nil).decode(t, &list)
	me := list[0]
	path := fmt.Sprintf("/api/admins/%d/password", boris.ID)
	const fresh = "a fresh start for boris"

	tests := []struct {
		name  string
		path  string
		body  map[string]string
		code  int
		field string
	}{
		{"own", fmt.Sprintf("/api/admins/%d/password", me.ID), map[string]string{"your_password": testPassword, "new_password": fresh}, http.StatusConflict, "id"},
		{"short", path, map[string]string{"your_password": testPassword, "new_password": "short"}, http.StatusBadRequest, "new_password"},
		{"wrong own password", path, map[string]string{"your_password": "not my password", "new_password": fresh}, http.StatusForbidden, "your_password"},
		{"missing admin", "/api/admins/999/password", map[string]string{"your_password": testPassword, "new_password": fresh}, http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		res := anna.do("PUT", tt.path, tt.body)
		if res.Code != tt.code || res.apiErr(t).Field != tt.field {
			t.Errorf("%s: PUT %s = %d %s; want %d on %q", tt.name, tt.path, res.Code, res.Body, tt.code, tt.field)
		}
	}
	if res := b.do("GET", "/api/session", nil); res.Code != http.StatusOK {
		t.Fatalf("boris's session after the refused resets = %d; want it kept", res.Code)
	}

	res := anna.do("PUT", path, map[string]string{"your_password": testPassword, "new_password": fresh})
	var got adminView
	res.decode(t, &got)
	if res.Code != http.StatusOK || got.Username != "boris" || got.You || !got.PasswordChangedAt.Equal(e.clock.Now()) {
		t.Fatalf("reset boris = %d %s; want 200 with boris changed now", res.Code, res.Body)
	}
	if res := b.do("GET", "/api/session", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("boris's session after the reset = %d; want 401", res.Code)
	}
	if res := anna.do("GET", "/api/session", nil); res.Code != http.StatusOK {
		t.Errorf("anna's session after she reset boris = %d; want 200", res.Code)
	}
	b2 := e.browser(t, "192.0.2.41:1")
	b2.fetchCSRF()
	if res := b2.loginWith("boris", "boris's long secret"); res.Code != http.StatusUnauthorized {
		t.Errorf("boris logs in with the old password = %d; want 401", res.Code)
	}
	if res := b2.loginWith("boris", fresh); res.Code != http.StatusOK {
		t.Errorf("boris logs in with the new password = %d %s; want 200", res.Code, res.Body)
	}

	// One reset is done; passwordResets-1 more go, the next waits.
	for i := 1; i < passwordResets; i++ {
		if res := anna.do("PUT", path, map[string]string{"your_password": testPassword, "new_password": fmt.Sprintf("%s %d", fresh, i)}); res.Code != http.StatusOK {
			t.Fatalf("reset %d = %d %s; want 200", i+1, res.Code, res.Body)
		}
	}
	res = anna.do("PUT", path, map[string]string{"your_password": testPassword, "new_password": fresh + " again"})
	if res.Code != http.StatusTooManyRequests || res.Header().Get("Retry-After") == "" || !contains(res.apiErr(t).Error, "wait") {
		t.Errorf("reset %d within %s = %d %s; want 429 with Retry-After", passwordResets+1, passwordResetWindow, res.Code, res.Body)
	}
	e.clock.Advance(passwordResetWindow + time.Second)
	if res := anna.do("PUT", path, map[string]string{"your_password": testPassword, "new_password": fresh + " again"}); res.Code != http.StatusOK {
		t.Errorf("reset after the window = %d %s; want 200", res.Code, res.Body)
	}
}
