package webui

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

func TestForwardAPI(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	office(t, e.st)
	// 101 may call long distance, by the rule for 8; 102 only inside.
	rule := store.OutboundRule{Name: "Long distance", Prefix: "8", Strip: 1, Prepend: "+7", Level: store.OutboundNational, Priority: 10}
	if err := e.st.OutboundRules().Create(context.Background(), &rule); err != nil {
		t.Fatal(err)
	}
	var exts []struct {
		ID     int64
		Number string
	}
	b.do("GET", "/api/extensions", nil).decode(t, &exts)
	if res := b.do("PUT", fmt.Sprintf("/api/extensions/%d", exts[0].ID), map[string]any{"outbound": store.OutboundNational}); res.Code != http.StatusOK {
		t.Fatalf("PUT extension = %d %s", res.Code, res.Body)
	}
	path := fmt.Sprintf("/api/extensions/%d/forward", exts[0].ID)

	var f forwardView
	res := b.do("GET", path, nil)
	res.decode(t, &f)
	if res.Code != http.StatusOK || f != (forwardView{}) {
		t.Errorf("GET a forward never set = %d %s; want every condition off", res.Code, res.Body)
	}
	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"number": "101", "enabled": true}, "number"}, // its own number
		{map[string]any{"busy": "101"}, "busy"},
		{map[string]any{"enabled": true}, "number"},
		{map[string]any{"no_answer": "102"}, "no_answer_secs"},
		{map[string]any{"no_answer": "102", "no_answer_secs": 2}, "no_answer_secs"},
		{map[string]any{"unreachable": "front desk"}, "unreachable"},
		{map[string]any{"unreachable": "+79161234567"}, "unreachable"}, // no rule takes it as written
		{map[string]any{"busy": "5555"}, "busy"},                       // neither an extension nor a rule's
		{map[string]any{"busy": "102", "dnd": true}, "dnd"},
	}
	for _, tc := range bad {
		res := b.do("PUT", path, tc.body)
		if res.Code != http.StatusBadRequest || res.apiErr(t).Field != tc.field {
			t.Errorf("PUT forward %v = %d %s; want 400 on %s", tc.body, res.Code, res.Body, tc.field)
		}
	}
	want := forwardView{Number: "89161234567", Busy: "102", NoAnswer: "103", NoAnswerSecs: 20, Unreachable: "89161234567"}
	res = b.do("PUT", path, want)
	res.decode(t, &f)
	if res.Code != http.StatusOK || f != want {
		t.Errorf("PUT forward = %d %s; want %+v", res.Code, res.Body, want)
	}
	b.do("GET", path, nil).decode(t, &f)
	if f != want {
		t.Errorf("GET forward = %+v; want %+v", f, want)
	}
	// A refused change loses nothing.
	b.do("PUT", path, map[string]any{"busy": "x"})
	b.do("GET", path, nil).decode(t, &f)
	if f != want {
		t.Errorf("after a refused PUT, forward = %+v; want %+v", f, want)
	}
	// The whole forwarding is replaced: fields left out are off.
	b.do("PUT", path, map[string]any{"number": "102", "enabled": true}).decode(t, &f)
	if f != (forwardView{Number: "102", Enabled: true}) {
		t.Errorf("PUT always only = %+v; want the conditions off", f)
	}
	// 102 may not call long distance, so it may not forward there either.
	res = b.do("PUT", fmt.Sprintf("/api/extensions/%d/forward", exts[1].ID), map[string]any{"no_answer": "89161234567", "no_answer_secs": 20})
	if res.Code != http.StatusBadRequest || res.apiErr(t).Field != "no_answer" || !contains(res.apiErr(t).Error, "outbound level") {
		t.Errorf("PUT a forward the level forbids = %d %s; want 400 on no_answer naming the level", res.Code, res.Body)
	}
	if res := b.do("GET", "/api/extensions/99/forward", nil); res.Code != http.StatusNotFound {
		t.Errorf("GET forward of a missing extension = %d; want 404", res.Code)
	}
}
