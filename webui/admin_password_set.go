package webui

import (
	"errors"
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// proveOwnPassword checks typed against the password of admin, the one
// acting. A wrong one counts against the client as a failed login does,
// is logged with what (the action), and is refused with 403 saying wrong
// on field. It returns false when it answered.
func (s *Server) proveOwnPassword(w http.ResponseWriter, r *http.Request, admin store.Admin, typed, field, wrong, what string) bool {
	if len(typed) > 4*maxPasswordLen {
		typed = typed[:4*maxPasswordLen]
	}
	ok, err := s.verifyPassword(r.Context(), admin.PasswordHash, typed)
	switch {
	case err != nil:
		s.internalError(w, r, err)
		return false
	case !ok:
		client := clientKey(r)
		s.limiter.fail(client, s.now())
		s.log.Warn("webui: wrong own password on "+what, "username", admin.Username, "client", client)
		writeError(w, http.StatusForbidden, wrong, field)
		return false
	}
	return true
}

// setPassword stores password as admin's and ends the admin's sessions
// but keep (0: all of them). It returns how many ended, and false when it
// answered with an error.
func (s *Server) setPassword(w http.ResponseWriter, r *http.Request, admin *store.Admin, password string, keep int64) (int, bool) {
	ctx := r.Context()
	var err error
	if admin.PasswordHash, err = s.hashPassword(ctx, password); err != nil {
		s.internalError(w, r, err)
		return 0, false
	}
	admin.PasswordChangedAt = s.now()
	if err := s.st.Admins().Update(ctx, admin); err != nil {
		s.writeStoreError(w, r, "admin "+admin.Username, err)
		return 0, false
	}
	sessions, err := s.st.AdminSessions().ListBy(ctx, "admin_id", admin.ID)
	if err != nil {
		s.internalError(w, r, err)
		return 0, false
	}
	ended := 0
	for _, o := range sessions {
		if o.ID == keep {
			continue
		}
		if err := s.st.AdminSessions().Delete(ctx, o.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			s.internalError(w, r, err)
			return 0, false
		}
		ended++
	}
	return ended, true
}
