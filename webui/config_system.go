package webui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/backup"
	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/store"
)

// systemRoutes adds the API of the system, voicemail and lists pages to
// mux: backup, restore and factory reset, the box's time and network, the
// admins, the voicemail messages, and the black and white lists. routes
// calls it; every endpoint needs a login, and the guard
// around mux checks CSRF.
func (s *Server) systemRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/system/backup", s.requireLogin(s.downloadBackup))
	mux.HandleFunc("POST /api/system/restore", s.requireLogin(s.restoreBackup))
	mux.HandleFunc("POST /api/system/factory-reset", s.requireLogin(s.factoryReset))
	mux.HandleFunc("GET /api/system/time", s.requireLogin(s.boxTime))
	mux.HandleFunc("GET /api/system/network", s.requireLogin(s.network))

	mux.HandleFunc("GET /api/admins", s.requireLogin(s.listAdmins))
	mux.HandleFunc("POST /api/admins", s.requireLogin(s.createAdmin))
	mux.HandleFunc("DELETE /api/admins/{id}", s.requireLogin(s.removeAdmin))
	mux.HandleFunc("PUT /api/admins/me/password", s.requireLogin(s.changeOwnPassword))
	mux.HandleFunc("PUT /api/admins/{id}/password", s.requireLogin(s.resetPassword))

	mux.HandleFunc("GET /api/voicemail", s.requireLogin(s.listVoicemailBoxes))
	mux.HandleFunc("GET /api/voicemail/{box}/messages", s.requireLogin(s.listVoicemail))
	mux.HandleFunc("GET /api/voicemail/{box}/messages/{msg}/audio", s.requireLogin(s.voicemailAudio))
	mux.HandleFunc("PUT /api/voicemail/{box}/messages/{msg}", s.requireLogin(s.markVoicemail))
	mux.HandleFunc("DELETE /api/voicemail/{box}/messages/{msg}", s.requireLogin(s.deleteVoicemail))

	s.listRoutes(mux)
}

// maxRestore bounds an uploaded backup (bytes), as the local API does.
const maxRestore = 4 << 30

// factoryResetPhrase is what an admin types to confirm a factory reset.
const factoryResetPhrase = "factory reset"

// noDataDir answers 503 where the Server has no data directory.
func (s *Server) noDataDir(w http.ResponseWriter) bool {
	if s.dataDir != "" {
		return false
	}
	writeError(w, http.StatusServiceUnavailable, "this box has no data directory for backups: start pbxd with -data", "")
	return true
}

// downloadBackup serves GET /api/system/backup: a backup archive of the
// whole box (pbx/backup), as `pbxctl backup` writes it. The archive is
// built in a temporary file first, so a failure is an error answer rather
// than a truncated download.
func (s *Server) downloadBackup(w http.ResponseWriter, r *http.Request) {
	if s.noDataDir(w) {
		return
	}
	tmp, err := os.CreateTemp(string(s.dataDir), ".backup-*.tar.gz")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := backup.Write(r.Context(), s.st, string(s.dataDir), tmp, s.version); err != nil {
		s.internalError(w, r, err)
		return
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	name := "hookflash-backup-" + s.now().UTC().Format("20060102-150405") + ".tar.gz"
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	s.log.Info("webui: backup downloaded", "admin_id", sessionOf(r).AdminID, "bytes", size)
	io.Copy(w, tmp)
}

// restoreBackup serves POST /api/system/restore with a backup archive as
// the body: it replaces the database and the data folders as `pbxctl
// restore` does (backup.Restore), after checking the whole archive. A file
// that is not a backup, or a damaged one, gets 422 and nothing changes.
// The restored database brings its own admins, so the page logs in again.
func (s *Server) restoreBackup(w http.ResponseWriter, r *http.Request) {
	if s.noDataDir(w) {
		return
	}
	if r.ContentLength > maxRestore {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the file is larger than %d GiB: a backup of this box is smaller; choose the right file", maxRestore>>30), "file")
		return
	}
	err := backup.Restore(r.Context(), s.st, string(s.dataDir), http.MaxBytesReader(w, r.Body, maxRestore))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the file is larger than %d GiB: a backup of this box is smaller; choose the right file", maxRestore>>30), "file")
	case err != nil:
		s.log.Warn("webui: restore refused", "err", err)
		writeError(w, http.StatusUnprocessableEntity, "the file was not restored and nothing was changed: "+
			strings.TrimPrefix(err.Error(), "backup: ")+": choose a backup downloaded from a Hookflash box", "file")
	default:
		s.log.Warn("webui: backup restored: the configuration, admins and data files were replaced")
		writeJSON(w, http.StatusOK, map[string]string{"result": "restored"})
	}
}

// factoryReset serves POST /api/system/factory-reset {"confirm": "factory
// reset"}: it erases the configuration, admins, call records and data files
// as `pbxctl factory-reset` does and answers {"setup_code": ...}, the
// one-time code that sets the admin password again.
func (s *Server) factoryReset(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Confirm string `json:"confirm"`
	}
	if s.noDataDir(w) || !readJSON(w, r, &req) {
		return
	}
	if !strings.EqualFold(strings.TrimSpace(req.Confirm), factoryResetPhrase) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("type %q to confirm: a factory reset erases the whole configuration, the admins, the call log and every recording", factoryResetPhrase), "confirm")
		return
	}
	code, err := FactoryReset(r.Context(), s.st, s.dataDir, s.now())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	s.log.Warn("webui: factory reset: configuration, admins, call records and data files erased", "client", clientKey(r))
	writeJSON(w, http.StatusOK, map[string]string{"setup_code": code})
}

// FactoryReset erases everything the box keeps: the database
// (store.Store.FactoryReset) and the data folders of dir, keeping the
// folders themselves. It returns a new setup code for the admin password.
// The web UI and pbxctl factory-reset both use it.
func FactoryReset(ctx context.Context, st *store.Store, dir datadir.Dir, now time.Time) (string, error) {
	if err := st.FactoryReset(ctx); err != nil {
		return "", err
	}
	for _, f := range dir.Folders() {
		if err := emptyFolder(f); err != nil {
			return "", fmt.Errorf("webui: factory reset: %w", err)
		}
	}
	return NewSetupCode(ctx, st, now)
}

// emptyFolder removes everything inside dir, keeping dir.
func emptyFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
