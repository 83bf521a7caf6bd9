package webui

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// listRoutes adds the black and white lists' API to mux: the lists, and
// the numbers and prefixes in each, which scenarios' list elements check
// callers against.
func (s *Server) listRoutes(mux *http.ServeMux) {
	lists := s.numberListResource()
	mux.HandleFunc("GET /api/number-lists", s.requireLogin(lists.list))
	mux.HandleFunc("POST /api/number-lists", s.requireLogin(lists.create))
	mux.HandleFunc("GET /api/number-lists/{id}", s.requireLogin(lists.get))
	mux.HandleFunc("PUT /api/number-lists/{id}", s.requireLogin(lists.update))
	mux.HandleFunc("DELETE /api/number-lists/{id}", s.requireLogin(s.deleteNumberList))
	mux.HandleFunc("GET /api/number-lists/{id}/entries", s.requireLogin(s.listEntries))
	mux.HandleFunc("POST /api/number-lists/{id}/entries", s.requireLogin(s.createEntry))
	mux.HandleFunc("DELETE /api/number-lists/{id}/entries/{entry}", s.requireLogin(s.deleteEntry))
}

// numberListResource serves /api/number-lists.
func (s *Server) numberListResource() *resource[store.NumberList] {
	return &resource[store.NumberList]{
		s: s, table: s.st.NumberLists(), noun: "list", path: "/api/number-lists",
		id:    func(l *store.NumberList) *int64 { return &l.ID },
		fresh: func() store.NumberList { return store.NumberList{Kind: "black"} },
	}
}

// deleteNumberList serves DELETE /api/number-lists/{id}: the list goes
// with its entries, unless a scenario checks callers against it (409,
// naming the scenario and element).
func (s *Server) deleteNumberList(w http.ResponseWriter, r *http.Request) {
	l, ok := pathRecord(s, w, r, s.st.NumberLists(), "list")
	if !ok {
		return
	}
	scenarios, err := s.st.Scenarios().List(r.Context())
	if err != nil {
		s.writeStoreError(w, r, "scenarios", err)
		return
	}
	var users []string
	for _, sc := range scenarios {
		doc, err := scenario.Decode(sc.Document)
		if err != nil {
			continue // a scenario that does not decode runs no list
		}
		for _, e := range doc.Elements {
			if p, ok := e.Params.(*scenario.List); ok && p.ListID == l.ID {
				users = append(users, fmt.Sprintf("%q (element %s)", sc.Name, e.ID))
			}
		}
	}
	if len(users) > 0 {
		writeError(w, http.StatusConflict, fmt.Sprintf("list %q is checked by scenario %s: take it out of the scenario first",
			l.Name, strings.Join(users, ", ")), "id")
		return
	}
	if err := s.st.NumberLists().Delete(r.Context(), l.ID); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("list %d", l.ID), err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listEntries serves GET /api/number-lists/{id}/entries: the list's
// numbers and prefixes, by ID.
func (s *Server) listEntries(w http.ResponseWriter, r *http.Request) {
	l, ok := pathRecord(s, w, r, s.st.NumberLists(), "list")
	if !ok {
		return
	}
	entries, err := s.st.NumberListEntries().ListBy(r.Context(), "list_id", l.ID)
	if err != nil {
		s.writeStoreError(w, r, "list entries", err)
		return
	}
	if entries == nil {
		entries = []store.NumberListEntry{}
	}
	writeJSON(w, http.StatusOK, entries)
}

// createEntry serves POST /api/number-lists/{id}/entries {pattern, prefix,
// comment}: a number, or with prefix every number that starts with it.
// Spaces are dropped. A pattern already in the list, with or without its
// +, is refused on the pattern field.
func (s *Server) createEntry(w http.ResponseWriter, r *http.Request) {
	l, ok := pathRecord(s, w, r, s.st.NumberLists(), "list")
	if !ok {
		return
	}
	var in struct {
		Pattern string `json:"pattern"`
		Prefix  bool   `json:"prefix"`
		Comment string `json:"comment"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	e := store.NumberListEntry{ListID: l.ID, Pattern: strings.ReplaceAll(strings.TrimSpace(in.Pattern), " ", ""), Prefix: in.Prefix, Comment: strings.TrimSpace(in.Comment)}
	ctx := r.Context()
	existing, err := s.st.NumberListEntries().ListBy(ctx, "list_id", l.ID)
	if err != nil {
		s.writeStoreError(w, r, "list entries", err)
		return
	}
	for _, x := range existing {
		if strings.TrimPrefix(x.Pattern, "+") == strings.TrimPrefix(e.Pattern, "+") {
			writeError(w, http.StatusConflict, fmt.Sprintf("%s is in list %q already: change that entry instead", x.Pattern, l.Name), "pattern")
			return
		}
	}
	if err := s.st.NumberListEntries().Create(ctx, &e); err != nil {
		s.writeStoreError(w, r, "list entry", err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/number-lists/%d/entries/%d", l.ID, e.ID))
	writeJSON(w, http.StatusCreated, e)
}

// deleteEntry serves DELETE /api/number-lists/{id}/entries/{entry}.
func (s *Server) deleteEntry(w http.ResponseWriter, r *http.Request) {
	l, ok := pathRecord(s, w, r, s.st.NumberLists(), "list")
	if !ok {
		return
	}
	var id int64
	if _, err := fmt.Sscan(r.PathValue("entry"), &id); err != nil || id < 1 {
		writeError(w, http.StatusBadRequest, "the entry in the path must be an entry's ID from the list", "entry")
		return
	}
	e, err := s.st.NumberListEntries().Get(r.Context(), id)
	if err != nil || e.ListID != l.ID {
		writeError(w, http.StatusNotFound, fmt.Sprintf("list %q has no entry %d: reload the list", l.Name, id), "entry")
		return
	}
	if err := s.st.NumberListEntries().Delete(r.Context(), id); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("list entry %d", id), err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
