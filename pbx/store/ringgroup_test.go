package store

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestRingGroupAndQueueValidate(t *testing.T) {
	t.Parallel()
	group := func(f func(*RingGroup)) error {
		g := RingGroup{Name: "Sales", Members: json.RawMessage(`["101", "102"]`), Strategy: "all", Total: 30}
		f(&g)
		return g.Validate()
	}
	queue := func(f func(*CallQueue)) error {
		q := CallQueue{Name: "Support", Agents: json.RawMessage(`["101"]`), Strategy: "ring_all", MaxWait: 300}
		f(&q)
		return q.Validate()
	}
	tests := []struct {
		name  string
		err   error
		field string // "" when valid
	}{
		{"group", group(func(*RingGroup) {}), ""},
		{"group without members", group(func(g *RingGroup) { g.Members = nil }), ""},
		{"group without a name", group(func(g *RingGroup) { g.Name = "" }), "name"},
		{"members not an array", group(func(g *RingGroup) { g.Members = json.RawMessage(`{"a":1}`) }), "members"},
		{"member not a number", group(func(g *RingGroup) { g.Members = json.RawMessage(`["101", "x"]`) }), "members"},
		{"unknown strategy", group(func(g *RingGroup) { g.Strategy = "random" }), "strategy"},
		{"queue", queue(func(*CallQueue) {}), ""},
		{"agent not a number", queue(func(q *CallQueue) { q.Agents = json.RawMessage(`[101]`) }), "agents"},
		{"queue strategy", queue(func(q *CallQueue) { q.Strategy = "all" }), "strategy"},
		{"exit key too long", queue(func(q *CallQueue) { q.ExitKey = "12" }), "exit_key"},
		{"early media", queue(func(q *CallQueue) { q.EarlyMedia, q.MaxWait = true, 180 }), ""},
		{"early media too long", queue(func(q *CallQueue) { q.EarlyMedia, q.MaxWait = true, 181 }), "max_wait"},
	}
	for _, tc := range tests {
		var fe *FieldError
		switch {
		case tc.field == "" && tc.err != nil:
			t.Errorf("%s: Validate() = %v; want nil", tc.name, tc.err)
		case tc.field != "" && (!errors.As(tc.err, &fe) || fe.Field != tc.field):
			t.Errorf("%s: Validate() = %v; want an error on %s", tc.name, tc.err, tc.field)
		}
	}
}

func TestRingGroupMembersCanonical(t *testing.T) {
	t.Parallel()
	g := RingGroup{Name: "Sales", Members: json.RawMessage(" [ \"101\",\n\"102\" ] "), Strategy: "all", Total: 30}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	if string(g.Members) != `["101","102"]` {
		t.Errorf("Members = %s; want the canonical array", g.Members)
	}
	if got := ExtensionNumbers(g.Members); len(got) != 2 || got[1] != "102" {
		t.Errorf("ExtensionNumbers = %q", got)
	}
}

func TestForwardValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		f     ExtensionForward
		field string
	}{
		{"always", ExtensionForward{ExtensionID: 1, Number: "102", Enabled: true}, ""},
		{"always without a number", ExtensionForward{ExtensionID: 1, Enabled: true}, "number"},
		{"conditions only", ExtensionForward{ExtensionID: 1, Busy: "103", NoAnswer: "+79161234567", NoAnswerSecs: 20, Unreachable: "103"}, ""},
		{"bad busy number", ExtensionForward{ExtensionID: 1, Busy: "front desk"}, "busy"},
		{"no answer without a ring time", ExtensionForward{ExtensionID: 1, NoAnswer: "103"}, "no_answer_secs"},
		{"ring time too long", ExtensionForward{ExtensionID: 1, NoAnswer: "103", NoAnswerSecs: 301}, "no_answer_secs"},
		{"ring time without a number", ExtensionForward{ExtensionID: 1, NoAnswerSecs: 20}, "no_answer_secs"},
	}
	for _, tc := range tests {
		err := tc.f.Validate()
		var fe *FieldError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: Validate() = %v; want nil", tc.name, err)
		case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field):
			t.Errorf("%s: Validate() = %v; want an error on %s", tc.name, err, tc.field)
		}
	}
}

// FuzzExtensionNumbers feeds outside member lists to the ring group's
// check: it must not panic; what it accepts comes back as a canonical
// array of extension numbers that it accepts again unchanged.
func FuzzExtensionNumbers(f *testing.F) {
	for _, s := range []string{`["101","102"]`, `[]`, `null`, `[101]`, `{"a":1}`, `["1"]`, ` [ "12" ] `, `[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, members string) {
		g := RingGroup{Name: "G", Members: json.RawMessage(members), Strategy: "all"}
		if g.Validate() != nil {
			return
		}
		numbers := ExtensionNumbers(g.Members)
		for _, n := range numbers {
			if checkDigits("", "", n, 2, 6) != nil {
				t.Fatalf("Validate(%q) accepted %q", members, n)
			}
		}
		again := g
		if err := again.Validate(); err != nil || string(again.Members) != string(g.Members) {
			t.Fatalf("Validate(%q) gave %s, which checks as %s, %v", members, g.Members, again.Members, err)
		}
	})
}

// TestQueueEarlyMediaStored: a queue's early media is kept with it
// (migration 12), and a long wait in early media is refused on save,
// saying why, with nothing written.
func TestQueueEarlyMediaStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	q := CallQueue{Name: "Support", Agents: json.RawMessage(`["101"]`), Strategy: "ring_all", MaxWait: 120, EarlyMedia: true}
	if err := s.CallQueues().Create(ctx, &q); err != nil {
		t.Fatal(err)
	}
	got, err := s.CallQueues().Get(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.EarlyMedia {
		t.Error("the stored queue lost its early media")
	}
	got.MaxWait = 600
	err = s.CallQueues().Update(ctx, &got)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "max_wait" || !strings.Contains(err.Error(), "early media") {
		t.Fatalf("Update with a 600 s wait in early media = %v; want max_wait refused, naming early media", err)
	}
	if again, _ := s.CallQueues().Get(ctx, q.ID); again.MaxWait != 120 {
		t.Errorf("after the refused update the wait is %d s; want 120", again.MaxWait)
	}
}
