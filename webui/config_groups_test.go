package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// office adds extensions 101 to 103 to the box.
func office(t *testing.T, st *store.Store) {
	t.Helper()
	for _, n := range []string{"101", "102", "103"} {
		e := store.Extension{Number: n, Name: "Ext " + n, OnDuty: true, Outbound: store.OutboundInternal}
		if err := st.Extensions().Create(context.Background(), &e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRingGroupsAPI(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	office(t, e.st)

	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "Sales", "members": []string{"101", "199"}, "strategy": "all", "total": 30}, "members"},
		{map[string]any{"name": "Sales", "members": []string{"101"}, "strategy": "in_turn", "step": 2, "total": 30}, "step"},
		{map[string]any{"name": "Sales", "members": []string{"101"}, "strategy": "all", "total": 5000}, "total"},
		{map[string]any{"name": "Sales", "members": []string{"101"}, "strategy": "random", "total": 30}, "strategy"},
		{map[string]any{"name": "", "members": []string{"101"}, "strategy": "all", "total": 30}, "name"},
		{map[string]any{"name": "Sales", "members": "101", "strategy": "all", "total": 30}, "members"},
		{map[string]any{"name": "Sales", "members": []string{}, "strategy": "all", "total": 30}, "members"},
	}
	for _, tc := range bad {
		res := b.do("POST", "/api/ring-groups", tc.body)
		if res.Code != http.StatusBadRequest || res.apiErr(t).Field != tc.field {
			t.Errorf("POST ring group %v = %d %s; want 400 on %s", tc.body, res.Code, res.Body, tc.field)
		}
	}
	var g store.RingGroup
	res := b.do("POST", "/api/ring-groups", map[string]any{"name": "Sales", "members": []string{"102", "101"}, "strategy": "in_turn", "step": 10, "total": 60})
	if res.Code != http.StatusCreated {
		t.Fatalf("POST ring group = %d %s", res.Code, res.Body)
	}
	res.decode(t, &g)
	if string(g.Members) != `["102","101"]` {
		t.Errorf("members = %s; want the order kept", g.Members)
	}
	if res := b.do("POST", "/api/ring-groups", map[string]any{"name": "Sales", "members": []string{"101"}, "strategy": "all", "total": 30}); res.Code != http.StatusConflict {
		t.Errorf("a second group Sales = %d %s; want 409", res.Code, res.Body)
	}
	path := fmt.Sprintf("/api/ring-groups/%d", g.ID)
	res = b.do("PUT", path, map[string]any{"strategy": "all", "step": 0})
	res.decode(t, &g)
	if res.Code != http.StatusOK || g.Strategy != "all" || g.Total != 60 || g.Name != "Sales" {
		t.Errorf("PUT ring group = %d %s; want the strategy changed and the rest kept", res.Code, res.Body)
	}

	// A scenario that rings the group keeps it; the refusal names it.
	createScenario(t, b, "Front desk", fmt.Sprintf(`{"id": "g", "type": "group", "params": {"group_id": %d}, "next": {"next": "bye"}}`, g.ID))
	res = b.do("DELETE", path, nil)
	if res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, `"Front desk"`, "group_id") {
		t.Errorf("DELETE a group in use = %d %s; want 409 naming the scenario", res.Code, res.Body)
	}
	// A scenario naming a group that does not exist is refused.
	res = b.do("POST", "/api/scenarios", map[string]any{"name": "Night", "document": json.RawMessage(scenarioWith(`{"id": "g", "type": "group", "params": {"group_id": 999}, "next": {"next": "bye"}}`))})
	if res.Code != http.StatusBadRequest || !contains(string(res.Body.Bytes()), "group_id") {
		t.Errorf("scenario with a missing group = %d %s; want 400 on group_id", res.Code, res.Body)
	}
}

func TestQueuesAPI(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	office(t, e.st)

	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "Support", "agents": []string{"104"}, "strategy": "ring_all", "max_wait": 300}, "agents"},
		{map[string]any{"name": "Support", "agents": []string{"101"}, "strategy": "ring_all", "max_wait": 5}, "max_wait"},
		{map[string]any{"name": "Support", "agents": []string{"101"}, "strategy": "ring_all", "max_wait": 300, "exit_key": "x"}, "exit_key"},
		{map[string]any{"name": "Support", "agents": []string{"101"}, "strategy": "ring_all", "max_wait": 300, "music_prompt_id": 77}, "music_prompt_id"},
		{map[string]any{"name": "Support", "agents": []string{"101"}, "strategy": "fifo", "max_wait": 300}, "strategy"},
		{map[string]any{"name": "Support", "agents": []string{"101"}, "strategy": "ring_all", "max_wait": 300, "early_media": true}, "max_wait"},
	}
	for _, tc := range bad {
		res := b.do("POST", "/api/queues", tc.body)
		if res.Code != http.StatusBadRequest || res.apiErr(t).Field != tc.field {
			t.Errorf("POST queue %v = %d %s; want 400 on %s", tc.body, res.Code, res.Body, tc.field)
		}
	}
	var q store.CallQueue
	res := b.do("POST", "/api/queues", map[string]any{"name": "Support", "agents": []string{"101", "103"}, "strategy": "least_recent",
		"ring_time": 20, "max_wait": 600, "announce_position": true, "announce_every": 60, "exit_key": "0"})
	if res.Code != http.StatusCreated {
		t.Fatalf("POST queue = %d %s", res.Code, res.Body)
	}
	res.decode(t, &q)
	if q.ExitKey != "0" || !q.AnnouncePosition || q.MusicPromptID != nil {
		t.Errorf("queue = %+v", q)
	}
	createScenario(t, b, "Hotline", fmt.Sprintf(`{"id": "q", "type": "queue", "params": {"queue_id": %d}, "next": {"timeout": "bye", "exit": "bye"}}`, q.ID))
	path := fmt.Sprintf("/api/queues/%d", q.ID)
	if res := b.do("DELETE", path, nil); res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, `"Hotline"`) {
		t.Errorf("DELETE a queue in use = %d %s; want 409 naming the scenario", res.Code, res.Body)
	}
	// An extension that is an agent of a stored queue is kept too.
	var exts []store.Extension
	b.do("GET", "/api/extensions", nil).decode(t, &exts)
	if res := b.do("DELETE", fmt.Sprintf("/api/extensions/%d", exts[2].ID), nil); res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, `queue "Support"`) {
		t.Errorf("DELETE an agent = %d %s; want 409 naming the queue", res.Code, res.Body)
	}
	// Early media: kept with the queue, and refused while the wait is
	// longer than networks keep an unanswered call, saying why.
	res = b.do("PUT", path, map[string]any{"early_media": true})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "max_wait" || !contains(res.apiErr(t).Error, "180", "early media") {
		t.Errorf("PUT early media with a 600 s wait = %d %s; want 400 on max_wait naming 180 s and early media", res.Code, res.Body)
	}
	res = b.do("PUT", path, map[string]any{"early_media": true, "max_wait": 180})
	res.decode(t, &q)
	if res.Code != http.StatusOK || !q.EarlyMedia || q.MaxWait != 180 {
		t.Errorf("PUT early media with a 180 s wait = %d %s; want it kept", res.Code, res.Body)
	}
	// A prompt that a queue plays is kept, naming the queue.
	music := store.Prompt{Name: "Hold music", File: "hold.wav", DurationMS: 1000}
	if err := e.st.Prompts().Create(context.Background(), &music); err != nil {
		t.Fatal(err)
	}
	if res := b.do("PUT", path, map[string]any{"music_prompt_id": music.ID}); res.Code != http.StatusOK {
		t.Fatalf("PUT queue music = %d %s", res.Code, res.Body)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/prompts/%d", music.ID), nil); res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, `queue "Support", music_prompt_id`) {
		t.Errorf("DELETE the queue's music = %d %s; want 409 naming the queue", res.Code, res.Body)
	}
	// Unused, it goes.
	other := store.CallQueue{Name: "Spare", Agents: json.RawMessage(`["102"]`), Strategy: "ring_all", MaxWait: 60}
	if err := e.st.CallQueues().Create(context.Background(), &other); err != nil {
		t.Fatal(err)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/queues/%d", other.ID), nil); res.Code != http.StatusNoContent {
		t.Errorf("DELETE an unused queue = %d %s", res.Code, res.Body)
	}
}

// scenarioWith is a scenario document: an incoming call into el, whose
// arrows lead to the hang-up "bye".
func scenarioWith(el string) string {
	return `{"schema": 1, "elements": [{"id": "in", "type": "incoming", "next": {"next": "` + elementID(el) + `"}}, ` + el + `, {"id": "bye", "type": "hangup"}]}`
}

func elementID(el string) string {
	var e struct{ ID string }
	json.Unmarshal([]byte(el), &e)
	return e.ID
}

func createScenario(t *testing.T, b *browser, name, el string) {
	t.Helper()
	res := b.do("POST", "/api/scenarios", map[string]any{"name": name, "document": json.RawMessage(scenarioWith(el))})
	if res.Code != http.StatusCreated {
		t.Fatalf("POST scenario %s = %d %s", name, res.Code, res.Body)
	}
}
