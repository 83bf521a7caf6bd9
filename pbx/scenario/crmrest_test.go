package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// toServer sends every request to srv, whatever its host, as a resolver
// pointing the CRM's name at the test's server would.
type toServer struct{ srv *httptest.Server }

func (t toServer) RoundTrip(r *http.Request) (*http.Response, error) {
	u, _ := url.Parse(t.srv.URL)
	r = r.Clone(r.Context())
	r.Header.Set("X-Original-Host", r.URL.Host)
	r.URL.Scheme, r.URL.Host = u.Scheme, u.Host
	return t.srv.Client().Transport.RoundTrip(r)
}

// crmServer answers the Bitrix24 and amoCRM methods the engine uses, as
// their documentation describes them, for one contact: +79161112233,
// owned by user 7, whose internal phone is internal and e-mail email.
type crmServer struct {
	internal, email string
	mu              sync.Mutex
	calls           []string
}

func (c *crmServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.calls = append(c.calls, r.Header.Get("X-Original-Host")+r.URL.Path)
	c.mu.Unlock()
	var body map[string]any
	json.NewDecoder(r.Body).Decode(&body)
	switch {
	case r.URL.Path == "/rest/1/s3cret/crm.duplicate.findbycomm.json":
		if vs, _ := body["values"].([]any); body["type"] == "PHONE" && len(vs) == 1 && vs[0] == "+79161112233" {
			fmt.Fprint(w, `{"result": {"CONTACT": [42]}, "time": {}}`)
			return
		}
		fmt.Fprint(w, `{"result": [], "time": {}}`)
	case r.URL.Path == "/rest/1/s3cret/crm.contact.get.json" && fmt.Sprint(body["id"]) == "42":
		fmt.Fprint(w, `{"result": {"ID": "42", "ASSIGNED_BY_ID": "7"}}`)
	case r.URL.Path == "/rest/1/s3cret/user.get.json" && fmt.Sprint(body["ID"]) == "7":
		fmt.Fprintf(w, `{"result": [{"ID": "7", "EMAIL": %q, "UF_PHONE_INNER": %q}]}`, c.email, c.internal)
	case strings.HasPrefix(r.URL.Path, "/api/v4/") && r.Header.Get("Authorization") != "Bearer amo-token":
		http.Error(w, `{"title": "Unauthorized"}`, http.StatusUnauthorized)
	case r.URL.Path == "/api/v4/contacts":
		if r.URL.Query().Get("query") != "79161112233" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		fmt.Fprint(w, `{"_embedded": {"contacts": [{"id": 42, "responsible_user_id": 7}]}}`)
	case r.URL.Path == "/api/v4/users/7":
		fmt.Fprintf(w, `{"id": 7, "name": "Anna", "email": %q}`, c.email)
	default:
		http.NotFound(w, r)
	}
}

// TestManagerREST: the responsible manager found through Bitrix24's and
// amoCRM's REST APIs, mapped to an extension by internal phone or e-mail.
func TestManagerREST(t *testing.T) {
	t.Parallel()
	bitrix := `{"kind": "bitrix24", "bitrix24": {"webhook_url": "https://office.bitrix24.ru/rest/1/s3cret/"}}`
	amo := `{"kind": "amocrm", "amocrm": {"subdomain": "office", "access_token": "amo-token"}}`
	tests := []struct {
		name, crm, setting, caller string
		internal, email            string
		want, manager              string
		host                       string // the CRM's host the requests were for
	}{
		{"Bitrix24, by internal phone", CRMBitrix24, bitrix, "+79161112233", "102", "", "m:answered", "102", "office.bitrix24.ru"},
		{"Bitrix24, by e-mail", CRMBitrix24, bitrix, "+79161112233", "5555", "anna@office.example", "m:answered", "103", "office.bitrix24.ru"},
		{"Bitrix24, unknown number", CRMBitrix24, bitrix, "+79160000000", "102", "", "m:next", "", "office.bitrix24.ru"},
		{"Bitrix24, owner without extension", CRMBitrix24, bitrix, "+79161112233", "", "nobody@office.example", "m:next", "", "office.bitrix24.ru"},
		{"amoCRM, by e-mail", CRMAmoCRM, amo, "+79161112233", "", "Anna@Office.example", "m:answered", "103", "office.amocrm.ru"},
		{"amoCRM, unknown number", CRMAmoCRM, amo, "+79160000000", "", "anna@office.example", "m:next", "", "office.amocrm.ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			crm := &crmServer{internal: tt.internal, email: tt.email}
			srv := httptest.NewTLSServer(crm)
			defer srv.Close()
			client := &http.Client{Transport: toServer{srv}}
			cfg := withScenario(baseConfig(), 1, doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
				`{"id": "m", "type": "manager", "params": {"crm": "`+tt.crm+`", "ring_time": 20}, "next": {"next": "bye"}}`, bye), did)
			cfg.Extensions[2].Email = "anna@office.example" // 103
			cfg.Settings = []store.Setting{{ID: 1, Key: BackendCRM, Value: json.RawMessage(tt.setting)}}
			eng := New(Opts{HTTP: client, Logger: quiet()})
			eng.Load(context.Background(), cfg, 1)
			sim := &simCall{in: DryRun{Caller: tt.caller, Channel: "trunk/Provider", Called: did, Phones: map[string]DryPhone{AnyTarget: {}}},
				now: tuesdayNoon, start: tuesdayNoon, vars: map[string]string{}}
			x := eng.newExecution(eng.snap.Load(), sim, sim.clock, nil, nil, client)
			x.inbound(context.Background(), sim.Info())
			p := tracePath(&Trace{Path: x.path})
			if len(p) < 2 || p[1] != tt.want || x.vars[VarManager] != tt.manager {
				t.Errorf("path %q, manager %q; want %s, %q", p, x.vars[VarManager], tt.want, tt.manager)
			}
			crm.mu.Lock()
			defer crm.mu.Unlock()
			if len(crm.calls) == 0 || !strings.HasPrefix(crm.calls[0], tt.host+"/") {
				t.Errorf("requests %q; want them for %s", crm.calls, tt.host)
			}
		})
	}
}
