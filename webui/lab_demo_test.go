package webui

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// TestLabDemo: the demo office fills in what a fresh box lacks (numbers,
// ports, the lines' and SIMs' routes), keeps what is set up, and asked
// again changes nothing; without the simulated board it is refused.
func TestLabDemo(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(o *Options) { o.Lab = http.NotFoundHandler() })
	ctx := context.Background()
	boardPorts(t, e.st) // FXS 1-2, FXO 1-2, GSM 1-2
	for _, port := range []int{3, 4} {
		p := store.FXSPort{Port: port, Mode: store.FXSVoice, CallerID: store.CallerIDETSIAfterRing, Country: "RU", EchoCancel: true}
		if err := e.st.FXSPorts().Create(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	// 102 exists already, on no port; FXO line 2 has its own route.
	boris := store.Extension{Number: "102", Name: "Boris B.", OnDuty: true, Outbound: store.OutboundNational}
	sc := store.Scenario{Name: "Mine", Document: []byte(`{"schema": 1, "elements": [{"id": "in", "type": "incoming", "next": {"next": "bye"}}, {"id": "bye", "type": "hangup"}]}`)}
	for _, err := range []error{e.st.Extensions().Create(ctx, &boris), e.st.Scenarios().Create(ctx, &sc)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	lines, _ := e.st.FXOLines().List(ctx)
	if err := e.st.InboundRoutes().Create(ctx, &store.InboundRoute{Name: "Mine", Source: store.SourceFXO, FXOLineID: &lines[1].ID, ScenarioID: sc.ID}); err != nil {
		t.Fatal(err)
	}
	b := e.setupAdmin(t)

	var got demoResult
	res := b.do("POST", "/api/lab/demo", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("POST /api/lab/demo = %d %s", res.Code, res.Body)
	}
	res.decode(t, &got)
	if !slices.Equal(got.Extensions, []string{"101", "103", "104"}) || !slices.Equal(got.Ports, []int{1, 2, 3, 4}) ||
		!slices.Equal(got.Routes, []string{"Lab demo: Line 1", "Lab demo: GSM 1", "Lab demo: GSM 2"}) || got.Scenario == 0 {
		t.Fatalf("demo = %+v; want 101, 103, 104 created, ports 1-4, routes for line 1 and both SIMs", got)
	}
	cfg, err := e.st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	number := map[int64]string{}
	for _, x := range cfg.Extensions {
		number[x.ID] = x.Number
		if x.Number == "102" && (x.Name != "Boris B." || x.Outbound != store.OutboundNational) {
			t.Errorf("102 became %+v; want it kept as it was", x)
		}
	}
	for _, p := range cfg.FXSPorts {
		want := []string{"101", "102", "103", "104"}[p.Port-1]
		if p.ExtensionID == nil || number[*p.ExtensionID] != want || (p.Port == 4) != (p.Mode == store.FXSFax) {
			t.Errorf("FXS port %d = %+v; want %s, in fax mode only on port 4", p.Port, p, want)
		}
	}
	for _, rt := range cfg.InboundRoutes {
		if rt.Name == "Mine" && rt.ScenarioID != sc.ID {
			t.Errorf("route Mine now runs scenario %d; want it kept", rt.ScenarioID)
		}
	}
	// The scenario passes the same check as one saved on its page.
	var check struct {
		Valid bool `json:"valid"`
	}
	res = b.do("POST", "/api/scenarios/validate", map[string]any{"document": cfg.Scenarios[1].Document})
	if res.decode(t, &check); !check.Valid || cfg.Scenarios[1].Name != demoScenarioName {
		t.Errorf("the demo scenario %q does not validate: %d %s", cfg.Scenarios[1].Name, res.Code, res.Body)
	}

	var again demoResult
	b.do("POST", "/api/lab/demo", nil).decode(t, &again)
	if len(again.Extensions)+len(again.Ports)+len(again.Routes) != 0 || again.Scenario != got.Scenario {
		t.Errorf("demo asked again = %+v; want nothing new and the same scenario %d", again, got.Scenario)
	}

	real := newTestEnv(t)
	rb := real.setupAdmin(t)
	if res := rb.do("POST", "/api/lab/demo", nil); res.Code != http.StatusNotFound {
		t.Errorf("POST /api/lab/demo on a real board = %d; want 404", res.Code)
	}
}
