// Package localapi is pbxd's API for the installer's command line, pbxctl:
// status, config export and import, backup and restore, a new admin setup
// code, factory reset, and SIP accounts for phones.
//
// It is served on a unix socket inside the data directory, readable by the
// owner only, so the file system is its authentication. pbxctl also runs the
// same handler in its own process when pbxd is stopped, so both paths share
// one implementation.
package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/hookflash/firmware/pbx/backup"
	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/webui"
)

// Options configures the handler.
type Options struct {
	Store   *store.Store
	Dir     datadir.Dir
	Version string
	Logger  *slog.Logger
	// Running is true inside pbxd and false when pbxctl works on a stopped
	// box's data directory.
	Running bool
	// DryRun serves POST /scenarios/dry-run as the web UI's POST
	// /api/scenarios/dry-run (webui.Server.DryRunHandler); nil answers 503.
	DryRun http.Handler
}

// maxUpload bounds an imported config or a restored backup (bytes).
const maxUpload = 4 << 30

// New returns the local API handler.
func New(o Options) http.Handler {
	a := &api{Options: o, started: time.Now()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", a.status)
	mux.HandleFunc("GET /config/export", a.export)
	mux.HandleFunc("POST /config/import", a.importConfig)
	mux.HandleFunc("GET /backup", a.backup)
	mux.HandleFunc("POST /restore", a.restore)
	mux.HandleFunc("POST /reset-admin", a.resetAdmin)
	mux.HandleFunc("POST /factory-reset", a.factoryReset)
	mux.HandleFunc("POST /phones", a.addPhone)
	mux.HandleFunc("POST /scenarios/dry-run", a.dryRun)
	return mux
}

// dryRun serves POST /scenarios/dry-run through Options.DryRun.
func (a *api) dryRun(w http.ResponseWriter, r *http.Request) {
	if a.DryRun == nil {
		fail(w, http.StatusServiceUnavailable, errors.New("dry runs are not available here: the scenario engine is not running"))
		return
	}
	a.DryRun.ServeHTTP(w, r)
}

type api struct {
	Options
	started time.Time
}

// Status is what `pbxctl status` shows.
type Status struct {
	Running       bool           `json:"running"`
	Version       string         `json:"version"`
	PID           int            `json:"pid,omitempty"`
	UptimeSeconds int64          `json:"uptime_seconds,omitempty"`
	DataDir       string         `json:"data_dir"`
	Schema        int            `json:"schema"`
	Revision      int64          `json:"revision"`
	Admins        int            `json:"admins"`
	SetupPending  bool           `json:"setup_code_pending"`
	Counts        map[string]int `json:"counts"`
}

func (a *api) status(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s := Status{Running: a.Running, Version: a.Version, DataDir: string(a.Dir), Schema: store.SchemaVersion()}
	if a.Running {
		s.PID, s.UptimeSeconds = os.Getpid(), int64(time.Since(a.started).Seconds())
	}
	var err error
	if s.Revision, err = a.Store.Revision(ctx); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	admins, err := a.Store.Admins().List(ctx)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	s.Admins = len(admins)
	if s.SetupPending, err = a.Store.HasSetupCode(ctx); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	cfg, err := a.Store.Export(ctx)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	s.Counts = map[string]int{
		"extensions": len(cfg.Extensions), "sip_trunks": len(cfg.SIPTrunks),
		"inbound_routes": len(cfg.InboundRoutes), "scenarios": len(cfg.Scenarios),
	}
	reply(w, s)
}

func (a *api) export(w http.ResponseWriter, r *http.Request) {
	cfg, err := a.Store.Export(r.Context())
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	reply(w, cfg)
}

func (a *api) importConfig(w http.ResponseWriter, r *http.Request) {
	doc, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpload))
	if err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("read config: %w", err))
		return
	}
	if err := a.Store.Import(r.Context(), doc); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	a.Logger.Info("configuration imported")
	reply(w, map[string]string{"result": "imported"})
}

// backup builds the archive in a temporary file first, so a failure is
// reported as an error rather than as a truncated download.
func (a *api) backup(w http.ResponseWriter, r *http.Request) {
	tmp, err := os.CreateTemp(string(a.Dir), ".backup-*.tar.gz")
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := backup.Write(r.Context(), a.Store, string(a.Dir), tmp, a.Version); err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	io.Copy(w, tmp)
}

func (a *api) restore(w http.ResponseWriter, r *http.Request) {
	if err := backup.Restore(r.Context(), a.Store, string(a.Dir), http.MaxBytesReader(w, r.Body, maxUpload)); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	a.Logger.Info("backup restored")
	reply(w, map[string]string{"result": "restored"})
}

// SetupCode is the answer of reset-admin and factory-reset.
type SetupCode struct {
	SetupCode string `json:"setup_code"`
}

func (a *api) resetAdmin(w http.ResponseWriter, r *http.Request) {
	a.newSetupCode(w, r.Context(), "admin reset requested: a new setup code was issued")
}

func (a *api) factoryReset(w http.ResponseWriter, r *http.Request) {
	code, err := webui.FactoryReset(r.Context(), a.Store, a.Dir, time.Now())
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	a.Logger.Warn("factory reset: configuration, admins, call records and data files erased")
	reply(w, SetupCode{code})
}

func (a *api) newSetupCode(w http.ResponseWriter, ctx context.Context, msg string) {
	code, err := webui.NewSetupCode(ctx, a.Store, time.Now())
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	a.Logger.Warn(msg)
	reply(w, SetupCode{code})
}

// Error is the body of every failed request.
type Error struct {
	Error string `json:"error"`
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func fail(w http.ResponseWriter, code int, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(Error{err.Error()})
}
