package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// fixedCRM answers every number with one owner.
type fixedCRM string

func (f fixedCRM) Owner(ctx context.Context, number string) (string, error) { return string(f), nil }

// TestManager: the responsible manager asks the CRM's HTTP API (a real
// server) who owns the caller's number and rings that extension; no owner,
// an owner who is not an extension, a CRM that fails, and a CRM of another
// kind go on by next.
func TestManager(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer t0ken" {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		switch r.URL.Query().Get("phone") {
		case "+79160000001":
			fmt.Fprint(w, `{"owner": {"extension": "102"}}`)
		case "+79160000002":
			fmt.Fprint(w, `{"owner": {"extension": 103}}`) // a number, not a string
		case "+79160000003":
			fmt.Fprint(w, `{"owner": {"extension": "777"}}`)
		case "+79160000004":
			http.Error(w, "down", http.StatusServiceUnavailable)
		case "+79160000005":
			fmt.Fprint(w, `{"owner": null}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	crm := store.Setting{ID: 1, Key: BackendCRM, Value: json.RawMessage(fmt.Sprintf(
		`{"kind": "api", "api": {"url": "%s/owner?phone={{caller}}", "headers": {"Authorization": "Bearer t0ken"}, "extension_field": "owner.extension"}}`, srv.URL))}
	src := func(kind string) string {
		return doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
			`{"id": "m", "type": "manager", "params": {"crm": "`+kind+`", "ring_time": 20}, "next": {"next": "bye"}}`, bye)
	}
	tests := []struct {
		caller, kind string
		crm          CRM
		want         string // m's outcome
		manager      string
	}{
		{"+79160000001", CRMAPI, nil, "answered", "102"},
		{"+79160000002", CRMAPI, nil, "answered", "103"},
		{"+79160000003", CRMAPI, nil, "next", "777"},
		{"+79160000004", CRMAPI, nil, "next", ""},
		{"+79160000005", CRMAPI, nil, "next", ""},
		{"+79160000009", CRMAPI, nil, "next", ""},
		{"+79160000001", CRMBitrix24, fixedCRM("104"), "next", ""}, // the box is set up for the API
	}
	for _, tt := range tests {
		cfg := withScenario(baseConfig(), 1, src(tt.kind), did)
		cfg.Settings = []store.Setting{crm}
		eng := New(Opts{HTTP: srv.Client(), CRM: tt.crm, Logger: quiet()})
		eng.Load(context.Background(), cfg, 1)
		if l := eng.snap.Load().scenarios[1]; l.err != nil {
			t.Fatalf("scenario: %v", l.err)
		}
		sim := &simCall{in: DryRun{Caller: tt.caller, Channel: "trunk/Provider", Called: did, Phones: map[string]DryPhone{AnyTarget: {}}},
			now: tuesdayNoon, start: tuesdayNoon, vars: map[string]string{}}
		x := eng.newExecution(eng.snap.Load(), sim, sim.clock, nil, nil, srv.Client())
		x.inbound(context.Background(), sim.Info())
		p := tracePath(&Trace{Path: x.path})
		if len(p) < 2 || p[1] != "m:"+tt.want || x.vars[VarManager] != tt.manager {
			t.Errorf("caller %s asking %s: path %q, manager %q; want m:%s, %q", tt.caller, tt.kind, p, x.vars[VarManager], tt.want, tt.manager)
		}
	}
}

// TestManagerThroughOpts: a CRM the box does not ask itself answers
// through Opts.CRM.
func TestManagerThroughOpts(t *testing.T) {
	t.Parallel()
	cfg := withScenario(baseConfig(), 1, doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
		`{"id": "m", "type": "manager", "params": {"crm": "amocrm", "ring_time": 20}, "next": {"next": "bye"}}`, bye), did)
	cfg.Settings = []store.Setting{{ID: 1, Key: BackendCRM, Value: json.RawMessage(`{"kind": "amocrm", "amocrm": {"subdomain": "office", "access_token": "t"}}`)}}
	for _, tt := range []struct {
		crm  CRM
		want string
	}{{fixedCRM("104"), "m:answered"}, {fixedCRM(""), "m:next"}} {
		eng := New(Opts{CRM: tt.crm, Logger: quiet()})
		eng.Load(context.Background(), cfg, 1)
		tr, err := eng.DryRun(context.Background(), DryRun{Caller: "+79160000001", Channel: "trunk/Provider", Called: did, At: tuesdayNoon,
			Phones: map[string]DryPhone{AnyTarget: {}}})
		if err != nil {
			t.Fatal(err)
		}
		if p := tracePath(tr); len(p) < 2 || p[1] != tt.want {
			t.Errorf("with CRM %v: path %q; want %s", tt.crm, p, tt.want)
		}
	}
}
