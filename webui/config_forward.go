package webui

import (
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/store"
)

// forwardRoutes adds an extension's call forwarding to mux: always, on
// busy (and do-not-disturb), on no answer after a ring time, and when none
// of its phones can ring. Do-not-disturb itself is the extension's dnd.
func (s *Server) forwardRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/extensions/{id}/forward", s.requireLogin(s.getForward))
	mux.HandleFunc("PUT /api/extensions/{id}/forward", s.requireLogin(s.putForward))
}

// forwardView is what the API shows and takes of an extension's
// forwarding: the store's row without its own ID.
type forwardView struct {
	Number       string `json:"number"`
	Enabled      bool   `json:"enabled"`
	Busy         string `json:"busy"`
	NoAnswer     string `json:"no_answer"`
	NoAnswerSecs int    `json:"no_answer_secs"`
	Unreachable  string `json:"unreachable"`
}

func showForward(f store.ExtensionForward) forwardView {
	return forwardView{Number: f.Number, Enabled: f.Enabled, Busy: f.Busy, NoAnswer: f.NoAnswer, NoAnswerSecs: f.NoAnswerSecs, Unreachable: f.Unreachable}
}

// getForward serves GET /api/extensions/{id}/forward.
func (s *Server) getForward(w http.ResponseWriter, r *http.Request) {
	ext, ok := pathRecord(s, w, r, s.st.Extensions(), "extension")
	if !ok {
		return
	}
	f, err := s.st.Forward(r.Context(), ext.ID)
	if err != nil {
		s.writeStoreError(w, r, "call forwarding", err)
		return
	}
	writeJSON(w, http.StatusOK, showForward(f))
}

// putForward serves PUT /api/extensions/{id}/forward: the body replaces
// the extension's forwarding as a whole; a field left out is off. Each
// number must be another extension, or an outside number that an outbound
// rule takes and the extension's outbound level allows (as *72 checks);
// one that is not is refused on its field, saying why.
func (s *Server) putForward(w http.ResponseWriter, r *http.Request) {
	ext, ok := pathRecord(s, w, r, s.st.Extensions(), "extension")
	if !ok {
		return
	}
	var in forwardView
	if !readJSON(w, r, &in) {
		return
	}
	cfg, err := s.st.Export(r.Context())
	if err != nil {
		s.writeStoreError(w, r, "configuration", err)
		return
	}
	for _, f := range []struct{ field, number string }{
		{"number", in.Number}, {"busy", in.Busy}, {"no_answer", in.NoAnswer}, {"unreachable", in.Unreachable},
	} {
		if f.number == "" {
			continue
		}
		why, err := dialplan.Forwardable(cfg, ext.Number, f.number)
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if why != "" {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("extension %s cannot forward to %s: %s", ext.Number, f.number, why), f.field)
			return
		}
	}
	out, err := s.st.PutForward(r.Context(), store.ExtensionForward{ExtensionID: ext.ID, Number: in.Number, Enabled: in.Enabled,
		Busy: in.Busy, NoAnswer: in.NoAnswer, NoAnswerSecs: in.NoAnswerSecs, Unreachable: in.Unreachable})
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("call forwarding of extension %s", ext.Number), err)
		return
	}
	writeJSON(w, http.StatusOK, showForward(out))
}
