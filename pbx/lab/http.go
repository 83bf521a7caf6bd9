package lab

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// maxBody bounds a request body (a long SMS fits many times over).
const maxBody = 64 << 10

// action is one POST route: it decodes its body from dec and acts on the
// slot, returning the slot's state afterwards.
type action func(slot string, body decoder) (any, error)

// decoder decodes a request body into v; an empty body leaves v as it is.
type decoder func(v any) error

// Handler returns the lab's HTTP JSON API. The caller mounts it under a
// prefix it strips (pbxd: /api/lab/) and does the authentication:
//
//	GET  /                       the whole world (State)
//	GET  /phones/{slot}          one phone (also /lines/{slot}, /gsm/{slot})
//	POST /phones/{slot}/{offhook|onhook|flash|dial|tone|settings}
//	POST /lines/{slot}/{ring|hangup|answer|tone|dtmf|present|settings}
//	POST /gsm/{slot}/{call|answer|hangup|busy|dtmf|tone|sms|ussd|signal|register|break}
//	POST /button                 hold the reset button {"ms": N} (ButtonPress)
//	POST /reset                  put the world back as it started (Reset)
//
// A POST answers the slot's state after the action. Errors are JSON
// {"error": "...", "field": "..."}: 400 for a request the lab refuses, 404
// for an unknown slot or route, 405 for a wrong method.
func (l *Lab) Handler() *API {
	return &API{l: l, h: l.handler()}
}

// API is the lab's HTTP JSON API, and the world's state for a live feed
// (StateJSON). It is safe for concurrent use.
type API struct {
	l *Lab
	h http.Handler
}

// ServeHTTP serves the routes that Handler lists.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.h.ServeHTTP(w, r) }

// StateJSON returns the whole world's state as GET / answers it, for the
// web UI's websocket to push when it changes.
func (a *API) StateJSON() ([]byte, error) { return json.Marshal(a.l.State()) }

func (l *Lab) handler() http.Handler {
	routes := map[string]map[string]action{
		"phones": l.phoneActions(),
		"lines":  l.lineActions(),
		"gsm":    l.gsmActions(),
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if parts[0] == "" {
			parts = nil
		}
		switch {
		case len(parts) == 1 && parts[0] == "button" && r.Method == http.MethodPost:
			l.serveAction(w, r, "", l.buttonAction)
			return
		case len(parts) == 1 && parts[0] == "reset" && r.Method == http.MethodPost:
			l.serveAction(w, r, "", l.resetAction)
			return
		case len(parts) == 0:
			if r.Method != http.MethodGet {
				writeError(w, http.StatusMethodNotAllowed, "", fmt.Errorf("lab: %s / : use GET", r.Method))
				return
			}
			writeJSON(w, http.StatusOK, l.State())
			return
		case len(parts) == 2 && routes[parts[0]] != nil:
			if r.Method != http.MethodGet {
				writeError(w, http.StatusMethodNotAllowed, "", fmt.Errorf("lab: %s %s: use GET, or POST to an action", r.Method, r.URL.Path))
				return
			}
			st, err := l.slotState(parts[0], parts[1])
			if err != nil {
				writeError(w, http.StatusNotFound, "slot", err)
				return
			}
			writeJSON(w, http.StatusOK, st)
			return
		case len(parts) == 3 && routes[parts[0]] != nil:
			act, ok := routes[parts[0]][parts[2]]
			if !ok {
				writeError(w, http.StatusNotFound, "", fmt.Errorf("lab: no action %q for %s (have %s)", parts[2], parts[0], names(routes[parts[0]])))
				return
			}
			if r.Method != http.MethodPost {
				writeError(w, http.StatusMethodNotAllowed, "", fmt.Errorf("lab: %s %s: use POST", r.Method, r.URL.Path))
				return
			}
			l.serveAction(w, r, parts[1], act)
			return
		}
		writeError(w, http.StatusNotFound, "", fmt.Errorf("lab: no route %s; see GET / for the world and POST /{phones|lines|gsm}/{slot}/{action}", r.URL.Path))
	})
}

func (l *Lab) serveAction(w http.ResponseWriter, r *http.Request, slot string, act action) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "", fmt.Errorf("lab: read request: %w", err))
		return
	}
	if len(body) > maxBody {
		writeError(w, http.StatusRequestEntityTooLarge, "", fmt.Errorf("lab: request body over %d bytes", maxBody))
		return
	}
	st, err := act(slot, func(v any) error { return decodeBody(body, v) })
	var le *Error
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, st)
	case errors.Is(err, ErrUnknownSlot):
		writeError(w, http.StatusNotFound, "slot", err)
	case errors.As(err, &le):
		writeError(w, http.StatusBadRequest, le.Field, err)
	default:
		writeError(w, http.StatusInternalServerError, "", err)
	}
}

// decodeBody decodes a JSON object strictly; an empty body is {}.
func decodeBody(body []byte, v any) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("data after the JSON object")
	}
	if err == nil {
		return nil
	}
	field := ""
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field = te.Field
	} else if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field = strings.Trim(f, `"`)
	}
	return &Error{Field: field, Err: fmt.Errorf("lab: request body: %w", err)}
}

func (l *Lab) slotState(kind, slot string) (any, error) {
	switch kind {
	case "phones":
		p, err := l.Phone(slot)
		if err != nil {
			return nil, err
		}
		return p.State(), nil
	case "lines":
		x, err := l.Exchange(slot)
		if err != nil {
			return nil, err
		}
		return x.State(), nil
	}
	n, err := l.Network(slot)
	if err != nil {
		return nil, err
	}
	return n.State(), nil
}

func names(m map[string]action) string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}

type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

func writeError(w http.ResponseWriter, status int, field string, err error) {
	writeJSON(w, status, errorBody{Error: err.Error(), Field: field})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ms converts a request's milliseconds.
func ms(v int) time.Duration { return time.Duration(v) * time.Millisecond }
