package webui

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func setupNeededIs(t *testing.T, b *browser, want bool) {
	t.Helper()
	res := b.do("GET", "/api/setup", nil)
	var v struct {
		Needed bool `json:"needed"`
	}
	res.decode(t, &v)
	if res.Code != http.StatusOK || v.Needed != want {
		t.Fatalf("GET /api/setup = %d %s; want 200 with needed %v", res.Code, res.Body, want)
	}
}

func TestSetupCodeWorksOnce(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	b := e.browser(t, "192.0.2.1:1111")
	setupNeededIs(t, b, false)

	code, err := NewSetupCode(ctx, e.st, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	setupNeededIs(t, b, true)
	b.fetchCSRF()

	wrong := "ZZZZ-ZZZZ-ZZZZ"
	if code == wrong {
		wrong = "YYYY-YYYY-YYYY"
	}
	// The steps run in order: each leaves the box in the state the next one
	// expects.
	steps := []struct {
		name      string
		code      string
		password  string
		wantCode  int
		wantField string
		wantMsg   string
	}{
		{"short password", code, "short", http.StatusBadRequest, "password", "at least 10 characters"},
		{"wrong code", wrong, testPassword, http.StatusForbidden, "code", "wrong setup code"},
		{"garbage code", "not a code!", testPassword, http.StatusForbidden, "code", "wrong setup code"},
		{"right code", code, testPassword, http.StatusOK, "", ""},
		{"replayed code", code, testPassword, http.StatusForbidden, "code", "no setup code is waiting"},
	}
	for _, s := range steps {
		res := b.do("POST", "/api/setup", map[string]string{"code": s.code, "username": testUser, "password": s.password})
		if res.Code != s.wantCode {
			t.Fatalf("%s: POST /api/setup = %d %s; want %d", s.name, res.Code, res.Body, s.wantCode)
		}
		if s.wantCode != http.StatusOK {
			if e := res.apiErr(t); e.Field != s.wantField || !strings.Contains(e.Error, s.wantMsg) {
				t.Fatalf("%s: error = %+v; want field %q and a message with %q", s.name, e, s.wantField, s.wantMsg)
			}
			continue
		}
		var info sessionInfo
		res.decode(t, &info)
		if info.Username != testUser || info.CSRFToken == "" || res.cookie(sessionCookie) == nil {
			t.Fatalf("%s: setup answered %s with cookies %v; want a logged-in session", s.name, res.Body, res.Result().Cookies())
		}
		b.csrf = info.CSRFToken
		if res := b.do("GET", "/api/session", nil); res.Code != http.StatusOK {
			t.Fatalf("%s: GET /api/session after setup = %d; want 200", s.name, res.Code)
		}
		setupNeededIs(t, b, false)
	}

	admin, err := e.st.Admins().FindBy(ctx, "username", testUser)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`).MatchString(admin.PasswordHash) {
		t.Fatalf("stored password hash %q; want argon2id PHC with m=19456,t=2,p=1", admin.PasswordHash)
	}
	// The password works for a login from a fresh browser.
	b2 := e.browser(t, "192.0.2.2:2222")
	b2.fetchCSRF()
	if res := b2.loginWith(testUser, testPassword); res.Code != http.StatusOK {
		t.Fatalf("login with the password set at setup = %d %s; want 200", res.Code, res.Body)
	}
}

func TestNewSetupCodeAcceptedAsTyped(t *testing.T) {
	format := regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)
	typings := []struct {
		name string
		typ  func(code string) string
	}{
		{"as printed", func(c string) string { return c }},
		{"without dashes", func(c string) string { return strings.ReplaceAll(c, "-", "") }},
		{"lower case", strings.ToLower},
		{"lower case without dashes", func(c string) string { return strings.ToLower(strings.ReplaceAll(c, "-", "")) }},
		{"spaces", func(c string) string { return " " + strings.ReplaceAll(c, "-", " ") + " " }},
	}
	e := newTestEnv(t)
	for _, tt := range typings {
		t.Run(tt.name, func(t *testing.T) {
			code, err := NewSetupCode(context.Background(), e.st, e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if !format.MatchString(code) {
				t.Fatalf("NewSetupCode() = %q; want three groups of four Crockford base32 characters", code)
			}
			b := e.browser(t, "192.0.2.3:3333")
			b.fetchCSRF()
			typed := tt.typ(code)
			res := b.do("POST", "/api/setup", map[string]string{"code": typed, "username": testUser, "password": testPassword})
			if res.Code != http.StatusOK {
				t.Fatalf("setup with code %q typed as %q = %d %s; want 200", code, typed, res.Code, res.Body)
			}
		})
	}
}

func TestNewSetupCodeReplacesTheOldOne(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	old, err := NewSetupCode(ctx, e.st, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewSetupCode(ctx, e.st, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t, "192.0.2.4:4444")
	b.fetchCSRF()
	res := b.do("POST", "/api/setup", map[string]string{"code": old, "username": testUser, "password": testPassword})
	if res.Code != http.StatusForbidden {
		t.Fatalf("setup with the replaced code = %d %s; want 403", res.Code, res.Body)
	}
}

func TestNormalizeSetupCode(t *testing.T) {
	tests := []struct {
		typed string
		want  string
		ok    bool
	}{
		{"ABCD-EFGH-JKMN", "ABCDEFGHJKMN", true},
		{"abcd efgh jkmn", "ABCDEFGHJKMN", true},
		{"0O1I-L234-5678", "001112345678", true}, // O reads as 0; I and L as 1
		{"ABCD-EFGH-JKM", "", false},             // too short
		{"ABCD-EFGH-JKMNP", "", false},           // too long
		{"ABCD-EFGH-JKMU", "", false},            // U is not in the alphabet
		{"ABCD_EFGH_JKMN", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := normalizeSetupCode(tt.typed)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("normalizeSetupCode(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}
