package scenario

import (
	"encoding/json"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestStepsNameElements: while a call waits in a voice menu the switch
// shows the menu as the element running, after the steps so far; then the
// call rings an extension, and the call record keeps every element's kind
// and label with its step, so that an edit of the scenario later cannot
// rename them.
func TestStepsNameElements(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := doc(menuDoc,
			`{"id": "m", "type": "menu", "label": "Main", "params": {"prompt": {"prompt_id": 1}, "keys": ["1"], "repeats": 1}, "next": {"1": "desk", "no_input": "bye", "invalid": "bye"}}`,
			`{"id": "desk", "type": "internal", "params": {"extension": "103", "ring_time": 20}, "next": {"next": "bye"}}`, bye)
		live := func(o *office) string {
			calls := o.sw.Active()
			if len(calls) != 1 {
				return fmt.Sprintf("%d calls", len(calls))
			}
			c := calls[0]
			var s string
			for _, p := range c.Path {
				if p.Type != "" {
					s += fmt.Sprintf("%s(%s %q):%s ", p.Step, p.Type, p.Label, p.Outcome)
				}
			}
			return s + fmt.Sprintf("now %s(%s %q)", c.Running.Step, c.Running.Type, c.Running.Label)
		}
		var inMenu, ringing string
		o, path := run(t, baseConfig(), src, func(o *office, caller *calltest.Leg) {
			o.phones(never, "103")
			time.Sleep(500 * time.Millisecond)
			synctest.Wait()
			inMenu = live(o)
			caller.Presses("1")
			time.Sleep(5 * time.Second)
			synctest.Wait()
			ringing = live(o)
		})
		if want := `in(incoming ""):next now m(menu "Main")`; inMenu != want {
			t.Errorf("in the menu, Active path %q; want %q", inMenu, want)
		}
		if want := `in(incoming ""):next m(menu "Main"):1 now desk(internal "")`; ringing != want {
			t.Errorf("ringing, Active path %q; want %q", ringing, want)
		}
		samePath(t, path, "in:next", "m:1", "desk:next", "bye:normal")
		var d struct {
			Path []call.PathStep `json:"path"`
		}
		if err := json.Unmarshal(o.recs.All()[0].Details, &d); err != nil {
			t.Fatal(err)
		}
		named := map[string]string{}
		for _, s := range d.Path {
			named[s.Step] = s.Type + "/" + s.Label
		}
		want := map[string]string{"in": "incoming/", "m": "menu/Main", "desk": "internal/", "bye": "hangup/"}
		for step, w := range want {
			if named[step] != w {
				t.Errorf("record step %q named %q; want %q (path %+v)", step, named[step], w, d.Path)
			}
		}
		for _, s := range d.Path {
			if _, ok := want[s.Step]; !ok && s.Type != "" {
				t.Errorf("the box's step %q has kind %q; want none", s.Step, s.Type)
			}
		}
		if calls := o.sw.Active(); len(calls) != 0 {
			t.Errorf("Active after the call = %+v; want none", calls)
		}
	})
}
