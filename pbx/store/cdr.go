package store

import (
	"context"
	"encoding/json"
	"time"
)

// CallRecord is what the box remembers of one call: who called whom, through
// which channels, when, and how it ended. Details holds the scenario path,
// media statistics and rating as a JSON object.
type CallRecord struct {
	ID          int64           `json:"id"`
	StartedAt   time.Time       `json:"started_at"`
	AnsweredAt  time.Time       `json:"answered_at"` // zero if never answered
	EndedAt     time.Time       `json:"ended_at"`
	Direction   string          `json:"direction"` // inbound, outbound or internal
	Caller      string          `json:"caller"`
	CallerName  string          `json:"caller_name"`
	Callee      string          `json:"callee"`
	Source      string          `json:"source"`      // channel the call came in on, e.g. "fxs/1"
	Destination string          `json:"destination"` // channel that answered, if any
	Cause       string          `json:"cause"`
	Route       string          `json:"route"` // inbound route name
	Details     json.RawMessage `json:"details"`
	Recording   string          `json:"recording"` // file name in the recordings folder; "" if none
}

// Validate fills an empty Details with an empty object.
func (c *CallRecord) Validate() error {
	if len(c.Details) == 0 {
		c.Details = json.RawMessage("{}")
	}
	if err := checkRecordingName(c.Recording); err != nil {
		return err
	}
	return checkJSONObject("call_records", "details", c.Details)
}

// RecentCalls returns up to limit call records, newest first.
func (s *Store) RecentCalls(ctx context.Context, limit int) ([]CallRecord, error) {
	return s.CallRecords().query(ctx, s.r, "ORDER BY started_at DESC, id DESC LIMIT ?", limit)
}
