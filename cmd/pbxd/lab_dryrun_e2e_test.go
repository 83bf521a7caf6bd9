package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/lab"
	pbxscenario "github.com/hookflash/firmware/pbx/scenario"
)

// TestE2ELabDryRunMatchesCall: a scenario built through the store and
// called through the simulated box takes the path the dry run predicts for
// the same inputs. The city line's scenario (schedule, voice menu, key 1
// to the office group) is tried first by POST /api/scenarios/dry-run, then
// the exchange really rings FXO line 1, the caller presses 1 and FXS 1
// answers; the call record's path goes through the same elements with the
// same outcomes.
func TestE2ELabDryRunMatchesCall(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, cityLineOffice)

	var trace pbxscenario.Trace
	b.admin.mustDo("POST", "/api/scenarios/dry-run", map[string]any{
		"caller": pstnCaller, "channel": "fxo/1",
		"keys":   map[string][]string{"menu": {"1"}},
		"phones": map[string]any{"*": map[string]any{"answer_after_s": 3}},
	}, &trace)
	var predicted []string
	elements := map[string]bool{}
	for _, s := range trace.Path {
		predicted = append(predicted, s.Element+":"+s.Outcome)
		elements[s.Element] = true
	}
	if trace.Route != "City line" || len(predicted) < 4 {
		t.Fatalf("dry run: route %q, path %q; want the City line route through hours, menu and office", trace.Route, predicted)
	}

	b.act(t, "lines/fxo1/ring", lab.RingRequest{CallerID: pstnCaller})
	b.waitLine(t, "fxo1", "the box answering", 15*time.Second, func(l lab.LineState) bool { return l.State == "talking" && l.Seized })
	b.act(t, "lines/fxo1/dtmf", map[string]string{"digits": "1"})
	b.waitPhone(t, "fxs1", "ringing", 15*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	time.Sleep(3 * time.Second) // answers when the dry run's phone does
	b.act(t, "phones/fxs1/offhook", nil)
	b.waitLine(t, "fxo1", "the call put through", 5*time.Second, func(l lab.LineState) bool { return l.Seized })
	time.Sleep(time.Second)
	b.act(t, "phones/fxs1/onhook", nil)
	b.act(t, "lines/fxo1/hangup", map[string]string{"how": lab.HangupBusy})

	// The record's path holds the switch's own steps too ("ring ..."):
	// compare the scenario's elements.
	var real []string
	for _, s := range recordPath(t, b.waitRecords(t, 1)[0]) {
		if id, _, ok := strings.Cut(s, ":"); ok && elements[id] {
			real = append(real, s)
		}
	}
	t.Logf("path: %q", real)
	if !slices.Equal(real, predicted) {
		t.Errorf("the call's path through the scenario %q; the dry run predicted %q", real, predicted)
	}
}
