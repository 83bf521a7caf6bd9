package webui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

func TestExtensionsCRUD(t *testing.T) {
	e := newTestEnv(t)
	b := e.setupAdmin(t)

	if res := b.do("GET", "/api/extensions", nil); res.Code != http.StatusOK || res.Body.String() != "[]\n" {
		t.Fatalf("empty list = %d %q; want 200 []", res.Code, res.Body)
	}

	res := b.do("POST", "/api/extensions", map[string]any{"number": "101", "name": "Reception"})
	if res.Code != http.StatusCreated {
		t.Fatalf("create = %d %s; want 201", res.Code, res.Body)
	}
	var created store.Extension
	res.decode(t, &created)
	if created.ID == 0 || created.Outbound != store.OutboundInternal || !created.OnDuty || created.Number != "101" {
		t.Fatalf("created %+v; want an id, outbound internal and on duty by default", created)
	}
	if loc := res.Header().Get("Location"); loc != fmt.Sprintf("/api/extensions/%d", created.ID) {
		t.Fatalf("Location = %q", loc)
	}

	// 201 means committed: another connection to the file sees it.
	other, err := store.Open(context.Background(), e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	got, err := other.Extensions().Get(context.Background(), created.ID)
	other.Close()
	if err != nil || got != created {
		t.Fatalf("after 201, another connection reads %+v, %v; want %+v", got, err, created)
	}

	path := fmt.Sprintf("/api/extensions/%d", created.ID)
	tests := []struct {
		name      string
		method    string
		path      string
		body      any
		wantCode  int
		wantField string
		wantMsg   string
	}{
		{"duplicate number", "POST", "/api/extensions", map[string]any{"number": "101", "name": "Other"},
			http.StatusConflict, "number", "choose a different number"},
		{"invalid number", "POST", "/api/extensions", map[string]any{"number": "1", "name": "Short"},
			http.StatusBadRequest, "number", "2 to 6 digits"},
		{"invalid outbound", "POST", "/api/extensions", map[string]any{"number": "102", "name": "X", "outbound": "anywhere"},
			http.StatusBadRequest, "outbound", "not one of"},
		{"unknown field", "POST", "/api/extensions", map[string]any{"number": "102", "name": "X", "nickname": "x"},
			http.StatusBadRequest, "nickname", "remove it"},
		{"wrong type", "POST", "/api/extensions", map[string]any{"number": 102, "name": "X"},
			http.StatusBadRequest, "number", "correct its type"},
		{"bad JSON", "POST", "/api/extensions", `{"number": "102",`,
			http.StatusBadRequest, "", "not valid JSON"},
		{"two values", "POST", "/api/extensions", `{"number":"102","name":"X"} {}`,
			http.StatusBadRequest, "", "one JSON object"},
		{"too large", "POST", "/api/extensions", `{"name":"` + strings.Repeat("x", maxBody) + `"}`,
			http.StatusRequestEntityTooLarge, "", "send less"},
		{"id chosen by client", "POST", "/api/extensions", map[string]any{"id": 77, "number": "102", "name": "X"},
			http.StatusBadRequest, "id", "leave it out"},
		{"get missing", "GET", "/api/extensions/9999", nil, http.StatusNotFound, "", "reload the list"},
		{"get bad id", "GET", "/api/extensions/abc", nil, http.StatusBadRequest, "id", "use the id"},
		{"update invalid", "PUT", path, map[string]any{"number": "1x"}, http.StatusBadRequest, "number", "digits"},
		{"update other id", "PUT", path, map[string]any{"id": created.ID + 1}, http.StatusBadRequest, "id", "leave it out"},
		{"update missing", "PUT", "/api/extensions/9999", map[string]any{"name": "X"}, http.StatusNotFound, "", "reload the list"},
		{"delete missing", "DELETE", "/api/extensions/9999", nil, http.StatusNotFound, "", "reload the list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.do(tt.method, tt.path, tt.body)
			if res.Code != tt.wantCode {
				t.Fatalf("%s %s = %d %s; want %d", tt.method, tt.path, res.Code, res.Body, tt.wantCode)
			}
			if e := res.apiErr(t); e.Field != tt.wantField || !strings.Contains(e.Error, tt.wantMsg) {
				t.Fatalf("%s %s error = %+v; want field %q and a message with %q", tt.method, tt.path, e, tt.wantField, tt.wantMsg)
			}
		})
	}
	// None of the refused writes changed anything.
	if rev, _ := e.st.Revision(context.Background()); rev != 1 {
		t.Fatalf("revision after refused writes = %d; want 1", rev)
	}

	res = b.do("PUT", path, map[string]any{"name": "Front desk", "outbound": store.OutboundLocal})
	var updated store.Extension
	res.decode(t, &updated)
	want := created
	want.Name, want.Outbound = "Front desk", store.OutboundLocal
	if res.Code != http.StatusOK || updated != want {
		t.Fatalf("update = %d %+v; want 200 %+v (fields left out keep their values)", res.Code, updated, want)
	}
	res = b.do("GET", path, nil)
	var fetched store.Extension
	res.decode(t, &fetched)
	if res.Code != http.StatusOK || fetched != want {
		t.Fatalf("get after update = %d %+v; want %+v", res.Code, fetched, want)
	}
	res = b.do("GET", "/api/extensions", nil)
	var list []store.Extension
	res.decode(t, &list)
	if len(list) != 1 || list[0] != want {
		t.Fatalf("list = %+v; want [%+v]", list, want)
	}

	if res := b.do("DELETE", path, nil); res.Code != http.StatusNoContent {
		t.Fatalf("delete = %d %s; want 204", res.Code, res.Body)
	}
	if res := b.do("GET", path, nil); res.Code != http.StatusNotFound {
		t.Fatalf("get after delete = %d; want 404", res.Code)
	}
}

func TestStoreErrorsMapped(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct {
		err       error
		wantCode  int
		wantField string
	}{
		{&store.FieldError{Table: "extensions", Field: "number", Kind: store.ErrInvalid, Detail: "bad"}, http.StatusBadRequest, "number"},
		{&store.FieldError{Table: "extensions", Field: "number", Kind: store.ErrDuplicate}, http.StatusConflict, "number"},
		{&store.FieldError{Table: "inbound_routes", Field: "scenario_id", Kind: store.ErrInUse, Detail: "change or delete those first"}, http.StatusConflict, "scenario_id"},
		{&store.FieldError{Table: "sip_devices", Field: "extension_id", Kind: store.ErrMissingReference, Detail: "no extensions record with id 9"}, http.StatusUnprocessableEntity, "extension_id"},
		{fmt.Errorf("store: extensions 9: %w", store.ErrNotFound), http.StatusNotFound, ""},
		{errors.New("store: disk I/O error"), http.StatusInternalServerError, ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		e.srv.writeStoreError(rec, httptest.NewRequest("GET", "/", nil), "extension 9", tt.err)
		res := response{rec}
		apiErr := res.apiErr(t)
		if rec.Code != tt.wantCode || apiErr.Field != tt.wantField || !strings.Contains(apiErr.Error, ":") {
			t.Errorf("writeStoreError(%v) = %d %+v; want %d naming field %q with advice", tt.err, rec.Code, apiErr, tt.wantCode, tt.wantField)
		}
		if strings.Contains(apiErr.Error, "disk I/O") {
			t.Errorf("writeStoreError(%v) shows the internal error to the user: %q", tt.err, apiErr.Error)
		}
	}
}
