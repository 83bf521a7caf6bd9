package webui

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/hookflash/firmware/pbx/store"
)

// newExtension returns the defaults of an extension created through the
// API: on duty, and outbound calls restricted to internal ones until an
// admin allows more, because toll fraud is the costliest attack on a PBX.
func newExtension() store.Extension {
	return store.Extension{OnDuty: true, Outbound: store.OutboundInternal}
}

// listExtensions serves GET /api/extensions: every extension, by ID.
func (s *Server) listExtensions(w http.ResponseWriter, r *http.Request) {
	exts, err := s.st.Extensions().List(r.Context())
	if err != nil {
		s.writeStoreError(w, r, "extensions", err)
		return
	}
	if exts == nil {
		exts = []store.Extension{}
	}
	writeJSON(w, http.StatusOK, exts)
}

// createExtension serves POST /api/extensions. Omitted fields take the
// defaults of newExtension. A 201 answer means the extension is committed to
// disk.
func (s *Server) createExtension(w http.ResponseWriter, r *http.Request) {
	e := newExtension()
	if !readJSON(w, r, &e) {
		return
	}
	if e.ID != 0 {
		writeError(w, http.StatusBadRequest, "id is chosen by the box: leave it out", "id")
		return
	}
	if err := s.st.Extensions().Create(r.Context(), &e); err != nil {
		s.writeStoreError(w, r, "extension", err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/extensions/%d", e.ID))
	writeJSON(w, http.StatusCreated, e)
}

// getExtension serves GET /api/extensions/{id}.
func (s *Server) getExtension(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	e, err := s.st.Extensions().Get(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("extension %d", id), err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// updateExtension serves PUT /api/extensions/{id}. The body's fields replace
// the extension's; fields left out keep their current values. A new number
// moves everything that dials the old one (renumberExtension); its SIP
// devices then ring for the new number once they register again.
func (s *Server) updateExtension(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	what := fmt.Sprintf("extension %d", id)
	e, err := s.st.Extensions().Get(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, what, err)
		return
	}
	old := e
	if !readJSON(w, r, &e) {
		return
	}
	if e.ID != id {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("id %d in the body differs from %d in the path: leave it out", e.ID, id), "id")
		return
	}
	if e.Number != old.Number || r.URL.Query().Has("dry_run") {
		s.renumberExtension(w, r, e, old)
		return
	}
	if err := s.st.Extensions().Update(r.Context(), &e); err != nil {
		s.writeStoreError(w, r, what, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

// deleteExtension serves DELETE /api/extensions/{id}.
func (s *Server) deleteExtension(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if err := s.st.Extensions().Delete(r.Context(), id); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("extension %d", id), err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// pathID reads the {id} path value. On failure it answers 400 and returns
// false.
func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%q is not a record id: use the id from the list", r.PathValue("id")), "id")
		return 0, false
	}
	return id, true
}
