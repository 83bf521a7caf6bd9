package webui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/hookflash/firmware/pbx/store"
)

// maxBody bounds a JSON request body (bytes).
const maxBody = 64 << 10

// apiError is the body of every error response. Error says what went wrong
// and what to do; Field names the JSON field at fault, when there is one.
type apiError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// writeJSON writes v as a JSON response with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// writeError writes an error response; msg must say what the user can do.
func writeError(w http.ResponseWriter, code int, msg, field string) {
	writeJSON(w, code, apiError{Error: msg, Field: field})
}

// readJSON decodes the request body, at most maxBody bytes holding exactly
// one JSON value with no unknown fields, into v. On failure it writes the
// error response and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	return readJSONLimit(w, r, v, maxBody)
}

// readJSONLimit is readJSON for a body of at most limit bytes.
func readJSONLimit(w http.ResponseWriter, r *http.Request, v any, limit int64) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() {
			err = errors.New("more than one JSON value")
		} else if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("data after the JSON value")
		}
	}
	if err == nil {
		return true
	}
	var (
		tooBig    *http.MaxBytesError
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
	)
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body is larger than %d KiB: send less", limit>>10), "")
	case errors.As(err, &typeErr):
		field := jsonField(typeErr.Field)
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("field %s must be a JSON %s, not %s: correct its type", field, typeErr.Type, typeErr.Value), field)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		writeError(w, http.StatusBadRequest, "request body is not valid JSON: send one JSON object", "")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("unknown field %q: remove it or check its spelling", field), field)
	default:
		writeError(w, http.StatusBadRequest, "bad request body: "+err.Error()+": send one JSON object", "")
	}
	return false
}

// writeStoreError maps an error from the store to a response: 400 for an
// invalid value, 409 for a duplicate or a record still in use, 404 for a
// missing record, 422 for a reference to a record that does not exist, and
// 500 (logged, not shown) for anything else. what names the record for the
// not-found message, such as "extension 7".
func (s *Server) writeStoreError(w http.ResponseWriter, r *http.Request, what string, err error) {
	var fe *store.FieldError
	errors.As(err, &fe)
	field, detail := "", ""
	if fe != nil {
		field, detail = fe.Field, fe.Detail
	}
	switch {
	case errors.Is(err, store.ErrInvalid):
		msg := field + " is invalid: correct it and try again"
		if detail != "" {
			msg = field + ": " + detail
		}
		writeError(w, http.StatusBadRequest, msg, field)
	case errors.Is(err, store.ErrDuplicate):
		writeError(w, http.StatusConflict,
			fmt.Sprintf("%s is already used by another record: choose a different %s", field, field), field)
	case errors.Is(err, store.ErrInUse):
		msg := what + " is still in use: change or delete what refers to it first"
		if detail != "" {
			msg = what + " is still in use: " + detail
		}
		writeError(w, http.StatusConflict, msg, field)
	case errors.Is(err, store.ErrMissingReference):
		writeError(w, http.StatusUnprocessableEntity,
			fmt.Sprintf("%s refers to a record that does not exist (%s): choose an existing one", field, detail), field)
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, what+" does not exist: it may have been deleted; reload the list", "")
	default:
		s.log.Error("webui: store", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError,
			"the box could not read or save its configuration: try again, and if it persists look at the log", "")
	}
}

// internalError logs err and tells the user the request failed on the box.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("webui: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError,
		"the box could not complete the request: try again, and if it persists look at the log", "")
}

// jsonField is the JSON path of a field as encoding/json reports it, without
// the Go names of embedded structs it adds in front ("FXSPort.echo_cancel"
// is the body's "echo_cancel").
func jsonField(path string) string {
	parts := strings.Split(path, ".")
	for len(parts) > 1 && parts[0] != "" && parts[0][0] >= 'A' && parts[0][0] <= 'Z' {
		parts = parts[1:]
	}
	return strings.Join(parts, ".")
}
