package webui

import (
	"fmt"
	"net/http"
	"testing"
)

func TestForwardAPI(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	office(t, e.st)
	var exts []struct {
		ID     int64
		Number string
	}
	b.do("GET", "/api/extensions", nil).decode(t, &exts)
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
		{map[string]any{"busy": "102", "dnd": true}, "dnd"},
	}
	for _, tc := range bad {
		res := b.do("PUT", path, tc.body)
		if res.Code != http.StatusBadRequest || res.apiErr(t).Field != tc.field {
			t.Errorf("PUT forward %v = %d %s; want 400 on %s", tc.body, res.Code, res.Body, tc.field)
		}
	}
	want := forwardView{Number: "+79161234567", Busy: "102", NoAnswer: "103", NoAnswerSecs: 20, Unreachable: "+79161234567"}
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
	if res := b.do("GET", "/api/extensions/99/forward", nil); res.Code != http.StatusNotFound {
		t.Errorf("GET forward of a missing extension = %d; want 404", res.Code)
	}
}
