package webui

import (
	"net/http"
	"strings"
)

// labRoutes serves the simulated world's API (pbx/lab) under /api/lab: the
// lab page and the end-to-end tests pick up phones, ring PSTN lines and call
// SIMs through it. It exists only on the simulated board; elsewhere every
// lab route answers 404 with a message saying so.
func (s *Server) labRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/lab", s.requireLogin(s.lab))
	mux.HandleFunc("GET /api/lab/{kind}/{slot}", s.requireLogin(s.lab))
	mux.HandleFunc("POST /api/lab/phones/{slot}/{action}", s.requireLogin(s.lab))
	mux.HandleFunc("POST /api/lab/lines/{slot}/{action}", s.requireLogin(s.lab))
	mux.HandleFunc("POST /api/lab/gsm/{slot}/{action}", s.requireLogin(s.lab))
	mux.HandleFunc("POST /api/lab/button", s.requireLogin(s.lab))
	mux.HandleFunc("POST /api/lab/reset", s.requireLogin(s.lab))
	mux.HandleFunc("POST /api/lab/demo", s.requireLogin(s.labDemo))
}

// lab hands a lab request to the simulated world with /api/lab stripped:
// GET /api/lab reaches it as GET /.
func (s *Server) lab(w http.ResponseWriter, r *http.Request) {
	if s.labHandler == nil {
		writeError(w, http.StatusNotFound, "the lab exists only on the simulated board: start pbxd with -board sim", "")
		return
	}
	r2 := *r
	u := *r.URL
	u.Path = "/" + strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/api/lab"), "/")
	u.RawPath = ""
	r2.URL = &u
	s.labHandler.ServeHTTP(w, &r2)
}
