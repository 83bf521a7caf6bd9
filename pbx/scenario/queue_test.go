package scenario

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

func queueDoc(params string) string {
	return doc(`{"id": "in", "type": "incoming", "next": {"next": "q"}}`,
		`{"id": "q", "type": "queue", "params": `+params+`, "next": {"timeout": "vm", "exit": "bye"}}`,
		`{"id": "vm", "type": "voicemail", "params": {"mailbox": "101"}}`, bye)
}

const queueParams = `{"agents": ["101", "102", "103"], "strategy": "round_robin", "ring_time": 10, "max_wait": 60,
 "music_prompt_id": 1, "announce_position": true, "announce_every": 30, "exit_key": "0"}`

func TestQueueElement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		phones map[string]calltest.Phone
		exitAt time.Duration // 0: the caller presses nothing
		want   []string
	}{
		{"nobody answers", map[string]calltest.Phone{"101": never, "102": never}, 0, []string{"in:next", "q:timeout", "vm:recorded"}},
		{"exit key", map[string]calltest.Phone{"101": never, "102": never}, 12 * time.Second, []string{"in:next", "q:exit", "bye:normal"}},
		{"second agent answers", map[string]calltest.Phone{"101": never, "102": {AnswerAfter: 3 * time.Second}}, 0, []string{"in:next", "q:answered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := func() *store.Config {
				c := baseConfig()
				c.Extensions[2].DND = true // 103 is skipped
				return c
			}
			var real []string
			var spoken []string
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t, withScenario(cfg(), 1, queueDoc(queueParams), did), workingHours, tuesdayNoon)
				for n, p := range tt.phones {
					o.phones(p, n)
				}
				caller := o.call("trunk/Provider", "+79160000000", did)
				if tt.exitAt > 0 {
					time.Sleep(tt.exitAt)
					caller.Presses("0")
				}
				time.Sleep(3 * time.Minute)
				caller.HangsUp(call.CauseNormal)
				real = o.path()
				if d := o.sip.dials(); slices.ContainsFunc(d, func(d dial) bool { return d.address == "103" }) {
					t.Errorf("103, on do-not-disturb, was rung: %v", d)
				}
				o.speech.mu.Lock()
				spoken = slices.Clone(o.speech.texts)
				o.speech.mu.Unlock()
			})
			samePath(t, real, tt.want...)
			if len(spoken) == 0 || spoken[0] != "You are number 1 in the queue." {
				t.Errorf("spoke %q; want the position first", spoken)
			}
			dry := DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did, At: tuesdayNoon, Phones: map[string]DryPhone{}}
			if tt.exitAt > 0 {
				dry.Keys = map[string][]string{"q": {"0"}}
			}
			for n, p := range tt.phones {
				dry.Phones["sip/"+n] = DryPhone{AnswerAfter: p.AnswerAfter, Never: p.AnswerAfter == calltest.Never}
			}
			eng := New(Opts{Prompts: fakePrompts{}, Voicemail: &fakeVoicemail{}, Logger: quiet()})
			eng.Load(context.Background(), withScenario(cfg(), 1, queueDoc(queueParams), did), 1)
			tr, err := eng.DryRun(context.Background(), dry)
			if err != nil {
				t.Fatal(err)
			}
			if got := tracePath(tr); !slices.Equal(got, real) {
				t.Errorf("dry run path %q; real run %q\nevents: %q", got, real, tr.Events)
			}
		})
	}
}

func TestQueueTimeoutAt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t, withScenario(baseConfig(), 1, queueDoc(`{"agents": ["101"], "strategy": "ring_all", "max_wait": 45, "exit_key": "#"}`), did), workingHours, tuesdayNoon)
		o.phones(never, "101")
		caller := o.call("trunk/Provider", "+79160000000", did)
		start := time.Now()
		for len(o.vm.left()) == 0 && time.Since(start) < 10*time.Minute {
			time.Sleep(time.Second)
			synctest.Wait()
		}
		// 45 s in the queue, then 5 s of the fake voicemail's recording.
		if got := time.Since(start).Truncate(time.Second); got != 50*time.Second {
			t.Errorf("the message was left at %v; want 50s", got)
		}
		caller.HangsUp(call.CauseNormal)
		samePath(t, o.path(), "in:next", "q:timeout", "vm:recorded")
	})
}

func TestQueueValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		params, field string
	}{
		{`{"agents": [], "strategy": "ring_all", "max_wait": 60}`, "agents"},
		{`{"agents": ["101", "101"], "strategy": "ring_all", "max_wait": 60}`, "agents"},
		{`{"agents": ["999"], "strategy": "ring_all", "max_wait": 60}`, "agents"},
		{`{"agents": ["101"], "strategy": "random", "max_wait": 60}`, "strategy"},
		{`{"agents": ["101"], "strategy": "ring_all", "max_wait": 5}`, "max_wait"},
		{`{"agents": ["101"], "strategy": "ring_all", "max_wait": 60, "ring_time": 500}`, "ring_time"},
		{`{"agents": ["101"], "strategy": "ring_all", "max_wait": 60, "exit_key": "x"}`, "exit_key"},
		{`{"agents": ["101"], "strategy": "ring_all", "max_wait": 60, "music_prompt_id": 77}`, "music_prompt_id"},
		{`{"agents": ["101"], "strategy": "ring_all", "max_wait": 60, "announcement": {"prompt_id": 1}}`, "announce_every"},
		{`{"agents": ["101"], "strategy": "ring_all", "max_wait": 60, "announce_position": true, "position_text": "next"}`, "position_text"},
	}
	for _, tt := range tests {
		d, err := Decode([]byte(queueDoc(tt.params)))
		if err != nil {
			t.Fatalf("Decode(%s): %v", tt.params, err)
		}
		err = Validate(context.Background(), d, &ConfigRefs{Config: baseConfig()})
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("Validate(%s) = %v; want a problem with %s", tt.params, err, tt.field)
			continue
		}
		found := false
		for _, p := range ve.Problems {
			found = found || p.Element == "q" && p.Field == tt.field
		}
		if !found {
			t.Errorf("Validate(%s) = %v; want a problem with q's %s", tt.params, err, tt.field)
		}
	}
	// The exit outcome must be connected when there is an exit key.
	src := strings.Replace(queueDoc(`{"agents": ["101"], "strategy": "ring_all", "max_wait": 60, "exit_key": "0"}`), `, "exit": "bye"`, "", 1)
	d, err := Decode([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(context.Background(), d, nil); err == nil || !strings.Contains(err.Error(), `outcome "exit"`) {
		t.Errorf("Validate without an exit arrow = %v; want outcome \"exit\" named", err)
	}
}
