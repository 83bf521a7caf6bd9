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
		{`{"agents": ["101"], "strategy": "ring_all", "max_wait": 181, "early_media": true}`, "max_wait"},
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

// TestQueueEarlyMedia: a queue with early media keeps a caller from a SIP
// trunk unanswered while it waits with the music, and answers it when the
// agent answers 12 s in, which the call record keeps as its answer time; a
// caller on an FXO line, which carries nothing before it is answered, is
// answered at once, as in a queue without early media. The dry run says
// so. A queue with early media and a wait over 180 s is refused on save.
func TestQueueEarlyMedia(t *testing.T) {
	t.Parallel()
	const params = `{"agents": ["101"], "strategy": "ring_all", "ring_time": 5, "max_wait": 120, "music_prompt_id": 1, "exit_key": "0", "early_media": %s}`
	tests := []struct {
		name, channel, early string
		answered             bool // 7 s in, while the caller hears the music
		event                string
	}{
		{"early media", "trunk/Provider", "true", false, "the caller waits in early media, not answered until an agent answers"},
		{"an FXO line", "fxo/1", "true", true, "answer the caller"},
		{"off", "trunk/Provider", "false", true, "answer the caller"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := queueDoc(strings.Replace(params, "%s", tt.early, 1))
			cfg := func() *store.Config { // every call, from any line, runs src
				c := withScenario(baseConfig(), 1, src, "")
				c.InboundRoutes = []store.InboundRoute{{ID: 1, Name: "any", Source: store.SourceAny, ScenarioID: 1}}
				return c
			}
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t, cfg(), workingHours, tuesdayNoon)
				o.phones(never, "101")
				caller := o.call(tt.channel, "+79160000000", did)
				time.Sleep(7 * time.Second) // 0-5 s 101 rings, then music
				st := caller.State()
				if st.Answered != tt.answered || st.Early == tt.answered {
					t.Errorf("the caller 7 s in: answered %v, early media %v; want answered %v", st.Answered, st.Early, tt.answered)
				}
				o.phones(calltest.Phone{AnswerAfter: 2 * time.Second}, "101") // rung again 10 s in
				time.Sleep(10 * time.Second)
				if !caller.State().Answered {
					t.Error("the caller is not answered once 101 answered")
				}
				caller.HangsUp(call.CauseNormal)
				samePath(t, o.path(), "in:next", "q:answered")
				r := o.recs.All()[0]
				if at := r.AnsweredAt.Sub(r.StartedAt); tt.early == "true" && !tt.answered && at != 12*time.Second {
					t.Errorf("the call record's answer time is %v into the call; want 101's answer, 12 s in", at)
				}
			})
			eng := New(Opts{Prompts: fakePrompts{}, Voicemail: &fakeVoicemail{}, Logger: quiet()})
			eng.Load(context.Background(), cfg(), 1)
			tr, err := eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: tt.channel, Called: did, At: tuesdayNoon,
				Phones: map[string]DryPhone{"sip/101": {AnswerAfter: 2 * time.Second}}})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(tr.Events, func(e string) bool { return strings.HasSuffix(e, tt.event) }) {
				t.Errorf("the dry run's events %q do not say %q", tr.Events, tt.event)
			}
		})
	}
}
