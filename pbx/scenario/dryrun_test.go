package scenario

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// TestDryRunWildcards: keys for any element are pressed at whatever
// listens, after an element's own keys; a phone for any target rings every
// target not listed; an element cannot be called "*".
func TestDryRunWildcards(t *testing.T) {
	t.Parallel()
	eng := New(Opts{Schedules: workingHours, Prompts: fakePrompts{}, Logger: quiet()})
	eng.Load(context.Background(), withScenario(baseConfig(), 1, example, exampleDID), 1)
	tests := []struct {
		name   string
		keys   map[string][]string
		phones map[string]DryPhone
		want   []string
	}{
		{"any element presses 2, any phone answers", map[string][]string{AnyElement: {"2"}}, map[string]DryPhone{AnyTarget: {}},
			[]string{"in:next", "vip:no_match", "hours:working", "menu:2", "sales:answered"}},
		{"any element presses 2, nobody answers", map[string][]string{AnyElement: {"2"}}, map[string]DryPhone{AnyTarget: {Never: true}},
			[]string{"in:next", "vip:no_match", "hours:working", "menu:2", "sales:next", "vm:recorded"}},
		{"the menu's own keys first", map[string][]string{"menu": {"1"}, AnyElement: {"2"}}, map[string]DryPhone{"sip/105": {Busy: true}, "fxs/105": {Busy: true}, AnyTarget: {}},
			[]string{"in:next", "vip:no_match", "hours:working", "menu:1", "support:next", "vm:recorded"}},
	}
	for _, tt := range tests {
		tr, err := eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: exampleChannel, Called: exampleDID,
			At: tuesdayNoon, Keys: tt.keys, Phones: tt.phones})
		if err != nil {
			t.Fatal(err)
		}
		if got := tracePath(tr); !slices.Equal(got, tt.want) {
			t.Errorf("%s: path %q; want %q", tt.name, got, tt.want)
		}
	}
	doc, err := Decode([]byte(doc(`{"id": "*", "type": "incoming", "next": {"next": "bye"}}`, bye)))
	if err == nil {
		err = Validate(context.Background(), doc, &ConfigRefs{Config: baseConfig()})
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("an element with ID \"*\": %v; want refused", err)
	}
}
