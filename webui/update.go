package webui

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/hookflash/firmware/pbx/update"
)

// Updater is what the web UI needs to update the firmware;
// *update.Updater implements it. Its methods must be safe for concurrent
// use.
type Updater interface {
	// State reports the running version, the slots, an update in
	// progress and how the last update ended.
	State(ctx context.Context) (update.State, error)
	// Install receives a bundle of size bytes (-1 if unknown) from r,
	// checks and installs it into the inactive slot.
	Install(ctx context.Context, r io.Reader, size int64) (update.Bundle, error)
}

// updateInfo is the body of GET /api/update.
type updateInfo struct {
	// Available is false where the firmware cannot be updated from the
	// web UI (a development machine without RAUC).
	Available bool `json:"available"`
	update.State
}

// updateState serves GET /api/update: the running version and slot, the
// slots, the operation in progress with its progress (poll it while an
// upload runs), and how the last update ended, with the reason of a
// rollback.
func (s *Server) updateState(w http.ResponseWriter, r *http.Request) {
	if s.updates == nil {
		writeJSON(w, http.StatusOK, updateInfo{State: update.State{Version: s.version, Operation: update.OpIdle}})
		return
	}
	st, err := s.updates.State(r.Context())
	switch {
	case errors.Is(err, update.ErrUnavailable):
		writeJSON(w, http.StatusOK, updateInfo{State: st})
	case err != nil:
		s.internalError(w, r, err)
	default:
		writeJSON(w, http.StatusOK, updateInfo{Available: true, State: st})
	}
}

// installUpdate serves POST /api/update with a RAUC bundle (.raucb) as the
// request body. It answers when the bundle is installed into the inactive
// slot, then the box reboots into it: 200 {"installed": {manifest},
// "operation": "rebooting"}. A bundle that RAUC refuses (signature,
// another board) gets 422 and nothing is written; another update in
// progress 409; a body over the size limit 413.
func (s *Server) installUpdate(w http.ResponseWriter, r *http.Request) {
	if s.updates == nil {
		writeError(w, http.StatusServiceUnavailable, "this box cannot install updates from the web page", "")
		return
	}
	b, err := s.updates.Install(r.Context(), r.Body, r.ContentLength)
	switch {
	case errors.Is(err, update.ErrBusy):
		writeError(w, http.StatusConflict, "another update is in progress: wait for it to finish", "")
	case errors.Is(err, update.ErrTooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "the file is too large to be an update bundle: choose the .raucb file of the firmware", "")
	case errors.Is(err, update.ErrRejected):
		s.log.Warn("webui: update refused", "err", err)
		writeError(w, http.StatusUnprocessableEntity, "the update was refused and nothing was changed: "+
			strings.TrimPrefix(err.Error(), update.ErrRejected.Error()+": "), "")
	case errors.Is(err, update.ErrUnavailable):
		writeError(w, http.StatusServiceUnavailable, "this box cannot install updates: "+err.Error(), "")
	case err != nil:
		s.log.Error("webui: update failed", "err", err)
		writeError(w, http.StatusInternalServerError, "the update failed and the running firmware stays: "+err.Error()+": try again, and if it persists look at the log", "")
	default:
		op := update.OpNeedReboot
		if st, err := s.updates.State(r.Context()); err == nil {
			op = st.Operation
		}
		s.log.Info("webui: update installed", "version", b.Version, "operation", op)
		writeJSON(w, http.StatusOK, map[string]any{"installed": b, "operation": op})
	}
}
