package store

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Call outcomes, as the call log filters and shows them.
const (
	OutcomeAnswered   = "answered"   // someone answered
	OutcomeUnanswered = "unanswered" // rang out, or the caller gave up
	OutcomeBusy       = "busy"       // the called party was busy
	OutcomeFailed     = "failed"     // unavailable, congestion, refused or not found
)

// failedCauses are the causes of calls that could not be put through.
var failedCauses = []string{"unavailable", "congestion", "rejected", "not_found"}

// Outcome returns the outcome of the call c records.
func (c *CallRecord) Outcome() string {
	switch {
	case !c.AnsweredAt.IsZero():
		return OutcomeAnswered
	case c.Cause == "busy":
		return OutcomeBusy
	case slices.Contains(failedCauses, c.Cause):
		return OutcomeFailed
	}
	return OutcomeUnanswered
}

// CallQuery selects call records. Zero fields select everything.
type CallQuery struct {
	From, To time.Time // started in [From, To)
	Number   string    // part of the caller's or callee's number
	Channel  string    // the source's or destination's channel ("gsm/1"), or its kind ("gsm")
	Outcome  string    // one of the Outcome constants
	Before   int64     // only IDs below Before
	Limit    int       // at most Limit records; 0: all
}

// FindCalls returns the call records q selects, newest (highest ID) first,
// and whether more than q.Limit matched. The filtering is done by SQLite,
// so the call log does not read every record.
func (s *Store) FindCalls(ctx context.Context, q CallQuery) ([]CallRecord, bool, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if !q.From.IsZero() {
		add("started_at >= ?", q.From.UnixMilli())
	}
	if !q.To.IsZero() {
		add("started_at < ?", q.To.UnixMilli())
	}
	if q.Number != "" {
		add("(instr(caller, ?) > 0 OR instr(callee, ?) > 0)", q.Number, q.Number)
	}
	if q.Channel != "" {
		onChannel := "(%[1]s = ? OR substr(%[1]s, 1, ?) = ?)"
		n, prefix := len(q.Channel)+1, q.Channel+"/"
		add("("+strings.ReplaceAll(onChannel, "%[1]s", "source")+" OR "+strings.ReplaceAll(onChannel, "%[1]s", "destination")+")",
			q.Channel, n, prefix, q.Channel, n, prefix)
	}
	failed := "('" + strings.Join(failedCauses, "', '") + "')"
	switch q.Outcome {
	case OutcomeAnswered:
		add("answered_at != 0")
	case OutcomeBusy:
		add("answered_at = 0 AND cause = 'busy'")
	case OutcomeFailed:
		add("answered_at = 0 AND cause IN " + failed)
	case OutcomeUnanswered:
		add("answered_at = 0 AND cause != 'busy' AND cause NOT IN " + failed)
	}
	if q.Before > 0 {
		add("id < ?", q.Before)
	}
	sql := ""
	if len(where) > 0 {
		sql = "WHERE " + strings.Join(where, " AND ") + " "
	}
	sql += "ORDER BY id DESC"
	if q.Limit > 0 {
		sql += " LIMIT ?"
		args = append(args, q.Limit+1)
	}
	recs, err := s.CallRecords().query(ctx, s.r, sql, args...)
	if err != nil {
		return nil, false, err
	}
	if q.Limit > 0 && len(recs) > q.Limit {
		return recs[:q.Limit], true, nil
	}
	return recs, false, nil
}
