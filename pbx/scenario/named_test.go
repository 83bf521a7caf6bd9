package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// withNamed adds the stored ring group 7 (Sales: 102 then 103, in turn)
// and the stored queue 9 (Support: agent 104, exit key 0) to cfg.
func withNamed(cfg *store.Config) *store.Config {
	cfg.RingGroups = []store.RingGroup{{ID: 7, Name: "Sales", Members: json.RawMessage(`["102","103"]`), Strategy: StrategyInTurn, Step: 10, Total: 60}}
	cfg.CallQueues = []store.CallQueue{{ID: 9, Name: "Support", Agents: json.RawMessage(`["104"]`), Strategy: "ring_all", MaxWait: 60, ExitKey: "0"}}
	return cfg
}

// TestStoredGroupDryRun: a group element that names a stored group rings
// the group's members by its strategy: 102 first, then 103, who answers.
func TestStoredGroupDryRun(t *testing.T) {
	t.Parallel()
	src := doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
		`{"id": "g", "type": "group", "params": {"group_id": 7}, "next": {"next": "bye"}}`, bye)
	eng := New(Opts{Schedules: workingHours, Logger: quiet()})
	eng.Load(context.Background(), withScenario(withNamed(baseConfig()), 1, src, did), 1)
	tr, err := eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did, At: tuesdayNoon,
		Phones: map[string]DryPhone{"sip/102": {Never: true}, "sip/103": {AnswerAfter: 3 * time.Second}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := tracePath(tr); !slices.Equal(got, []string{"in:next", "g:answered"}) {
		t.Errorf("path %q; want the group answered", got)
	}
	events := strings.Join(tr.Events, "\n")
	if i, j := strings.Index(events, "102"), strings.Index(events, "103"); i < 0 || j < i {
		t.Errorf("events %q; want 102 rung before 103", tr.Events)
	}
}

// TestStoredQueueDryRun: a queue element that names a stored queue waits
// for the queue's agent, and its exit key is the queue's.
func TestStoredQueueDryRun(t *testing.T) {
	t.Parallel()
	src := queueDoc(`{"queue_id": 9}`)
	eng := New(Opts{Schedules: workingHours, Logger: quiet()})
	eng.Load(context.Background(), withScenario(withNamed(baseConfig()), 1, src, did), 1)
	run := func(d DryRun) []string {
		d.Caller, d.Channel, d.Called, d.At = "+79160000000", "trunk/Provider", did, tuesdayNoon
		tr, err := eng.DryRun(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		return tracePath(tr)
	}
	if got := run(DryRun{Phones: map[string]DryPhone{"sip/104": {AnswerAfter: 2 * time.Second}}}); !slices.Contains(got, "q:answered") {
		t.Errorf("path %q; want the queue's agent 104 to answer", got)
	}
	if got := run(DryRun{Keys: map[string][]string{"q": {"0"}}}); !slices.Contains(got, "q:exit") {
		t.Errorf("path %q; want the queue's exit key to leave", got)
	}
}

// TestStoredGroupAndQueueValidate: an element naming a stored group or
// queue must name one that exists and leave the rest to it; such a queue
// element has both outcomes.
func TestStoredGroupAndQueueValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, element, field, outcome string
	}{
		{"group that exists", doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "group", "params": {"group_id": 7}, "next": {"next": "bye"}}`, bye), "", "", ""},
		{"group that does not", doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "group", "params": {"group_id": 8}, "next": {"next": "bye"}}`, bye), "g", "group_id", ""},
		{"group with members of its own", doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "group", "params": {"group_id": 7, "members": ["101"]}, "next": {"next": "bye"}}`, bye), "g", "group_id", ""},
		{"queue that exists", queueDoc(`{"queue_id": 9}`), "", "", ""},
		{"queue that does not", queueDoc(`{"queue_id": 3}`), "q", "queue_id", ""},
		{"queue with agents of its own", queueDoc(`{"queue_id": 9, "agents": ["101"]}`), "q", "queue_id", ""},
		{"queue with its own announcement", queueDoc(`{"queue_id": 9, "announcement": {"prompt_id": 1}, "announce_every": 30}`), "", "", ""},
		{"queue without an exit arrow", strings.Replace(queueDoc(`{"queue_id": 9}`), `, "exit": "bye"`, "", 1), "q", "", "exit"},
	}
	for _, tt := range tests {
		d, err := Decode([]byte(tt.src))
		if err != nil {
			t.Fatalf("%s: Decode: %v", tt.name, err)
		}
		err = Validate(context.Background(), d, &ConfigRefs{Config: withNamed(baseConfig())})
		var ve *ValidationError
		switch {
		case tt.element == "" && err != nil:
			t.Errorf("%s: Validate = %v; want nil", tt.name, err)
		case tt.element != "" && !errors.As(err, &ve):
			t.Errorf("%s: Validate = %v; want a problem", tt.name, err)
		case tt.element != "" && !slices.ContainsFunc(ve.Problems, func(p Problem) bool {
			return p.Element == tt.element && p.Field == tt.field && p.Outcome == tt.outcome
		}):
			t.Errorf("%s: Validate = %v; want a problem with %s field %q outcome %q", tt.name, err, tt.element, tt.field, tt.outcome)
		}
	}
}

// TestCheckStoredGroupAndQueue: the stored ones are checked as elements
// are: members that are no extensions, times out of range.
func TestCheckStoredGroupAndQueue(t *testing.T) {
	t.Parallel()
	refs := &ConfigRefs{Config: baseConfig()}
	ps, err := CheckGroup(context.Background(), store.RingGroup{Members: json.RawMessage(`["101","199"]`), Strategy: StrategyInTurn, Step: 2, Total: 60}, refs)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, p := range ps {
		fields = append(fields, p.Field)
	}
	if !slices.Contains(fields, "members") || !slices.Contains(fields, "step") || len(ps) != 2 {
		t.Errorf("CheckGroup = %v; want problems with members (199) and step", ps)
	}
	ps, err = CheckQueue(context.Background(), store.CallQueue{Name: "Support", Agents: json.RawMessage(`["101"]`), Strategy: "ring_all", MaxWait: 60, ExitKey: "0"}, refs)
	if err != nil || len(ps) != 0 {
		t.Errorf("CheckQueue(a good queue) = %v, %v; want no problems", ps, err)
	}
	ps, _ = CheckQueue(context.Background(), store.CallQueue{Name: "Support", Strategy: "ring_all", MaxWait: 5, ExitKey: "x"}, refs)
	fields = nil
	for _, p := range ps {
		fields = append(fields, p.Field)
	}
	for _, f := range []string{"agents", "max_wait", "exit_key"} {
		if !slices.Contains(fields, f) {
			t.Errorf("CheckQueue(a bad queue) = %v; want a problem with %s", ps, f)
		}
	}
}
