package scenario

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
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

// TestDryRunMelodiesAndHold: the dry run of a call on a route with a
// greeting, a waiting and a hold melody says when each plays: the
// greeting first, the waiting melody while 101 rings (5 s, without
// answering the caller), and, as 101 holds the caller for 20 s half way
// through the conversation, the hold melody until 101 takes the call
// back. Without a hold melody the hold is still simulated, in silence.
// The path is the real call's (TestHoldMelody, TestWaitingMelody).
func TestDryRunMelodiesAndHold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		hold *int64
		want []string
	}{
		{"hold melody", ptr(int64(2)), []string{
			`+0s greeting "menu" (prompt 1)`,
			`+0s answer the caller`,
			`+0s play 1s`,
			`i +1s waiting melody "closed" (prompt 2) starts`,
			`i +6s ring sip/101: sip/101 answers`,
			`i +6s waiting melody stops after 5s`,
			`i +36s talk with sip/101; sip/101 holds the caller for 20s`,
			`i +36s hold melody "closed" (prompt 2) starts`,
			`i +56s sip/101 takes the call back after 20s`,
			`i +56s hold melody stops after 20s`,
			`i +1m26s talk with sip/101`,
			`i +1m26s hang up: normal`,
		}},
		{"no hold melody", nil, []string{
			`+0s greeting "menu" (prompt 1)`,
			`+0s answer the caller`,
			`+0s play 1s`,
			`i +1s waiting melody "closed" (prompt 2) starts`,
			`i +6s ring sip/101: sip/101 answers`,
			`i +6s waiting melody stops after 5s`,
			`i +36s talk with sip/101; sip/101 holds the caller for 20s`,
			`i +56s sip/101 takes the call back after 20s`,
			`i +1m26s talk with sip/101`,
			`i +1m26s hang up: normal`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, WaitingPromptID: ptr(int64(2)), HoldPromptID: tt.hold})
			cfg.InboundRoutes[0].GreetingPromptID = ptr(int64(1))
			eng := New(Opts{Schedules: workingHours, Prompts: fakePrompts{}, Logger: quiet()})
			eng.Load(context.Background(), cfg, 1)
			tr, err := eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did,
				At: tuesdayNoon, Phones: map[string]DryPhone{"sip/101": {AnswerAfter: 5 * time.Second, Hold: 20 * time.Second}}})
			if err != nil {
				t.Fatal(err)
			}
			if got := tracePath(tr); !slices.Equal(got, []string{"in:next", "i:answered"}) {
				t.Errorf("path %q; want in:next, i:answered", got)
			}
			if !slices.Equal(tr.Events, tt.want) {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(tr.Events, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
