package webui

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// Password resets by another admin: at most passwordResets per acting
// admin within passwordResetWindow, so that a stolen session cannot lock
// every other admin out in a moment.
const (
	passwordResets      = 5
	passwordResetWindow = 15 * time.Minute
)

// resetPassword serves PUT /api/admins/{id}/password {your_password,
// new_password}: an admin sets another admin's password, proving their
// own password first (as a stolen session cannot), and every session of
// the other admin ends. One's own password changes through PUT
// /api/admins/me/password instead, which asks the current one. Wrong own
// passwords count against the client as failed logins do, and resets
// against the acting admin (passwordResets).
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	sess := sessionOf(r)
	if id == sess.AdminID {
		writeError(w, http.StatusConflict, "this resets another admin's password: change your own with your current password instead", "id")
		return
	}
	var req struct {
		Yours string `json:"your_password"`
		New   string `json:"new_password"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	if err := checkPassword(req.New); err != nil {
		writeError(w, http.StatusBadRequest, "new "+err.Error(), "new_password")
		return
	}
	ctx := r.Context()
	client := clientKey(r)
	if s.refuseIfLimited(w, client) {
		return
	}
	actor := "admin:" + strconv.FormatInt(sess.AdminID, 10)
	if wait := s.resets.wait(actor, s.now()); wait > 0 {
		mins := int(math.Ceil(wait.Minutes()))
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf(
			"you reset %d passwords within %d minutes: wait %d minutes, then try again", passwordResets, int(passwordResetWindow.Minutes()), mins), "")
		return
	}
	me, err := s.st.Admins().Get(ctx, sess.AdminID)
	if err != nil {
		s.writeStoreError(w, r, "your admin account", err)
		return
	}
	if !s.proveOwnPassword(w, r, me, req.Yours, "your_password",
		"your password is wrong: type the password you logged in with", "a password reset") {
		return
	}
	other, err := s.st.Admins().Get(ctx, id)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("admin %d", id), err)
		return
	}
	ended, ok := s.setPassword(w, r, &other, req.New, 0)
	if !ok {
		return
	}
	s.resets.fail(actor, s.now())
	s.log.Warn("webui: admin password reset", "username", other.Username, "by", me.Username, "client", client, "sessions_ended", ended)
	writeJSON(w, http.StatusOK, viewAdmin(other, sess.AdminID))
}
