package webui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// adminView is what the API shows of an admin: never the password hash.
type adminView struct {
	ID                int64     `json:"id"`
	Username          string    `json:"username"`
	CreatedAt         time.Time `json:"created_at"`
	PasswordChangedAt time.Time `json:"password_changed_at"`
	// You is true for the admin of the session that asks.
	You bool `json:"you"`
}

func viewAdmin(a store.Admin, me int64) adminView {
	return adminView{ID: a.ID, Username: a.Username, CreatedAt: a.CreatedAt, PasswordChangedAt: a.PasswordChangedAt, You: a.ID == me}
}

// listAdmins serves GET /api/admins: every admin, by ID.
func (s *Server) listAdmins(w http.ResponseWriter, r *http.Request) {
	admins, err := s.st.Admins().List(r.Context())
	if err != nil {
		s.writeStoreError(w, r, "admins", err)
		return
	}
	me := sessionOf(r).AdminID
	out := make([]adminView, len(admins))
	for i, a := range admins {
		out[i] = viewAdmin(a, me)
	}
	writeJSON(w, http.StatusOK, out)
}

// createAdmin serves POST /api/admins {username, password}: a new admin
// whose password meets the rules (checkPassword).
func (s *Server) createAdmin(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	req.Username = strings.TrimSpace(req.Username)
	if req.Username == "" {
		writeError(w, http.StatusBadRequest, "user name is empty: choose a user name for the new admin", "username")
		return
	}
	if err := checkPassword(req.Password); err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "password")
		return
	}
	ctx := r.Context()
	if _, err := s.st.Admins().FindBy(ctx, "username", req.Username); err == nil {
		writeError(w, http.StatusConflict, fmt.Sprintf("an admin named %q exists already: choose another user name", req.Username), "username")
		return
	} else if !errors.Is(err, store.ErrNotFound) {
		s.internalError(w, r, err)
		return
	}
	hash, err := s.hashPassword(ctx, req.Password)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	now := s.now()
	a := store.Admin{Username: req.Username, PasswordHash: hash, CreatedAt: now, PasswordChangedAt: now}
	if err := s.st.Admins().Create(ctx, &a); err != nil {
		s.writeStoreError(w, r, "admin", err)
		return
	}
	s.log.Info("webui: admin added", "username", a.Username, "by", sessionOf(r).AdminID)
	writeJSON(w, http.StatusCreated, viewAdmin(a, sessionOf(r).AdminID))
}

// removeAdmin serves DELETE /api/admins/{id}: another admin goes, with
// their sessions. Removing oneself is refused (another admin does it, so
// someone who can log in always remains), and so is the last admin.
func (s *Server) removeAdmin(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if id == sessionOf(r).AdminID {
		writeError(w, http.StatusConflict, "you cannot remove yourself: another admin can, or change your password instead", "id")
		return
	}
	err := s.st.RemoveAdmin(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrLastAdmin):
		writeError(w, http.StatusConflict, "this is the last admin: add another admin first, so that someone can still log in", "id")
	case err != nil:
		s.writeStoreError(w, r, fmt.Sprintf("admin %d", id), err)
	default:
		s.log.Warn("webui: admin removed", "admin_id", id, "by", sessionOf(r).AdminID)
		w.WriteHeader(http.StatusNoContent)
	}
}

// changeOwnPassword serves PUT /api/admins/me/password {current_password,
// new_password}: the logged-in admin's password changes once the current
// one is proven, and the admin's other sessions end.
func (s *Server) changeOwnPassword(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Current string `json:"current_password"`
		New     string `json:"new_password"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	if err := checkPassword(req.New); err != nil {
		writeError(w, http.StatusBadRequest, "new "+err.Error(), "new_password")
		return
	}
	ctx := r.Context()
	sess := sessionOf(r)
	if s.refuseIfLimited(w, clientKey(r)) {
		return
	}
	admin, err := s.st.Admins().Get(ctx, sess.AdminID)
	if err != nil {
		s.writeStoreError(w, r, "your admin account", err)
		return
	}
	if !s.proveOwnPassword(w, r, admin, req.Current, "current_password",
		"the current password is wrong: type the password you logged in with", "a password change") {
		return
	}
	ended, ok := s.setPassword(w, r, &admin, req.New, sess.ID)
	if !ok {
		return
	}
	s.log.Info("webui: password changed", "username", admin.Username, "other_sessions_ended", ended)
	writeJSON(w, http.StatusOK, viewAdmin(admin, admin.ID))
}
