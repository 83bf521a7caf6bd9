package webui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/hookflash/firmware/pbx/store"
)

// scenarioVersionRoutes adds a scenario's history to mux: its kept
// versions, one version's document, and rollback to a version. Every save
// of a scenario is a version (the store records it in the save's
// transaction); saves through these routes and the scenario resource
// record the logged-in admin (edit).
func (s *Server) scenarioVersionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/scenarios/{id}/versions", s.requireLogin(s.listScenarioVersions))
	mux.HandleFunc("GET /api/scenarios/{id}/versions/{n}", s.requireLogin(s.getScenarioVersion))
	mux.HandleFunc("POST /api/scenarios/{id}/versions/{n}/rollback", s.requireLogin(s.rollbackScenario))
}

// edit returns r's context carrying who saves (the logged-in admin's user
// name), why (note) and when, for the scenario versions it saves.
func (s *Server) edit(r *http.Request, note string) context.Context {
	e := store.Edit{Note: note, At: s.now()}
	if sess := sessionOf(r); sess != nil {
		if a, err := s.st.Admins().Get(r.Context(), sess.AdminID); err == nil {
			e.By = a.Username
		} else {
			e.By = fmt.Sprintf("admin %d", sess.AdminID)
		}
	}
	return store.WithEdit(r.Context(), e)
}

// listScenarioVersions serves GET /api/scenarios/{id}/versions: the kept
// versions, newest first, without their documents.
func (s *Server) listScenarioVersions(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if _, err := s.st.Scenarios().Get(r.Context(), id); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("scenario %d", id), err)
		return
	}
	vs, err := s.st.ScenarioVersions(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("the versions of scenario %d", id), err)
		return
	}
	writeJSON(w, http.StatusOK, vs)
}

// getScenarioVersion serves GET /api/scenarios/{id}/versions/{n}: the
// version with its document.
func (s *Server) getScenarioVersion(w http.ResponseWriter, r *http.Request) {
	v, ok := s.scenarioVersion(w, r)
	if ok {
		writeJSON(w, http.StatusOK, v)
	}
}

// scenarioVersion reads the version that r's path names; when there is
// none it writes the answer and returns false.
func (s *Server) scenarioVersion(w http.ResponseWriter, r *http.Request) (store.ScenarioVersion, bool) {
	id, ok := pathID(w, r)
	if !ok {
		return store.ScenarioVersion{}, false
	}
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil || n < 1 {
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("%q is not a version number: use a version from the list", r.PathValue("n")), "version")
		return store.ScenarioVersion{}, false
	}
	if _, err := s.st.Scenarios().Get(r.Context(), id); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("scenario %d", id), err)
		return store.ScenarioVersion{}, false
	}
	v, err := s.st.ScenarioVersion(r.Context(), id, n)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("version %d of scenario %d (only the last %d are kept)",
			n, id, store.KeptScenarioVersions), err)
		return store.ScenarioVersion{}, false
	}
	return v, true
}

// rollbackScenario serves POST /api/scenarios/{id}/versions/{n}/rollback:
// version n's document is saved as the scenario's new version, through the
// checks of any save, so a version that refers to something deleted since
// is refused with 400 and its problems. The scenario keeps its name. It
// answers 200 with the scenario as it now is.
func (s *Server) rollbackScenario(w http.ResponseWriter, r *http.Request) {
	v, ok := s.scenarioVersion(w, r)
	if !ok {
		return
	}
	problems, err := s.checkScenario(r.Context(), v.Document)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if len(problems) > 0 {
		refuseScenario(w, "was not rolled back", problems)
		return
	}
	what := fmt.Sprintf("scenario %d", v.ScenarioID)
	sc, err := s.st.Scenarios().Get(r.Context(), v.ScenarioID)
	if err != nil {
		s.writeStoreError(w, r, what, err)
		return
	}
	sc.Document = v.Document
	ctx := s.edit(r, fmt.Sprintf("rollback to version %d", v.Version))
	if err := s.st.Scenarios().Update(ctx, &sc); err != nil {
		s.writeStoreError(w, r, what, err)
		return
	}
	writeJSON(w, http.StatusOK, sc)
}
