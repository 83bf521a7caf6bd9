package webui

import (
	"cmp"
	"context"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// resource serves the list, create, get, update and delete endpoints of
// one configuration table, as the extensions API does: the body is one JSON
// object with no unknown fields, the box chooses IDs, an update changes
// only the fields the body names, and store errors become answers with the
// field at fault. Its handlers are safe for concurrent use.
type resource[T any] struct {
	s     *Server
	table *store.Table[T]
	noun  string // names a record in messages: "SIP trunk"
	path  string // the collection's path: "/api/trunks"
	id    func(*T) *int64
	fresh func() T // a new record with its defaults
	// read decodes the request body into v, which holds the current record
	// on update (old is then a copy of it) and fresh() on create (old is
	// nil). On failure it writes the answer and returns false. nil means
	// readJSON.
	read func(w http.ResponseWriter, r *http.Request, v, old *T) bool
	// check runs before every write; on refusal it writes the answer and
	// returns false. nil accepts everything the store accepts.
	check func(w http.ResponseWriter, r *http.Request, v *T) bool
	// view is what the API shows of a record; nil shows the record.
	view func(T) any
	// limit bounds a request body (bytes); 0 means maxBody.
	limit int64
	// edit gives the context that a create or update writes with (a
	// scenario's save records who made it); nil means r's.
	edit func(r *http.Request) context.Context
}

func (rs *resource[T]) writeContext(r *http.Request) context.Context {
	if rs.edit == nil {
		return r.Context()
	}
	return rs.edit(r)
}

func (rs *resource[T]) show(v T) any {
	if rs.view == nil {
		return v
	}
	return rs.view(v)
}

func (rs *resource[T]) decode(w http.ResponseWriter, r *http.Request, v, old *T) bool {
	if rs.read == nil {
		return readJSONLimit(w, r, v, cmp.Or(rs.limit, maxBody))
	}
	return rs.read(w, r, v, old)
}

// list serves GET path: every record, by ID.
func (rs *resource[T]) list(w http.ResponseWriter, r *http.Request) {
	rows, err := rs.table.List(r.Context())
	if err != nil {
		rs.s.writeStoreError(w, r, rs.noun+"s", err)
		return
	}
	out := make([]any, len(rows))
	for i, v := range rows {
		out[i] = rs.show(v)
	}
	writeJSON(w, http.StatusOK, out)
}

// create serves POST path. A 201 answer means the record is committed.
func (rs *resource[T]) create(w http.ResponseWriter, r *http.Request) {
	v := rs.fresh()
	if !rs.decode(w, r, &v, nil) {
		return
	}
	if *rs.id(&v) != 0 {
		writeError(w, http.StatusBadRequest, "id is chosen by the box: leave it out", "id")
		return
	}
	if rs.check != nil && !rs.check(w, r, &v) {
		return
	}
	if err := rs.table.Create(rs.writeContext(r), &v); err != nil {
		rs.s.writeStoreError(w, r, rs.noun, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("%s/%d", rs.path, *rs.id(&v)))
	writeJSON(w, http.StatusCreated, rs.show(v))
}

// get serves GET path/{id}.
func (rs *resource[T]) get(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	v, err := rs.table.Get(r.Context(), id)
	if err != nil {
		rs.s.writeStoreError(w, r, fmt.Sprintf("%s %d", rs.noun, id), err)
		return
	}
	writeJSON(w, http.StatusOK, rs.show(v))
}

// update serves PUT path/{id}: the body's fields replace the record's;
// fields left out keep their values.
func (rs *resource[T]) update(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	what := fmt.Sprintf("%s %d", rs.noun, id)
	old, err := rs.table.Get(r.Context(), id)
	if err != nil {
		rs.s.writeStoreError(w, r, what, err)
		return
	}
	v := old
	if !rs.decode(w, r, &v, &old) {
		return
	}
	if got := *rs.id(&v); got != id {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("id %d in the body differs from %d in the path: leave it out", got, id), "id")
		return
	}
	if rs.check != nil && !rs.check(w, r, &v) {
		return
	}
	if err := rs.table.Update(rs.writeContext(r), &v); err != nil {
		rs.s.writeStoreError(w, r, what, err)
		return
	}
	writeJSON(w, http.StatusOK, rs.show(v))
}

// remove serves DELETE path/{id}.
func (rs *resource[T]) remove(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if err := rs.table.Delete(r.Context(), id); err != nil {
		rs.s.writeStoreError(w, r, fmt.Sprintf("%s %d", rs.noun, id), err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
