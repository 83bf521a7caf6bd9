package webui

import (
	"fmt"
	"net/http"
	"testing"
)

func TestAdminsAddListRemove(t *testing.T) {
	e := newTestEnv(t)
	anna := e.setupAdmin(t)

	tests := []struct {
		body  map[string]string
		code  int
		field string
	}{
		{map[string]string{"username": " ", "password": testPassword}, http.StatusBadRequest, "username"},
		{map[string]string{"username": "boris", "password": "short"}, http.StatusBadRequest, "password"},
		{map[string]string{"username": testUser, "password": testPassword}, http.StatusConflict, "username"},
		{map[string]string{"username": "boris", "password": "boris's long secret"}, http.StatusCreated, ""},
	}
	var boris adminView
	for _, tc := range tests {
		res := anna.do("POST", "/api/admins", tc.body)
		if res.Code != tc.code {
			t.Fatalf("POST /api/admins %v = %d %s; want %d", tc.body, res.Code, res.Body, tc.code)
		}
		if tc.code == http.StatusCreated {
			res.decode(t, &boris)
		} else if f := res.apiErr(t).Field; f != tc.field {
			t.Errorf("POST /api/admins %v: field %q; want %q", tc.body, f, tc.field)
		}
	}

	var list []adminView
	res := anna.do("GET", "/api/admins", nil)
	res.decode(t, &list)
	if len(list) != 2 || !list[0].You || list[1].You || list[1].Username != "boris" {
		t.Fatalf("GET /api/admins = %s; want anna (you) and boris", res.Body)
	}
	if contains(res.Body.String(), "argon2") {
		t.Errorf("GET /api/admins shows a password hash: %s", res.Body)
	}

	b := e.browser(t, "192.0.2.40:1")
	b.fetchCSRF()
	if res := b.loginWith("boris", "boris's long secret"); res.Code != http.StatusOK {
		t.Fatalf("boris logs in = %d %s", res.Code, res.Body)
	}
	// Nobody removes themselves; boris removes anna, then cannot remove
	// himself, the last admin.
	if res := anna.do("DELETE", fmt.Sprintf("/api/admins/%d", list[0].ID), nil); res.Code != http.StatusConflict || res.apiErr(t).Field != "id" {
		t.Errorf("anna removes herself = %d %s; want 409", res.Code, res.Body)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/admins/%d", list[0].ID), nil); res.Code != http.StatusNoContent {
		t.Fatalf("boris removes anna = %d %s; want 204", res.Code, res.Body)
	}
	if res := anna.do("GET", "/api/session", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("anna's session after her removal = %d; want 401", res.Code)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/admins/%d", boris.ID), nil); res.Code != http.StatusConflict {
		t.Errorf("boris removes himself, the last = %d %s; want 409", res.Code, res.Body)
	}
	if res := b.do("DELETE", "/api/admins/999", nil); res.Code != http.StatusNotFound {
		t.Errorf("remove a missing admin = %d %s; want 404", res.Code, res.Body)
	}
}

func TestChangeOwnPassword(t *testing.T) {
	e := newTestEnv(t)
	here := e.setupAdmin(t)
	there := e.browser(t, "192.0.2.50:1")
	there.fetchCSRF()
	if res := there.loginWith(testUser, testPassword); res.Code != http.StatusOK {
		t.Fatal(res.Body)
	}
	const newPassword = "a brand new passphrase"

	tests := []struct {
		current, next string
		code          int
		field         string
	}{
		{testPassword, "short", http.StatusBadRequest, "new_password"},
		{"wrong password!", newPassword, http.StatusForbidden, "current_password"},
		{testPassword, newPassword, http.StatusOK, ""},
	}
	for _, tc := range tests {
		res := here.do("PUT", "/api/admins/me/password", map[string]string{"current_password": tc.current, "new_password": tc.next})
		if res.Code != tc.code {
			t.Fatalf("change %q -> %q = %d %s; want %d", tc.current, tc.next, res.Code, res.Body, tc.code)
		}
		if tc.field != "" {
			if f := res.apiErr(t).Field; f != tc.field {
				t.Errorf("change %q -> %q: field %q; want %q", tc.current, tc.next, f, tc.field)
			}
		}
	}
	if res := here.do("GET", "/api/session", nil); res.Code != http.StatusOK {
		t.Errorf("this session after the change = %d; want kept", res.Code)
	}
	if res := there.do("GET", "/api/session", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("the other session after the change = %d; want ended", res.Code)
	}
	again := e.browser(t, "192.0.2.51:1")
	again.fetchCSRF()
	if res := again.loginWith(testUser, testPassword); res.Code != http.StatusUnauthorized {
		t.Errorf("login with the old password = %d; want 401", res.Code)
	}
	if res := again.loginWith(testUser, newPassword); res.Code != http.StatusOK {
		t.Errorf("login with the new password = %d %s; want 200", res.Code, res.Body)
	}
}
