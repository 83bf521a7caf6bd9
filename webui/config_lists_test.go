package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

func TestNumberLists(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	b := e.setupAdmin(t)

	if res := b.do("POST", "/api/number-lists", map[string]string{"name": "Spam", "kind": "grey"}); res.Code != http.StatusBadRequest || res.apiErr(t).Field != "kind" {
		t.Errorf("list of kind grey = %d %s; want 400 on kind", res.Code, res.Body)
	}
	var spam store.NumberList
	res := b.do("POST", "/api/number-lists", map[string]string{"name": "Spam", "kind": "black"})
	if res.Code != http.StatusCreated {
		t.Fatalf("create list = %d %s", res.Code, res.Body)
	}
	res.decode(t, &spam)
	entries := fmt.Sprintf("/api/number-lists/%d/entries", spam.ID)

	tests := []struct {
		body  map[string]any
		code  int
		field string
	}{
		{map[string]any{"pattern": "+7 495 123-45-67"}, http.StatusBadRequest, "pattern"},
		{map[string]any{"pattern": "+7 495 1234567", "comment": "robocaller"}, http.StatusCreated, ""},
		{map[string]any{"pattern": "74951234567"}, http.StatusConflict, "pattern"}, // the same number without +
		{map[string]any{"pattern": "7800", "prefix": true}, http.StatusCreated, ""},
		{map[string]any{"pattern": "7800"}, http.StatusConflict, "pattern"}, // one entry per pattern
		{map[string]any{"pattern": "+79161112233", "comment": "boss's mobile"}, http.StatusCreated, ""},
		{map[string]any{"pattern": "1", "bogus": true}, http.StatusBadRequest, "bogus"},
	}
	for _, tc := range tests {
		res := b.do("POST", entries, tc.body)
		if res.Code != tc.code {
			t.Fatalf("POST entry %v = %d %s; want %d", tc.body, res.Code, res.Body, tc.code)
		}
		if tc.field != "" && res.apiErr(t).Field != tc.field {
			t.Errorf("POST entry %v: field %q; want %q", tc.body, res.apiErr(t).Field, tc.field)
		}
	}
	var got []store.NumberListEntry
	b.do("GET", entries, nil).decode(t, &got)
	if len(got) != 3 || got[0].Pattern != "+74951234567" || got[0].Comment != "robocaller" || !got[1].Prefix {
		t.Fatalf("entries = %+v; want the number with its spaces gone, the prefix and the mobile", got)
	}

	// Another list's entry cannot be reached through this list.
	other := store.NumberList{Name: "VIP", Kind: "white"}
	if err := e.st.NumberLists().Create(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/number-lists/%d/entries/%d", other.ID, got[0].ID), nil); res.Code != http.StatusNotFound {
		t.Errorf("delete through another list = %d; want 404", res.Code)
	}
	if res := b.do("DELETE", fmt.Sprintf("%s/%d", entries, got[2].ID), nil); res.Code != http.StatusNoContent {
		t.Errorf("delete entry = %d %s; want 204", res.Code, res.Body)
	}

	// A scenario that checks the list keeps it.
	doc := json.RawMessage(fmt.Sprintf(`{"schema": 1, "elements": [{"id": "in", "type": "incoming", "next": {"next": "spam"}},
		{"id": "spam", "type": "list", "params": {"list_id": %d}, "next": {"match": "bye", "no_match": "bye"}},
		{"id": "bye", "type": "hangup"}]}`, spam.ID))
	sc := store.Scenario{Name: "Front desk", Document: doc}
	if err := e.st.Scenarios().Create(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	res = b.do("DELETE", fmt.Sprintf("/api/number-lists/%d", spam.ID), nil)
	if res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, `"Front desk"`, "element spam") {
		t.Errorf("delete a list in use = %d %s; want 409 naming the scenario and element", res.Code, res.Body)
	}
	if err := e.st.Scenarios().Delete(ctx, sc.ID); err != nil {
		t.Fatal(err)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/number-lists/%d", spam.ID), nil); res.Code != http.StatusNoContent {
		t.Fatalf("delete the list = %d %s; want 204", res.Code, res.Body)
	}
	if left, _ := e.st.NumberListEntries().ListBy(ctx, "list_id", spam.ID); len(left) != 0 {
		t.Errorf("entries after the list went: %+v; want none", left)
	}
}
