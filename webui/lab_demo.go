package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// demoPhones are the demo office's people: an extension per FXS port, the
// last one a fax machine.
var demoPhones = []struct{ number, name string }{
	{"101", "Anna"}, {"102", "Boris"}, {"103", "Vera"}, {"104", "Fax"},
}

// demoScenarioName names the scenario that answers the demo office's lines.
const demoScenarioName = "Lab demo: reception"

// demoScenario answers a PSTN line or a SIM with a menu (1, 2 or 3 for a
// colleague, nothing for Anna); a fax's calling tone moves the call to
// the fax port by itself.
const demoScenario = `{"schema": 1, "elements": [
	{"id": "in", "type": "incoming", "next": {"next": "menu"}},
	{"id": "menu", "type": "menu", "params": {"prompt": {"text": "Hello. Press 1 for Anna, 2 for Boris, 3 for Vera."}, "keys": ["1", "2", "3"], "timeout": 10, "repeats": 1},
		"next": {"1": "anna", "2": "boris", "3": "vera", "no_input": "anna", "invalid": "anna"}},
	{"id": "anna", "type": "internal", "params": {"extension": "101"}},
	{"id": "boris", "type": "internal", "params": {"extension": "102"}},
	{"id": "vera", "type": "internal", "params": {"extension": "103"}}]}`

// demoResult is what POST /api/lab/demo set up; what existed already is
// left as it was and not listed.
type demoResult struct {
	Extensions []string `json:"extensions"` // numbers created
	Ports      []int    `json:"ports"`      // FXS ports given an extension
	Scenario   int64    `json:"scenario_id"`
	Routes     []string `json:"routes"` // inbound routes created, by name
}

// labDemo serves POST /api/lab/demo on the simulated board: a small office
// to try the box with in the lab. 101-103 on FXS ports 1-3, the fax
// machine 104 on port 4 in fax mode, and every PSTN line and SIM without
// an inbound route answered by a menu that puts callers through. Numbers,
// ports and routes already set up are kept as they are, so it can be
// asked again.
func (s *Server) labDemo(w http.ResponseWriter, r *http.Request) {
	if s.labHandler == nil {
		writeError(w, http.StatusNotFound, "the lab exists only on the simulated board: start pbxd with -board sim", "")
		return
	}
	res, err := s.setUpDemo(s.edit(r, "lab demo office"))
	if err != nil {
		s.writeStoreError(w, r, "demo office", err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) setUpDemo(ctx context.Context) (demoResult, error) {
	res := demoResult{Extensions: []string{}, Ports: []int{}, Routes: []string{}}
	cfg, err := s.st.Export(ctx)
	if err != nil {
		return res, err
	}
	ids := map[string]int64{}
	for _, e := range cfg.Extensions {
		ids[e.Number] = e.ID
	}
	for _, p := range demoPhones {
		if _, ok := ids[p.number]; ok {
			continue
		}
		e := store.Extension{Number: p.number, Name: p.name, OnDuty: true, Outbound: store.OutboundInternal}
		if err := s.st.Extensions().Create(ctx, &e); err != nil {
			return res, fmt.Errorf("extension %s: %w", p.number, err)
		}
		ids[p.number], res.Extensions = e.ID, append(res.Extensions, p.number)
	}
	assigned := map[int64]bool{}
	for _, p := range cfg.FXSPorts {
		if p.ExtensionID != nil {
			assigned[*p.ExtensionID] = true
		}
	}
	for _, p := range cfg.FXSPorts {
		if p.Port > len(demoPhones) || p.ExtensionID != nil {
			continue
		}
		id := ids[demoPhones[p.Port-1].number]
		if assigned[id] {
			continue // the number rings another port already
		}
		p.ExtensionID = &id
		if p.Port == len(demoPhones) {
			p.Mode, p.CallerID, p.EchoCancel = store.FXSFax, store.CallerIDOff, false
		}
		if err := s.st.FXSPorts().Update(ctx, &p); err != nil {
			return res, fmt.Errorf("FXS port %d: %w", p.Port, err)
		}
		assigned[id], res.Ports = true, append(res.Ports, p.Port)
	}

	for _, sc := range cfg.Scenarios {
		if sc.Name == demoScenarioName {
			res.Scenario = sc.ID
		}
	}
	if res.Scenario == 0 {
		problems, err := s.checkScenario(ctx, json.RawMessage(demoScenario))
		if err != nil {
			return res, err
		}
		if len(problems) > 0 {
			return res, fmt.Errorf("webui: the demo scenario does not fit this box: %s", problems[0].Message)
		}
		sc := store.Scenario{Name: demoScenarioName, Document: json.RawMessage(demoScenario)}
		if err := s.st.Scenarios().Create(ctx, &sc); err != nil {
			return res, fmt.Errorf("scenario: %w", err)
		}
		res.Scenario = sc.ID
	}

	routed := map[string]bool{}
	for _, rt := range cfg.InboundRoutes {
		switch {
		case rt.Source == store.SourceAny:
			return res, nil // every call has its route already
		case rt.FXOLineID != nil:
			routed[fmt.Sprintf("fxo%d", *rt.FXOLineID)] = true
		case rt.GSMModuleID != nil:
			routed[fmt.Sprintf("gsm%d", *rt.GSMModuleID)] = true
		}
	}
	add := func(rt store.InboundRoute) error {
		rt.ScenarioID = res.Scenario
		if err := s.st.InboundRoutes().Create(ctx, &rt); err != nil {
			return fmt.Errorf("inbound route %q: %w", rt.Name, err)
		}
		res.Routes = append(res.Routes, rt.Name)
		return nil
	}
	for _, l := range cfg.FXOLines {
		if !routed[fmt.Sprintf("fxo%d", l.ID)] {
			if err := add(store.InboundRoute{Name: "Lab demo: " + l.Name, Source: store.SourceFXO, FXOLineID: &l.ID}); err != nil {
				return res, err
			}
		}
	}
	for _, g := range cfg.GSMModules {
		if !routed[fmt.Sprintf("gsm%d", g.ID)] {
			if err := add(store.InboundRoute{Name: "Lab demo: " + g.Name, Source: store.SourceGSM, GSMModuleID: &g.ID}); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}
