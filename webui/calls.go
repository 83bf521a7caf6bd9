package webui

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// Limits of GET /api/calls: records per page by default and at most.
const (
	defaultCallPage = 100
	maxCallPage     = 1000
)

// callView is a call record as the call log lists it: without its
// details, with its outcome and length.
type callView struct {
	ID          int64     `json:"id"`
	StartedAt   time.Time `json:"started_at"`
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
	EndedAt     time.Time `json:"ended_at"`
	DurationS   int64     `json:"duration_s"` // from start to end, seconds
	TalkS       int64     `json:"talk_s"`     // from answer to end, seconds
	Direction   string    `json:"direction"`
	Caller      string    `json:"caller"`
	CallerName  string    `json:"caller_name"`
	Callee      string    `json:"callee"`
	Source      string    `json:"source"`
	Destination string    `json:"destination"`
	Outcome     string    `json:"outcome"`
	Cause       string    `json:"cause"`
	Route       string    `json:"route"`
	Recorded    bool      `json:"recorded"` // GET /api/calls/{id}/recording serves its recording
}

// callDetail is one call with its details: the scenario path and the legs
// as the switch stored them.
type callDetail struct {
	callView
	Details json.RawMessage `json:"details"`
	// Elements names the scenario elements of the path's steps, by ID.
	Elements map[string]pathElement `json:"elements"`
}

func showCall(c store.CallRecord) callView {
	v := callView{ID: c.ID, StartedAt: c.StartedAt, AnsweredAt: c.AnsweredAt, EndedAt: c.EndedAt,
		DurationS: seconds(c.EndedAt.Sub(c.StartedAt)), Direction: c.Direction, Caller: c.Caller, CallerName: c.CallerName,
		Callee: c.Callee, Source: c.Source, Destination: c.Destination, Outcome: c.Outcome(), Cause: c.Cause, Route: c.Route,
		Recorded: c.Recording != ""}
	if !c.AnsweredAt.IsZero() {
		v.TalkS = seconds(c.EndedAt.Sub(c.AnsweredAt))
	}
	return v
}

func seconds(d time.Duration) int64 { return max(0, int64(d.Round(time.Second)/time.Second)) }

// callFilter is the query of the call log.
type callFilter struct {
	from, to time.Time // started in [from, to); zero: unbounded
	number   string    // in the caller's or callee's number
	channel  string    // the source's or destination's channel, or its kind ("gsm")
	outcome  string
	before   int64 // only IDs below; 0: from the newest
	limit    int
}

// parseCallFilter reads the query of GET /api/calls. Dates are
// "YYYY-MM-DD" (whole UTC days; to is inclusive) or RFC 3339 times (to is
// exclusive). On failure it answers 400 and returns false.
func parseCallFilter(w http.ResponseWriter, q url.Values) (callFilter, bool) {
	f := callFilter{number: strings.TrimSpace(q.Get("number")), channel: strings.TrimSpace(q.Get("channel")),
		outcome: q.Get("outcome"), limit: defaultCallPage}
	bad := func(field, msg string) (callFilter, bool) {
		writeError(w, http.StatusBadRequest, field+": "+msg, field)
		return callFilter{}, false
	}
	for _, d := range []struct {
		field string
		t     *time.Time
		end   bool
	}{{"from", &f.from, false}, {"to", &f.to, true}} {
		s := q.Get(d.field)
		if s == "" {
			continue
		}
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			if d.end {
				t = t.AddDate(0, 0, 1)
			}
			*d.t = t
		} else if t, err := time.Parse(time.RFC3339, s); err == nil {
			*d.t = t
		} else {
			return bad(d.field, fmt.Sprintf("%q is not a date: use YYYY-MM-DD or an RFC 3339 time such as 2026-03-01T09:00:00Z", s))
		}
	}
	if !f.from.IsZero() && !f.to.IsZero() && !f.to.After(f.from) {
		return bad("to", "the range ends before it starts: choose a to date after the from date")
	}
	if f.outcome != "" && !slices.Contains([]string{store.OutcomeAnswered, store.OutcomeUnanswered, store.OutcomeBusy, store.OutcomeFailed}, f.outcome) {
		return bad("outcome", fmt.Sprintf("%q is not an outcome: use answered, unanswered, busy or failed", f.outcome))
	}
	if s := q.Get("before"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 1 {
			return bad("before", fmt.Sprintf("%q is not a call id: use the id of the last call of the page", s))
		}
		f.before = v
	}
	if s := q.Get("limit"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 || v > maxCallPage {
			return bad("limit", fmt.Sprintf("%q is not a page size: use 1 to %d", s, maxCallPage))
		}
		f.limit = v
	}
	if len(f.number) > 32 {
		return bad("number", "the number is too long: use at most 32 characters")
	}
	if len(f.channel) > 32 {
		return bad("channel", "the channel is too long: use at most 32 characters, such as gsm/1 or fxo")
	}
	return f, true
}

// findCalls returns the records that pass f, newest (highest ID) first, at
// most limit of them (all when limit is 0), and whether more follow.
func (s *Server) findCalls(r *http.Request, f callFilter, limit int) ([]store.CallRecord, bool, error) {
	return s.st.FindCalls(r.Context(), store.CallQuery{From: f.from, To: f.to, Number: f.number,
		Channel: f.channel, Outcome: f.outcome, Before: f.before, Limit: limit})
}

// callPage is the answer of GET /api/calls. Next, when set, is the before
// of the next page.
type callPage struct {
	Calls []callView `json:"calls"`
	Next  int64      `json:"next,omitempty"`
}

// listCalls serves GET /api/calls.
func (s *Server) listCalls(w http.ResponseWriter, r *http.Request) {
	f, ok := parseCallFilter(w, r.URL.Query())
	if !ok {
		return
	}
	rows, more, err := s.findCalls(r, f, f.limit)
	if err != nil {
		s.writeStoreError(w, r, "call log", err)
		return
	}
	page := callPage{Calls: make([]callView, len(rows))}
	for i, c := range rows {
		page.Calls[i] = showCall(c)
	}
	if more {
		page.Next = rows[len(rows)-1].ID
	}
	writeJSON(w, http.StatusOK, page)
}

// callCSVHeader is the header row of GET /api/calls.csv.
var callCSVHeader = []string{"id", "started_at", "answered_at", "ended_at", "duration_s", "talk_s", "direction",
	"caller", "caller_name", "callee", "source", "destination", "outcome", "cause", "route", "recorded", "rating"}

// callsCSV serves GET /api/calls.csv: every call that passes the filters
// of GET /api/calls (before and limit ignored), newest first, as CSV with
// a header row. Times are RFC 3339 in UTC; recorded is true or false,
// rating the caller's 1 to 5 or empty. A cell that a spreadsheet would
// take for a formula or a number (starting with =, +, -, @, a tab or a
// carriage return; a number such as +74951234567) gets a leading
// apostrophe, so numbers stay text and nothing is evaluated.
func (s *Server) callsCSV(w http.ResponseWriter, r *http.Request) {
	f, ok := parseCallFilter(w, r.URL.Query())
	if !ok {
		return
	}
	f.before = 0
	rows, _, err := s.findCalls(r, f, 0)
	if err != nil {
		s.writeStoreError(w, r, "call log", err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="calls.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write(callCSVHeader)
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, c := range rows {
		v := showCall(c)
		cw.Write([]string{strconv.FormatInt(v.ID, 10), stamp(v.StartedAt), stamp(v.AnsweredAt), stamp(v.EndedAt),
			strconv.FormatInt(v.DurationS, 10), strconv.FormatInt(v.TalkS, 10), v.Direction,
			asText(v.Caller), asText(v.CallerName), asText(v.Callee), v.Source, v.Destination, v.Outcome, v.Cause, asText(v.Route),
			strconv.FormatBool(v.Recorded), callRating(c.Details)})
	}
	cw.Flush()
}

// callRating returns the caller's rating of a call, "1" to "5", kept in
// its details' variables when its route asked for one; "" when the caller
// gave none or the details hold something else.
func callRating(details json.RawMessage) string {
	var d struct {
		Variables map[string]string `json:"variables"`
	}
	if json.Unmarshal(details, &d) != nil {
		return ""
	}
	r := d.Variables[scenario.VarRating]
	if len(r) != 1 || r[0] < '1' || r[0] > '5' {
		return ""
	}
	return r
}

// asText returns a CSV cell that a spreadsheet shows as the text s: with a
// leading apostrophe when s starts like a formula or a number.
func asText(s string) string {
	if s == "" {
		return s
	}
	if strings.ContainsRune("=+-@\t\r", rune(s[0])) || (s[0] >= '0' && s[0] <= '9') {
		return "'" + s
	}
	return s
}

// getCall serves GET /api/calls/{id}: the call with its details, the
// scenario path and the legs as stored.
func (s *Server) getCall(w http.ResponseWriter, r *http.Request) {
	c, ok := pathRecord(s, w, r, s.st.CallRecords(), "call")
	if !ok {
		return
	}
	details := c.Details
	if len(details) == 0 {
		details = json.RawMessage("{}")
	}
	elements, err := s.pathElements(r.Context(), c.Route, details)
	if err != nil {
		s.writeStoreError(w, r, "scenarios", err)
		return
	}
	writeJSON(w, http.StatusOK, callDetail{callView: showCall(c), Details: details, Elements: elements})
}
