package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

func TestOutboundRuleExtensions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	var exts []int64
	for _, n := range []string{"101", "102", "103"} {
		exts = append(exts, idOf(t, mustCreate(t, b, "/api/extensions", map[string]any{"number": n, "name": "Ext " + n})))
	}
	rule := idOf(t, mustCreate(t, b, "/api/outbound-rules", map[string]any{"name": "Boss line", "prefix": "9"}))
	path := fmt.Sprintf("/api/outbound-rules/%d/extensions", rule)
	stored := func() []int64 {
		t.Helper()
		ids, err := e.st.RuleExtensionIDs(ctx, rule)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}

	if res := b.do("GET", path, nil); res.Code != http.StatusOK || strings.TrimSpace(res.Body.String()) != "[]" {
		t.Fatalf("GET %s of a new rule = %d %s; want []", path, res.Code, res.Body)
	}
	// Numbers and IDs mixed; the answer shows numbers.
	res := b.do("PUT", path, fmt.Sprintf(`["103", %d]`, exts[0]))
	if res.Code != http.StatusOK || strings.TrimSpace(res.Body.String()) != `["103","101"]` {
		t.Fatalf("PUT %s = %d %s; want 200 [\"103\",\"101\"]", path, res.Code, res.Body)
	}
	if got := stored(); !slices.Equal(got, []int64{exts[2], exts[0]}) {
		t.Fatalf("stored extensions %v; want 103, 101", got)
	}
	if res := b.do("GET", path, nil); res.Code != http.StatusOK || strings.TrimSpace(res.Body.String()) != `["103","101"]` {
		t.Fatalf("GET %s = %d %s; want [\"103\",\"101\"]", path, res.Code, res.Body)
	}

	checkRefused(t, b, "PUT", path, []refusal{
		{"", `["102", "999"]`, http.StatusUnprocessableEntity, "[1]"},
		{"", `[999]`, http.StatusUnprocessableEntity, "[0]"},
		{"", `["102", true]`, http.StatusBadRequest, "[1]"},
		{"", `[{"extension_id": 1}]`, http.StatusBadRequest, "[0]"},
		{"", `[1.5]`, http.StatusBadRequest, "[0]"},
		{"", fmt.Sprintf(`["102", %d]`, exts[1]), http.StatusBadRequest, "[1]"},
		{"", `{"extensions": ["102"]}`, http.StatusBadRequest, ""},
		{"", `["102"`, http.StatusBadRequest, ""},
		{"/api/outbound-rules/999/extensions", `["102"]`, http.StatusNotFound, ""},
		{"/api/outbound-rules/x/extensions", `["102"]`, http.StatusBadRequest, "id"},
	})
	if got := stored(); !slices.Equal(got, []int64{exts[2], exts[0]}) {
		t.Errorf("after refused changes the extensions are %v; want 103, 101 still", got)
	}
	if res := b.do("GET", "/api/outbound-rules/999/extensions", nil); res.Code != http.StatusNotFound {
		t.Errorf("GET extensions of a missing rule = %d %s; want 404", res.Code, res.Body)
	}

	// An extension on the list is not deleted: were it the last, the rule
	// would open to every extension. Taken off the list, it goes.
	if res := b.do("DELETE", fmt.Sprintf("/api/extensions/%d", exts[2]), nil); res.Code != http.StatusConflict || !contains(res.Body.String(), `outbound rule \"Boss line\"`) {
		t.Fatalf("DELETE extension 103 on the list = %d %s; want 409 naming the rule", res.Code, res.Body)
	}
	if res := b.do("PUT", path, `["101"]`); res.Code != http.StatusOK {
		t.Fatalf("PUT [\"101\"] = %d %s", res.Code, res.Body)
	}
	if res := b.do("DELETE", fmt.Sprintf("/api/extensions/%d", exts[2]), nil); res.Code != http.StatusNoContent {
		t.Fatalf("DELETE extension 103 off the list = %d %s", res.Code, res.Body)
	}
	if res := b.do("GET", path, nil); strings.TrimSpace(res.Body.String()) != `["101"]` {
		t.Errorf("GET %s after deleting 103 = %d %s; want [\"101\"]", path, res.Code, res.Body)
	}
	if res := b.do("PUT", path, `[]`); res.Code != http.StatusOK || strings.TrimSpace(res.Body.String()) != "[]" {
		t.Errorf("PUT [] = %d %s; want 200 []", res.Code, res.Body)
	}
	if got := stored(); len(got) != 0 {
		t.Errorf("after PUT [] the extensions are %v; want none", got)
	}
}

// FuzzFindExtension feeds outside items of a PUT body to findExtension: it
// must not panic, and it finds an extension only by its exact number or ID,
// names what it did not find, or says what is wrong.
func FuzzFindExtension(f *testing.F) {
	exts := []store.Extension{{ID: 1, Number: "101"}, {ID: 7, Number: "7"}}
	for _, s := range []string{`"101"`, `7`, `"7"`, `999`, `"999"`, `true`, `null`, `1.5`, `{"id":1}`, `"\u0031\u0030\u0031"`, ` 7 `, `-1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ext, name, problem := findExtension(exts, json.RawMessage(raw))
		switch {
		case ext != nil:
			var number string
			byNumber := json.Unmarshal([]byte(raw), &number) == nil && number == ext.Number
			var id int64
			byID := json.Unmarshal([]byte(raw), &id) == nil && id == ext.ID
			if !byNumber && !byID || name != "" || problem != "" {
				t.Errorf("findExtension(%q) = %+v, %q, %q; want it only for the number or ID", raw, ext, name, problem)
			}
		case (name == "") == (problem == ""):
			t.Errorf("findExtension(%q) = nil, %q, %q; want either what was not found or a problem", raw, name, problem)
		}
	})
}
