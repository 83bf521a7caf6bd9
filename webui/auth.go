package webui

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// sessionInfo is what GET /api/session, login and setup return.
type sessionInfo struct {
	Username  string    `json:"username"`
	CSRFToken string    `json:"csrf_token"`
	ExpiresAt time.Time `json:"expires_at"`
	// Lab says the box runs on the simulated board, so the page offers the
	// lab (/api/lab): the page learns it here rather than by reading the
	// whole simulated world at login.
	Lab bool `json:"lab"`
}

// setupNeeded serves GET /api/setup: {"needed": true} while a setup code is
// waiting to be used.
func (s *Server) setupNeeded(w http.ResponseWriter, r *http.Request) {
	needed, err := s.st.HasSetupCode(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"needed": needed})
}

// setup serves POST /api/setup {code, username, password}: it consumes the
// setup code, sets the admin's password and logs the browser in.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Code     string `json:"code"`
		Username string `json:"username"`
		Password string `json:"password"`
	}
	client := clientKey(r)
	if s.refuseIfLimited(w, client) || !readJSON(w, r, &req) {
		return
	}
	req.Username = strings.TrimSpace(req.Username)
	if req.Username == "" {
		writeError(w, http.StatusBadRequest, "user name is empty: choose a user name for the admin", "username")
		return
	}
	if err := checkPassword(req.Password); err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "password")
		return
	}
	norm, ok := normalizeSetupCode(req.Code)
	if !ok {
		s.refuseSetupCode(w, r, client)
		return
	}
	codeHash := hashSetupCode(norm)
	// Check the code before the costly password hash; UseSetupCode checks it
	// again, atomically, and is what counts.
	if _, err := s.st.SetupCodes().FindBy(r.Context(), "code_hash", codeHash); errors.Is(err, store.ErrNotFound) {
		s.refuseSetupCode(w, r, client)
		return
	} else if err != nil {
		s.internalError(w, r, err)
		return
	}
	hash, err := s.hashPassword(r.Context(), req.Password)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	admin, err := s.st.UseSetupCode(r.Context(), codeHash, req.Username, hash, s.now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.refuseSetupCode(w, r, client)
		return
	case errors.Is(err, store.ErrInvalid):
		s.writeStoreError(w, r, "admin", err)
		return
	case err != nil:
		s.internalError(w, r, err)
		return
	}
	s.log.Warn("webui: admin password set with the setup code", "username", admin.Username, "client", client)
	s.loggedIn(w, r, admin)
}

// refuseSetupCode counts a failed setup code and answers 403, with advice
// that depends on whether any code is waiting.
func (s *Server) refuseSetupCode(w http.ResponseWriter, r *http.Request, client string) {
	s.limiter.fail(client, s.now())
	s.log.Warn("webui: wrong setup code", "client", client)
	pending, err := s.st.HasSetupCode(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	msg := "wrong setup code: type the code that pbxd printed on its console (12 letters and digits); " +
		"if it is lost, run `pbxctl reset-admin` on the box for a new one"
	if !pending {
		msg = "no setup code is waiting: it was used already, so log in instead; " +
			"if the password is lost, run `pbxctl reset-admin` on the box for a new code"
	}
	writeError(w, http.StatusForbidden, msg, "code")
}

// login serves POST /api/login {username, password}.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	client := clientKey(r)
	if s.refuseIfLimited(w, client) || !readJSON(w, r, &req) {
		return
	}
	req.Username = strings.TrimSpace(req.Username)
	if len(req.Password) > 4*maxPasswordLen {
		req.Password = req.Password[:4*maxPasswordLen] // bounds the hash's work; cannot match anyway
	}
	admin, err := s.st.Admins().FindBy(r.Context(), "username", req.Username)
	ok := false
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.burnPasswordTime(r.Context(), req.Password)
	case err != nil:
		s.internalError(w, r, err)
		return
	default:
		ok, err = s.verifyPassword(r.Context(), admin.PasswordHash, req.Password)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
	}
	if !ok {
		s.limiter.fail(client, s.now())
		s.log.Warn("webui: failed login", "username", req.Username, "client", client)
		writeError(w, http.StatusUnauthorized, fmt.Sprintf(
			"wrong user name or password: check both and try again (after %d failures the box waits a minute)", loginFailures), "")
		return
	}
	s.log.Info("webui: login", "username", admin.Username, "client", client)
	s.loggedIn(w, r, admin)
}

// loggedIn starts a session for admin and answers with its sessionInfo.
func (s *Server) loggedIn(w http.ResponseWriter, r *http.Request, admin store.Admin) {
	sess, err := s.startSession(r.Context(), w, r, admin)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sessionInfo{Username: admin.Username, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt, Lab: s.labHandler != nil})
}

// refuseIfLimited answers 429 with Retry-After and returns true when client
// has failed too often within the window.
func (s *Server) refuseIfLimited(w http.ResponseWriter, client string) bool {
	wait := s.limiter.wait(client, s.now())
	if wait <= 0 {
		return false
	}
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeError(w, http.StatusTooManyRequests, fmt.Sprintf(
		"too many failed attempts from this address: wait %d seconds, then try again", secs), "")
	return true
}

// logout serves POST /api/logout. It succeeds also when the browser was not
// logged in.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if err := s.endSession(r.Context(), w, r, sess); err != nil {
		s.internalError(w, r, err)
		return
	}
	if sess != nil {
		s.log.Info("webui: logout", "admin_id", sess.AdminID, "client", clientKey(r))
	}
	w.WriteHeader(http.StatusNoContent)
}

// session serves GET /api/session: who is logged in and the CSRF token to
// send.
func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	admin, err := s.st.Admins().Get(r.Context(), sess.AdminID)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	csrfToken(w, r)
	writeJSON(w, http.StatusOK, sessionInfo{Username: admin.Username, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt, Lab: s.labHandler != nil})
}
