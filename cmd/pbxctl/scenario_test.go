package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// officeMenu answers with a menu: 1 rings 101 (support), 2 rings 102
// (sales), each for 20 s; whoever gets no answer, or presses nothing, is
// hung up on.
const officeMenu = `{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "menu"}},
 {"id": "menu", "type": "menu", "label": "Main menu", "params": {"prompt": {"text": "Press 1 for support, 2 for sales"}, "keys": ["1", "2"]},
  "next": {"1": "support", "2": "sales", "no_input": "bye", "invalid": "bye"}},
 {"id": "support", "type": "internal", "label": "Support", "params": {"extension": "101", "ring_time": 20}, "next": {"next": "bye"}},
 {"id": "sales", "type": "internal", "label": "Sales", "params": {"extension": "102", "ring_time": 20}, "next": {"next": "bye"}},
 {"id": "bye", "type": "hangup"}
]}`

// officeBox is a stopped box's data directory with phones on 101 and 102,
// scenario "Office" and a route from GSM module 1 to it.
func officeBox(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustPbxctl(t, dir, "phone", "add", "101")
	mustPbxctl(t, dir, "phone", "add", "102")
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sc := store.Scenario{Name: "Office", Document: json.RawMessage(officeMenu)}
	gsm := store.GSMModule{Slot: 1, Name: "GSM1", Enabled: true}
	for _, err := range []error{st.Scenarios().Create(ctx, &sc), st.GSMModules().Create(ctx, &gsm)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	rt := store.InboundRoute{Name: "GSM line", Source: store.SourceGSM, GSMModuleID: &gsm.ID, ScenarioID: sc.ID}
	if err := st.InboundRoutes().Create(ctx, &rt); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pathOf returns the "element outcome" pairs of a printed trace, in order.
func pathOf(out string) []string {
	var steps []string
	re := regexp.MustCompile(`(?m)^(\d+)\s+\S+ \S+\s+(\S+)(?: \([^)]*\))?\s+(.+?)\s*$`)
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		steps = append(steps, m[2]+" "+m[3])
	}
	return steps
}

func TestScenarioTest(t *testing.T) {
	dir := officeBox(t)
	tests := []struct {
		name  string
		args  []string
		route string
		want  []string
	}{
		{"by name, 2, nobody answers",
			[]string{"Office", "-from", "+74951234567", "-line", "gsm/1", "-at", "2026-11-21 21:00", "-press", "2", "-no-answer"},
			"scenario: Office", []string{"in next", "menu 2", "sales next", "bye normal"}},
		{"through the route, 1, everyone answers",
			[]string{"-from", "+74951234567", "-line", "gsm/1", "-press", "1"},
			"route: GSM line", []string{"in next", "menu 1", "support answered"}},
		{"the menu's own key, sales busy",
			[]string{"-from", "+74951234567", "-line", "gsm/1", "-press", "menu=2", "-busy", "sip/102"},
			"route: GSM line", []string{"in next", "menu 2", "sales next", "bye normal"}},
		{"nothing pressed, no route for the line",
			[]string{"-from", "+74951234567", "-line", "gsm/2"},
			"route: none", []string{"incoming next", "everyone answered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustPbxctl(t, dir, append([]string{"scenario", "test"}, tt.args...)...)
			if got := pathOf(out); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("path %q; want %q\n%s", got, tt.want, out)
			}
			if tt.route != "" && !strings.Contains(out, tt.route) {
				t.Errorf("output lacks %q:\n%s", tt.route, out)
			}
		})
	}
	// A phone that holds the caller: the trace tells of the hold.
	out := mustPbxctl(t, dir, "scenario", "test", "-from", "1", "-line", "gsm/1", "-press", "1", "-hold", "sip/101=12")
	if !strings.Contains(out, "sip/101 holds the caller for 12s") || !strings.Contains(out, "sip/101 takes the call back after 12s") {
		t.Errorf("-hold sip/101=12: the trace tells of no hold:\n%s", out)
	}
	// A phone that transfers the caller: 101 answers and hands the caller
	// to 102, who answers; a transfer to a number that exists nowhere is
	// refused as not found, and the caller stays with 101.
	out = mustPbxctl(t, dir, "scenario", "test", "-from", "1", "-line", "gsm/1", "-press", "1", "--transfer-to", "sip/101=102")
	for _, says := range []string{"sip/101 transfers the caller to 102", "transfer blind to 102: extension 102", "talk with sip/102"} {
		if !strings.Contains(out, says) {
			t.Errorf("--transfer-to sip/101=102: the trace does not say %q:\n%s", says, out)
		}
	}
	out = mustPbxctl(t, dir, "scenario", "test", "-from", "1", "-line", "gsm/1", "-press", "1", "-transfer-to", "sip/101=5555")
	if !strings.Contains(out, "sip/101 transfers the caller to 5555") || !strings.Contains(out, "not_found") || strings.Contains(out, "talk with sip/102") {
		t.Errorf("-transfer-to sip/101=5555: want the transfer refused as not found, nobody else rung:\n%s", out)
	}
	// The time given is the time the path shows.
	out = mustPbxctl(t, dir, "scenario", "test", "Office", "-from", "1", "-line", "gsm/1", "-at", "2026-11-21T21:00:00Z")
	if !strings.Contains(out, time.Date(2026, 11, 21, 21, 0, 0, 0, time.UTC).Local().Format("2006-01-02 15:04:05")) {
		t.Errorf("the path does not start at -at:\n%s", out)
	}
}

func TestScenarioTestRefusesBadInput(t *testing.T) {
	dir := officeBox(t)
	tests := []struct {
		args []string
		says string
	}{
		{[]string{"Office", "-line", "gsm/1"}, "-from and -line are required"},
		{[]string{"Office", "-from", "1", "-line", "gsm/1", "-at", "Saturday night"}, `-at "Saturday night" is not a time`},
		{[]string{"Office", "-from", "1", "-line", "gsm/1", "-press", "two"}, "keys are 0-9"},
		{[]string{"Office", "-from", "1", "-line", "gsm/1", "-answer", "sip/101=soon"}, "not 0 to 3600 seconds"},
		{[]string{"Office", "-from", "1", "-line", "gsm/1", "-hold", "sip/101"}, "give TARGET=SECONDS"},
		{[]string{"Office", "-from", "1", "-line", "gsm/1", "-transfer-to", "sip/101"}, "give TARGET=NUMBER"},
		{[]string{"Office", "-from", "1", "-line", "gsm/1", "-transfer-to", "sip/101=reception"}, "give TARGET=NUMBER"},
		{[]string{"-from", "1", "Office"}, "give NAME before the flags"},
		{[]string{"Night", "-from", "1", "-line", "gsm/1"}, `no scenario named "Night"`},
		{[]string{"run", "Office"}, "use: scenario test"},
	}
	for _, tt := range tests {
		args := append([]string{"scenario", "test"}, tt.args...)
		if tt.args[0] == "run" {
			args = append([]string{"scenario"}, tt.args...)
		}
		out, err := pbxctl(t, dir, args...)
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("pbxctl %q = %v; want an error saying %q\n%s", args, err, tt.says, out)
		}
	}
}
