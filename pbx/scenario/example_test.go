package scenario

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// example is the worked example of the help pages: important clients go
// to the manager; after hours callers hear that the office is closed; in
// working hours a menu sends 1 to support and 2 to sales, and whoever does
// not get an answer leaves a message.
const example = `{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "vip"}},
 {"id": "vip", "type": "list", "label": "Important clients", "params": {"list_id": 1}, "next": {"match": "boss", "no_match": "hours"}},
 {"id": "boss", "type": "internal", "label": "Manager", "params": {"extension": "101"}},
 {"id": "hours", "type": "schedule", "params": {"schedule_id": 1, "intervals": ["working", "non-working"]}, "next": {"working": "menu", "non-working": "closed"}},
 {"id": "closed", "type": "message", "label": "We are closed", "params": {"sound": {"prompt_id": 2}, "hangup": true}},
 {"id": "menu", "type": "menu", "params": {"prompt": {"prompt_id": 1}, "keys": ["1", "2"], "repeats": 1}, "next": {"1": "support", "2": "sales", "no_input": "sales", "invalid": "menu"}},
 {"id": "support", "type": "internal", "params": {"extension": "105", "ring_time": 30}, "next": {"next": "vm"}},
 {"id": "sales", "type": "group", "label": "Sales", "params": {"members": ["102", "103"], "strategy": "all", "total": 30}, "next": {"next": "vm"}},
 {"id": "vm", "type": "voicemail", "params": {"mailbox": "102"}}
]}`

var (
	tuesdayNoon    = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	saturdayNight  = time.Date(2026, 3, 14, 21, 0, 0, 0, time.UTC)
	exampleChannel = "trunk/Provider"
	exampleDID     = "+74951234567"
)

func TestWorkedExample(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		caller string
		at     time.Time
		act    func(o *office, caller *calltest.Leg)
		want   []string
		vm     []string
	}{
		{"an important client goes to the manager", "+79161112233", saturdayNight,
			func(o *office, caller *calltest.Leg) {
				time.Sleep(10 * time.Second)
				if boss := o.sip.Last("101"); boss == nil || !boss.State().Answered {
					t.Error("the manager was not put through")
				}
				caller.HangsUp(call.CauseNormal)
			},
			[]string{"in:next", "vip:match", "boss:answered"}, nil},
		{"after hours the caller hears that the office is closed", "+79160000000", saturdayNight,
			func(o *office, caller *calltest.Leg) {
				<-caller.Done()
				if st := caller.State(); st.Cause != call.CauseNormal || !st.Answered {
					t.Errorf("caller %+v; want answered, then hung up", st)
				}
			},
			[]string{"in:next", "vip:no_match", "hours:non-working", "closed:normal"}, nil},
		{"in working hours, 2 for sales, nobody answers, voicemail", "+79160000000", tuesdayNoon,
			func(o *office, caller *calltest.Leg) {
				time.Sleep(500 * time.Millisecond) // during the menu prompt
				caller.Presses("2")
				<-caller.Done()
			},
			[]string{"in:next", "vip:no_match", "hours:working", "menu:2", "sales:next", "vm:recorded"}, []string{"102"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t, withScenario(baseConfig(), 1, example, exampleDID), workingHours, tt.at)
				o.phones(calltest.Phone{AnswerAfter: 3 * time.Second}, "101")
				o.phones(never, "102", "103")
				caller := o.call(exampleChannel, tt.caller, exampleDID)
				tt.act(o, caller)
				samePath(t, o.path(), tt.want...)
				if got := o.vm.left(); !slices.Equal(got, tt.vm) {
					t.Errorf("voicemail left in %q; want %q", got, tt.vm)
				}
			})
		})
	}
}

// TestDryRunMatchesRealRun runs the same inputs through a real call (the
// switch with fake phones) and a dry run, and compares the paths.
func TestDryRunMatchesRealRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		caller string
		at     time.Time
		keys   []string // at the menu, one per time it listens
		phones map[string]calltest.Phone
	}{
		{"vip answered", "+79161112233", tuesdayNoon, nil, map[string]calltest.Phone{"101": {AnswerAfter: 2 * time.Second}}},
		{"closed", "+79160000000", saturdayNight, nil, nil},
		{"no input, then 2, sales silent", "+79160000000", tuesdayNoon, []string{"", "2"}, map[string]calltest.Phone{"102": never, "103": never}},
		{"1, support busy", "+79160000000", tuesdayNoon, []string{"1"}, map[string]calltest.Phone{"105": {Busy: true}}},
		{"2, sales answers", "+79160000000", tuesdayNoon, []string{"2"}, map[string]calltest.Phone{"102": never, "103": {AnswerAfter: 4 * time.Second}}},
		{"silence twice", "+79160000000", tuesdayNoon, []string{"", ""}, map[string]calltest.Phone{"102": never, "103": never}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var real []string
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t, withScenario(baseConfig(), 1, example, exampleDID), workingHours, tt.at)
				for n, p := range tt.phones {
					o.phones(p, n)
				}
				caller := o.call(exampleChannel, tt.caller, exampleDID)
				// The menu prompt lasts 1 s and waits 5 s for a key.
				for i, k := range tt.keys {
					if k == "" {
						continue
					}
					time.Sleep(time.Duration(i)*6*time.Second + 500*time.Millisecond)
					caller.Presses(k)
				}
				time.Sleep(50 * time.Second)
				caller.HangsUp(call.CauseNormal)
				real = o.path()
			})
			dry := DryRun{Caller: tt.caller, Channel: exampleChannel, Called: exampleDID, At: tt.at,
				Keys: map[string][]string{"menu": tt.keys}, Phones: map[string]DryPhone{}}
			for n, p := range tt.phones {
				dry.Phones["sip/"+n] = DryPhone{AnswerAfter: p.AnswerAfter, Never: p.AnswerAfter == calltest.Never, Busy: p.Busy}
			}
			eng := New(Opts{Schedules: workingHours, Prompts: fakePrompts{}, Logger: quiet()})
			eng.Load(context.Background(), withScenario(baseConfig(), 1, example, exampleDID), 1)
			tr, err := eng.DryRun(context.Background(), dry)
			if err != nil {
				t.Fatal(err)
			}
			if got := tracePath(tr); !slices.Equal(got, real) {
				t.Errorf("dry run path %q; real run %q\nevents: %q", got, real, tr.Events)
			}
			if len(real) < 3 {
				t.Errorf("real path %q is too short to mean anything", real)
			}
		})
	}
}
