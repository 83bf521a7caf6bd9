package store

import (
	"encoding/json"
	"fmt"
)

// RingGroup is a named department: its members are rung by strategy, as
// a scenario's group element that refers to it by ID says. The scenario
// package checks the strategy's times and that the members exist; the
// store checks the shape.
type RingGroup struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	Members  json.RawMessage `json:"members"`  // a JSON array of extension numbers, in order
	Strategy string          `json:"strategy"` // all, in_turn or increasing
	Step     int             `json:"step"`     // seconds each turn rings; 0 for all
	Total    int             `json:"total"`    // seconds the group rings in all
}

// Validate checks the fields a user enters.
func (g *RingGroup) Validate() error {
	const table = "ring_groups"
	return firstError(
		checkText(table, "name", g.Name, 1, 64),
		checkExtensionNumbers(table, "members", &g.Members),
		checkOneOf(table, "strategy", g.Strategy, "all", "in_turn", "increasing"),
		checkRange(table, "step", g.Step, 0, 3600),
		checkRange(table, "total", g.Total, 0, 3600),
	)
}

// RingGroups is the repository of the named ring groups, a configuration
// table.
func (s *Store) RingGroups() *Table[RingGroup] { return newTable[RingGroup](s, "ring_groups", true) }

// CallQueue is a named queue: callers of every scenario element that
// refers to it by ID wait in one line for its agents.
type CallQueue struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	Agents   json.RawMessage `json:"agents"`    // a JSON array of extension numbers, in order
	Strategy string          `json:"strategy"`  // ring_all, round_robin, least_recent or fewest_calls
	RingTime int             `json:"ring_time"` // seconds each attempt rings; 0: the default
	MaxWait  int             `json:"max_wait"`  // seconds a caller waits at most
	// MusicPromptID is played, looped, while callers wait; nil: the
	// route's waiting melody.
	MusicPromptID    *int64 `json:"music_prompt_id"`
	AnnouncePosition bool   `json:"announce_position"`
	PositionText     string `json:"position_text"`  // with {{position}}; "": the default
	Language         string `json:"language"`       // of the position announcement
	AnnounceEvery    int    `json:"announce_every"` // seconds; 0: only on joining
	ExitKey          string `json:"exit_key"`       // a phone key that leaves the queue; "": none
	// EarlyMedia, when true, keeps callers unanswered while they wait:
	// they hear the music as early media and are answered when an agent
	// answers (a line that cannot carry early media is answered at once).
	// MaxWait is then at most MaxEarlyMediaWait.
	EarlyMedia bool `json:"early_media" since:"12"`
}

// MaxEarlyMediaWait is the longest a queue with EarlyMedia may keep a
// caller waiting, in seconds: most networks drop a call that is still
// unanswered after about 3 minutes.
const MaxEarlyMediaWait = 180

// Validate checks the fields a user enters.
func (q *CallQueue) Validate() error {
	const table = "call_queues"
	return firstError(
		checkText(table, "name", q.Name, 1, 64),
		checkExtensionNumbers(table, "agents", &q.Agents),
		checkOneOf(table, "strategy", q.Strategy, "ring_all", "round_robin", "least_recent", "fewest_calls"),
		checkRange(table, "ring_time", q.RingTime, 0, 3600),
		checkRange(table, "max_wait", q.MaxWait, 0, 86400),
		checkText(table, "position_text", q.PositionText, 0, 200),
		checkText(table, "language", q.Language, 0, 16),
		checkRange(table, "announce_every", q.AnnounceEvery, 0, 3600),
		checkText(table, "exit_key", q.ExitKey, 0, 1),
		q.checkEarlyMedia(),
	)
}

// checkEarlyMedia refuses a wait in early media longer than networks keep
// an unanswered call.
func (q *CallQueue) checkEarlyMedia() error {
	if q.EarlyMedia && q.MaxWait > MaxEarlyMediaWait {
		return Invalid("call_queues", "max_wait", fmt.Sprintf(
			"must be at most %d seconds while callers wait in early media (unanswered): most networks drop a call left unanswered longer; lower the maximum wait or let the queue answer its callers",
			MaxEarlyMediaWait))
	}
	return nil
}

// CallQueues is the repository of the named queues, a configuration table.
func (s *Store) CallQueues() *Table[CallQueue] { return newTable[CallQueue](s, "call_queues", true) }

// checkExtensionNumbers accepts a JSON array of extension numbers (2 to 6
// digits) and rewrites *v in canonical form; empty means [].
func checkExtensionNumbers(table, field string, v *json.RawMessage) error {
	if len(*v) == 0 {
		*v = json.RawMessage("[]")
		return nil
	}
	var numbers []string
	if err := json.Unmarshal(*v, &numbers); err != nil {
		return Invalid(table, field, `must be a JSON array of extension numbers, such as ["101", "102"]`)
	}
	if numbers == nil {
		numbers = []string{}
	}
	for i, n := range numbers {
		if err := checkDigits(table, field, n, 2, 6); err != nil {
			return Invalid(table, field, fmt.Sprintf("item %d: %q is not an extension number (2 to 6 digits)", i+1, n))
		}
	}
	c, _ := json.Marshal(numbers)
	*v = c
	return nil
}

// ExtensionNumbers returns the extension numbers of a JSON array that
// checkExtensionNumbers accepted, or none.
func ExtensionNumbers(v json.RawMessage) []string {
	var numbers []string
	json.Unmarshal(v, &numbers)
	return numbers
}
