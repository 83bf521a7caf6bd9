package webui

import (
	"context"
	"fmt"
	"net/http"
	"runtime/metrics"
	"strconv"
	"time"
)

// Status is the box's state as GET /api/status and the websocket's status
// events report it.
type Status struct {
	Type    string `json:"type,omitempty"` // "status" on the websocket
	Version string `json:"version"`
	Board   string `json:"board"`
	SIPAddr string `json:"sip_addr"`
	// MDNSName is the name the box answers mDNS questions for, such as
	// hookflash.local; empty when it answers none (the web UI listens
	// on loopback only, as on a development machine).
	MDNSName   string `json:"mdns_name,omitempty"`
	Revision   int64  `json:"revision"`
	UptimeSec  int64  `json:"uptime_s"` // since the web UI started (s)
	Extensions int    `json:"extensions"`
	Trunks     int    `json:"trunks"`
	Routes     int    `json:"routes"`
	HeapBytes  uint64 `json:"heap_bytes"` // Go heap in live and unswept objects (bytes)
	Goroutines uint64 `json:"goroutines"`
	RSSBytes   uint64 `json:"rss_bytes"`      // resident memory of pbxd (bytes; 0 off Linux)
	AnonBytes  uint64 `json:"rss_anon_bytes"` // the part of it no file backs (bytes)
}

// health serves GET /api/health, which needs no login: {"status": "ok",
// "version": ..., "revision": N}.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	rev, err := s.st.Revision(r.Context())
	if err != nil {
		s.log.Error("webui: health", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{
			"status": "error", "version": s.version,
			"error": "the configuration database cannot be read: look at the log"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "version": s.version, "revision": rev})
}

// status serves GET /api/status.
func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	st, err := s.readStatus(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// mdnsName returns the name SetMDNSName gave.
func (s *Server) mdnsName() string {
	s.config.mu.Lock()
	defer s.config.mu.Unlock()
	return s.config.mdnsName
}

// readStatus gathers the Status.
func (s *Server) readStatus(ctx context.Context) (Status, error) {
	st := Status{
		Version:   s.version,
		Board:     s.board,
		SIPAddr:   s.advertisedSIPAddr(),
		MDNSName:  s.mdnsName(),
		UptimeSec: int64(s.now().Sub(s.started) / time.Second),
	}
	var err error
	if st.Revision, err = s.st.Revision(ctx); err != nil {
		return st, err
	}
	exts, err := s.st.Extensions().List(ctx)
	if err != nil {
		return st, err
	}
	trunks, err := s.st.SIPTrunks().List(ctx)
	if err != nil {
		return st, err
	}
	routes, err := s.st.InboundRoutes().List(ctx)
	if err != nil {
		return st, err
	}
	st.Extensions, st.Trunks, st.Routes = len(exts), len(trunks), len(routes)

	// runtime/metrics, unlike ReadMemStats, does not stop the world.
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/sched/goroutines:goroutines"},
	}
	metrics.Read(samples)
	if samples[0].Value.Kind() == metrics.KindUint64 {
		st.HeapBytes = samples[0].Value.Uint64()
	}
	if samples[1].Value.Kind() == metrics.KindUint64 {
		st.Goroutines = samples[1].Value.Uint64()
	}
	st.RSSBytes, st.AnonBytes = residentMemory()
	return st, nil
}

// Log lines served by default and at most.
const (
	defaultLogLines = 200
	maxLogLines     = 5000
)

// logLines serves GET /api/logs?n=200: {"lines": [...]}, oldest first.
func (s *Server) logLines(w http.ResponseWriter, r *http.Request) {
	n := defaultLogLines
	if q := r.URL.Query().Get("n"); q != "" {
		v, err := strconv.Atoi(q)
		if err != nil || v < 1 || v > maxLogLines {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("n must be a number of lines from 1 to %d: correct it", maxLogLines), "n")
			return
		}
		n = v
	}
	lines := []string{}
	if s.logs != nil {
		if got := s.logs.Lines(n); got != nil {
			lines = got
		}
	}
	writeJSON(w, http.StatusOK, map[string][]string{"lines": lines})
}
