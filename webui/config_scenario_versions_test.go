package webui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// sameJSON reports whether a and b hold the same JSON value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

func TestScenarioVersionsListGetAndRollback(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"})
	first := json.RawMessage(ringScenario)
	second := json.RawMessage(strings.Replace(ringScenario, `"ring_time": 20`, `"ring_time": 45`, 1))
	sc := mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Day", "document": first})
	path := fmt.Sprintf("/api/scenarios/%d", idOf(t, sc))
	e.clock.Advance(90e9)
	if res := b.do("PUT", path, map[string]any{"document": second}); res.Code != http.StatusOK {
		t.Fatalf("PUT %s = %d %s; want 200", path, res.Code, res.Body)
	}

	res := b.do("GET", path+"/versions", nil)
	if res.Code != http.StatusOK || strings.Contains(res.Body.String(), `"document"`) {
		t.Fatalf("GET versions = %d %s; want 200 without documents", res.Code, res.Body)
	}
	var list []store.ScenarioVersion
	res.decode(t, &list)
	saved := e.clock.Now()
	if len(list) != 2 || list[0].Version != 2 || list[1].Version != 1 ||
		list[0].SavedBy != testUser || list[1].SavedBy != testUser ||
		!list[0].SavedAt.Equal(saved) || !list[1].SavedAt.Equal(saved.Add(-90e9)) {
		t.Fatalf("versions = %+v; want 2 then 1, saved by %s at %v and 90 s before", list, testUser, saved)
	}

	var v1 store.ScenarioVersion
	b.do("GET", path+"/versions/1", nil).decode(t, &v1)
	if v1.Version != 1 || v1.Name != "Day" || !sameJSON(t, v1.Document, first) {
		t.Fatalf("version 1 = %+v; want the first document", v1)
	}

	rev, _ := e.st.Revision(t.Context())
	e.clock.Advance(60e9)
	res = b.do("POST", path+"/versions/1/rollback", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("rollback to 1 = %d %s; want 200", res.Code, res.Body)
	}
	var now store.Scenario
	b.do("GET", path, nil).decode(t, &now)
	if now.Name != "Day" || !sameJSON(t, now.Document, first) {
		t.Fatalf("scenario after rollback = %s %s; want Day with the first document", now.Name, now.Document)
	}
	if got, _ := e.st.Revision(t.Context()); got <= rev {
		t.Errorf("revision %d after a rollback; want above %d: the change must reach the engine", got, rev)
	}
	// The rollback is itself a version: the newest, noted, by the admin.
	b.do("GET", path+"/versions", nil).decode(t, &list)
	if len(list) != 3 || list[0].Version != 3 || list[0].SavedBy != testUser || list[0].Note != "rollback to version 1" ||
		!list[0].SavedAt.Equal(e.clock.Now()) {
		t.Fatalf("versions after rollback = %+v; want version 3 by %s noted as a rollback to 1", list, testUser)
	}
	var v3 store.ScenarioVersion
	b.do("GET", path+"/versions/3", nil).decode(t, &v3)
	if !sameJSON(t, v3.Document, first) {
		t.Errorf("version 3 = %s; want the first document again", v3.Document)
	}
}

// TestScenarioRollbackIsCheckedAsASave: a version that refers to an
// extension deleted since is refused with the problem named, and nothing
// changes.
func TestScenarioRollbackIsCheckedAsASave(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	ext101 := mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Reception"})
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "102", "name": "Sales"})
	sc := mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Day", "document": json.RawMessage(ringScenario)})
	path := fmt.Sprintf("/api/scenarios/%d", idOf(t, sc))
	to102 := json.RawMessage(strings.Replace(ringScenario, `"extension": "101"`, `"extension": "102"`, 1))
	if res := b.do("PUT", path, map[string]any{"document": to102}); res.Code != http.StatusOK {
		t.Fatalf("PUT %s = %d %s; want 200", path, res.Code, res.Body)
	}
	extPath := fmt.Sprintf("/api/extensions/%d", idOf(t, ext101))
	if res := b.do("DELETE", extPath, nil); res.Code != http.StatusNoContent {
		t.Fatalf("DELETE %s = %d %s; want 204", extPath, res.Code, res.Body)
	}
	rev, _ := e.st.Revision(t.Context())

	res := b.do("POST", path+"/versions/1/rollback", nil)
	if res.Code != http.StatusBadRequest {
		t.Fatalf("rollback to a version naming a deleted extension = %d %s; want 400", res.Code, res.Body)
	}
	var refusal scenarioRefusal
	res.decode(t, &refusal)
	named := false
	for _, p := range refusal.Problems {
		named = named || (p.Element == "desk" && p.Field == "extension" && strings.Contains(p.Message, "101"))
	}
	if refusal.Field != "document" || !strings.Contains(refusal.Error, "was not rolled back") || !named {
		t.Fatalf("refusal = %+v; want the missing extension 101 named on element desk", refusal)
	}
	var now store.Scenario
	b.do("GET", path, nil).decode(t, &now)
	if !sameJSON(t, now.Document, to102) {
		t.Errorf("scenario after a refused rollback = %s; want it unchanged", now.Document)
	}
	var list []store.ScenarioVersion
	b.do("GET", path+"/versions", nil).decode(t, &list)
	if got, _ := e.st.Revision(t.Context()); got != rev || len(list) != 2 {
		t.Errorf("after a refused rollback: revision %d (want %d), %d versions (want 2)", got, rev, len(list))
	}
}

func TestScenarioVersionsRefuseBadPaths(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	hangup := `{"schema": 1, "elements": [{"id": "in", "type": "incoming", "next": {"next": "bye"}}, {"id": "bye", "type": "hangup"}]}`
	sc := mustCreate(t, b, "/api/scenarios", map[string]any{"name": "Bye", "document": json.RawMessage(hangup)})
	path := fmt.Sprintf("/api/scenarios/%d", idOf(t, sc))
	tests := []struct {
		method, target string
		code           int
		field          string
	}{
		{"GET", path + "/versions/2", http.StatusNotFound, ""},
		{"POST", path + "/versions/2/rollback", http.StatusNotFound, ""},
		{"GET", path + "/versions/first", http.StatusBadRequest, "version"},
		{"GET", path + "/versions/0", http.StatusBadRequest, "version"},
		{"GET", "/api/scenarios/999/versions", http.StatusNotFound, ""},
		{"GET", "/api/scenarios/999/versions/1", http.StatusNotFound, ""},
		{"GET", "/api/scenarios/x/versions", http.StatusBadRequest, "id"},
	}
	for _, tt := range tests {
		res := b.do(tt.method, tt.target, nil)
		if res.Code != tt.code || res.apiErr(t).Field != tt.field {
			t.Errorf("%s %s = %d %s; want %d with field %q", tt.method, tt.target, res.Code, res.Body, tt.code, tt.field)
		}
	}
	anon := e.browser(t, "192.0.2.11:40000")
	if res := anon.do("GET", path+"/versions", nil); res.Code != http.StatusUnauthorized {
		t.Errorf("GET versions without a login = %d; want 401", res.Code)
	}
}
