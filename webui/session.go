package webui

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// Session cookie and lifetime.
const (
	sessionCookie = "hf_session"
	sessionTTL    = 12 * time.Hour
	tokenLen      = 32 // bytes of randomness in a session or CSRF token
)

// newToken returns tokenLen random bytes in unpadded URL-safe base64.
func newToken() string {
	b := make([]byte, tokenLen)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken returns the hex SHA-256 of a session token, as stored.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// startSession logs admin in on the browser of r: it stores a new session
// with a fresh CSRF token and sets the session and CSRF cookies. It also
// clears out expired sessions.
func (s *Server) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, admin store.Admin) (store.AdminSession, error) {
	now := s.now()
	if err := s.st.DeleteExpiredSessions(ctx, now); err != nil {
		return store.AdminSession{}, fmt.Errorf("webui: start session: %w", err)
	}
	token := newToken()
	sess := store.AdminSession{
		TokenHash: hashToken(token),
		AdminID:   admin.ID,
		CSRFToken: newToken(),
		Client:    clientKey(r),
		CreatedAt: now,
		ExpiresAt: now.Add(sessionTTL),
	}
	if err := s.st.AdminSessions().Create(ctx, &sess); err != nil {
		return store.AdminSession{}, fmt.Errorf("webui: start session: %w", err)
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  sess.ExpiresAt,
		MaxAge:   int(sessionTTL / time.Second),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	setCSRFCookie(w, r, sess.CSRFToken)
	return sess, nil
}

// endSession deletes sess and clears the session cookie. A fresh CSRF
// cookie lets the page log in again without a reload.
func (s *Server) endSession(ctx context.Context, w http.ResponseWriter, r *http.Request, sess *store.AdminSession) error {
	if sess != nil {
		if err := s.st.AdminSessions().Delete(ctx, sess.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("webui: end session: %w", err)
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteStrictMode,
	})
	setCSRFCookie(w, r, newToken())
	return nil
}

// lookupSession returns the unexpired session named by r's session cookie,
// or nil when there is none. An expired session is deleted.
func (s *Server) lookupSession(ctx context.Context, r *http.Request) (*store.AdminSession, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || len(c.Value) != base64.RawURLEncoding.EncodedLen(tokenLen) {
		return nil, nil
	}
	sess, err := s.st.AdminSessions().FindBy(ctx, "token_hash", hashToken(c.Value))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("webui: read session: %w", err)
	}
	if !s.now().Before(sess.ExpiresAt) {
		if err := s.st.AdminSessions().Delete(ctx, sess.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("webui: delete expired session: %w", err)
		}
		return nil, nil
	}
	return &sess, nil
}

// sessionKey is the request context key of the *store.AdminSession that
// guard found.
type sessionKey struct{}

// sessionOf returns the session that guard attached to r's context, or nil.
func sessionOf(r *http.Request) *store.AdminSession {
	sess, _ := r.Context().Value(sessionKey{}).(*store.AdminSession)
	return sess
}

// requireLogin wraps h so that it runs only for a logged-in browser; others
// get 401.
func (s *Server) requireLogin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if sessionOf(r) == nil {
			writeError(w, http.StatusUnauthorized, "not logged in, or the session expired: log in again", "")
			return
		}
		h(w, r)
	}
}
