package webui

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
)

// CSRF cookie and header names.
const (
	csrfCookie = "hf_csrf"
	csrfHeader = "X-CSRF-Token"
)

// setCSRFCookie sets the double-submit cookie to token. The page's script
// reads it, so it is not HttpOnly.
func setCSRFCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name:     csrfCookie,
		Value:    token,
		Path:     "/",
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
}

// csrfToken returns the CSRF token that r's browser should send: the
// session's when logged in, else the double-submit cookie's, else a new one.
// It sets the cookie when it differs.
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(csrfCookie)
	have := ""
	if err == nil && len(c.Value) == base64.RawURLEncoding.EncodedLen(tokenLen) {
		have = c.Value
	}
	want := have
	if sess := sessionOf(r); sess != nil {
		want = sess.CSRFToken
	} else if want == "" {
		want = newToken()
	}
	if want != have {
		setCSRFCookie(w, r, want)
	}
	return want
}

// csrf serves GET /api/csrf: {"csrf_token": "..."}, and sets the cookie.
func (s *Server) csrf(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"csrf_token": csrfToken(w, r)})
}

// stateChanging reports whether a request with method may change state.
func stateChanging(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return false
	}
	return true
}

// guard looks up the session of every API request, attaches it to the
// request's context, and refuses a state-changing request whose
// X-CSRF-Token header does not match: the session's token when logged in,
// else the hf_csrf cookie.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") && !stateChanging(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.lookupSession(r.Context(), r)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if stateChanging(r.Method) {
			want := ""
			if sess != nil {
				want = sess.CSRFToken
			} else if c, err := r.Cookie(csrfCookie); err == nil {
				want = c.Value
			}
			got := r.Header.Get(csrfHeader)
			if want == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
				s.log.Info("webui: refused request without CSRF token", "method", r.Method, "path", r.URL.Path, "client", clientKey(r))
				writeError(w, http.StatusForbidden, "missing or wrong CSRF token: reload the page", "")
				return
			}
		}
		if sess != nil {
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess))
		}
		next.ServeHTTP(w, r)
	})
}
