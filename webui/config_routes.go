package webui

import (
	"cmp"
	"context"
	"net/http"
	"sync"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// configState is what the configuration API gets from pbxd after New,
// through the Set methods. Its zero value serves: no dry run, the SIP
// address of Options, and scenario.ConfigRefs for validation.
type configState struct {
	mu      sync.Mutex
	dryRun  func(context.Context, scenario.DryRun) (*scenario.Trace, error)
	sipAddr string
	refs    func(*store.Config) scenario.Refs
	// mdnsName is the name the box answers mDNS for (SetMDNSName).
	mdnsName string
}

// SetDryRun gives the Server the scenario engine's dry run
// (scenario.Engine.DryRun), which serves POST /api/scenarios/dry-run;
// until it is set that endpoint answers 503. It is safe for concurrent use.
func (s *Server) SetDryRun(f func(context.Context, scenario.DryRun) (*scenario.Trace, error)) {
	s.config.mu.Lock()
	defer s.config.mu.Unlock()
	s.config.dryRun = f
}

// SetSIPAddr sets the address, host:port, that phones register to: the
// address the SIP channel advertises. Until it is set, the SIP settings
// shown for a device take Options.SIPAddr, or the host the browser reached
// the web UI at when that address is unspecified (0.0.0.0). It is safe for
// concurrent use.
func (s *Server) SetSIPAddr(addr string) {
	s.config.mu.Lock()
	defer s.config.mu.Unlock()
	s.config.sipAddr = addr
}

// SetMDNSName sets the name, such as hookflash.local or hookflash-2.local
// when another device answers for the first, that the box answers mDNS
// questions for; GET /api/status shows it. It is safe for concurrent use.
func (s *Server) SetMDNSName(name string) {
	s.config.mu.Lock()
	defer s.config.mu.Unlock()
	s.config.mdnsName = name
}

// advertisedSIPAddr returns the address phones register to: the one
// SetSIPAddr gave, else Options.SIPAddr. It is safe for concurrent use.
func (s *Server) advertisedSIPAddr() string {
	s.config.mu.Lock()
	defer s.config.mu.Unlock()
	return cmp.Or(s.config.sipAddr, s.sipAddr)
}

// SetScenarioRefs makes scenario validation look things up as the engine
// does (scenario.Opts.Refs); nil, the default, uses scenario.ConfigRefs of
// the configuration. It is safe for concurrent use.
func (s *Server) SetScenarioRefs(f func(*store.Config) scenario.Refs) {
	s.config.mu.Lock()
	defer s.config.mu.Unlock()
	s.config.refs = f
}

// configSnapshot returns the dry run and scenario lookups given through
// SetDryRun and SetScenarioRefs (advertisedSIPAddr reads the SIP address).
func (s *Server) configSnapshot() (dryRun func(context.Context, scenario.DryRun) (*scenario.Trace, error), refs func(*store.Config) scenario.Refs) {
	s.config.mu.Lock()
	defer s.config.mu.Unlock()
	return s.config.dryRun, s.config.refs
}

// configRoutes adds the configuration API to mux: SIP devices, trunks,
// outbound rules, inbound routes and their options, schedules, prompts,
// the call log, mailboxes, settings, scenarios and the OpenAPI document. routes calls it; every endpoint but the OpenAPI
// document needs a login, and the guard around mux checks CSRF.
func (s *Server) configRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/openapi.json", s.openAPI)

	mux.HandleFunc("GET /api/extensions/{id}/devices", s.requireLogin(s.listDevices))
	mux.HandleFunc("POST /api/extensions/{id}/devices", s.requireLogin(s.createDevice))
	mux.HandleFunc("GET /api/devices/{id}", s.requireLogin(s.getDevice))
	mux.HandleFunc("PUT /api/devices/{id}", s.requireLogin(s.updateDevice))
	mux.HandleFunc("DELETE /api/devices/{id}", s.requireLogin(s.deleteDevice))

	trunks := s.trunkResource()
	mux.HandleFunc("GET /api/trunks", s.requireLogin(trunks.list))
	mux.HandleFunc("POST /api/trunks", s.requireLogin(trunks.create))
	mux.HandleFunc("GET /api/trunks/{id}", s.requireLogin(trunks.get))
	mux.HandleFunc("PUT /api/trunks/{id}", s.requireLogin(trunks.update))
	mux.HandleFunc("DELETE /api/trunks/{id}", s.requireLogin(s.unlessReferenced(scenario.RefTrunk, trunks.remove)))

	rules := s.outboundRuleResource()
	mux.HandleFunc("GET /api/outbound-rules", s.requireLogin(rules.list))
	mux.HandleFunc("POST /api/outbound-rules", s.requireLogin(rules.create))
	mux.HandleFunc("GET /api/outbound-rules/{id}", s.requireLogin(rules.get))
	mux.HandleFunc("PUT /api/outbound-rules/{id}", s.requireLogin(rules.update))
	mux.HandleFunc("DELETE /api/outbound-rules/{id}", s.requireLogin(rules.remove))

	inbound := s.inboundRouteResource()
	mux.HandleFunc("GET /api/routes", s.requireLogin(inbound.list))
	mux.HandleFunc("POST /api/routes", s.requireLogin(inbound.create))
	mux.HandleFunc("GET /api/routes/{id}", s.requireLogin(inbound.get))
	mux.HandleFunc("PUT /api/routes/{id}", s.requireLogin(inbound.update))
	mux.HandleFunc("DELETE /api/routes/{id}", s.requireLogin(inbound.remove))
	mux.HandleFunc("POST /api/routes/{id}/copy-from/{other}", s.requireLogin(s.copyRoute))
	mux.HandleFunc("GET /api/routes/{id}/options", s.requireLogin(s.getRouteOptions))
	mux.HandleFunc("PUT /api/routes/{id}/options", s.requireLogin(s.putRouteOptions))

	s.groupRoutes(mux)
	s.forwardRoutes(mux)

	schedules := s.scheduleResource()
	mux.HandleFunc("GET /api/schedules", s.requireLogin(schedules.list))
	mux.HandleFunc("POST /api/schedules", s.requireLogin(schedules.create))
	mux.HandleFunc("GET /api/schedules/{id}", s.requireLogin(schedules.get))
	mux.HandleFunc("GET /api/schedules/calendars", s.requireLogin(s.holidayCalendars()))
	mux.HandleFunc("PUT /api/schedules/{id}", s.requireLogin(schedules.update))
	mux.HandleFunc("DELETE /api/schedules/{id}", s.requireLogin(s.unlessReferenced(scenario.RefSchedule, schedules.remove)))

	prompts := s.promptResource()
	mux.HandleFunc("GET /api/prompts", s.requireLogin(prompts.list))
	mux.HandleFunc("POST /api/prompts", s.requireLogin(s.uploadPrompt))
	mux.HandleFunc("GET /api/prompts/{id}", s.requireLogin(prompts.get))
	mux.HandleFunc("PUT /api/prompts/{id}", s.requireLogin(s.renamePrompt))
	mux.HandleFunc("DELETE /api/prompts/{id}", s.requireLogin(s.unlessReferenced(scenario.RefPrompt, s.deletePrompt)))
	mux.HandleFunc("GET /api/prompts/{id}/audio", s.requireLogin(s.promptAudio))
	mux.HandleFunc("POST /api/prompts/preview", s.requireLogin(s.previewPrompt))

	mux.HandleFunc("GET /api/calls", s.requireLogin(s.listCalls))
	mux.HandleFunc("GET /api/calls.csv", s.requireLogin(s.callsCSV))
	mux.HandleFunc("GET /api/calls/{id}", s.requireLogin(s.getCall))
	mux.HandleFunc("GET /api/calls/{id}/recording", s.requireLogin(s.callRecording))

	boxes := s.mailboxResource()
	mux.HandleFunc("GET /api/mailboxes", s.requireLogin(boxes.list))
	mux.HandleFunc("POST /api/mailboxes", s.requireLogin(boxes.create))
	mux.HandleFunc("GET /api/mailboxes/{id}", s.requireLogin(boxes.get))
	mux.HandleFunc("PUT /api/mailboxes/{id}", s.requireLogin(boxes.update))
	mux.HandleFunc("DELETE /api/mailboxes/{id}", s.requireLogin(s.unlessReferenced(scenario.RefMailbox, boxes.remove)))

	mux.HandleFunc("GET /api/settings", s.requireLogin(s.listSettings))
	mux.HandleFunc("GET /api/settings/{key}", s.requireLogin(s.getSetting))
	mux.HandleFunc("PUT /api/settings/{key}", s.requireLogin(s.putSetting))
	mux.HandleFunc("DELETE /api/settings/{key}", s.requireLogin(s.deleteSetting))

	scenarios := s.scenarioResource()
	mux.HandleFunc("GET /api/scenarios", s.requireLogin(scenarios.list))
	mux.HandleFunc("POST /api/scenarios", s.requireLogin(scenarios.create))
	mux.HandleFunc("GET /api/scenarios/{id}", s.requireLogin(scenarios.get))
	mux.HandleFunc("PUT /api/scenarios/{id}", s.requireLogin(scenarios.update))
	mux.HandleFunc("DELETE /api/scenarios/{id}", s.requireLogin(s.unlessReferenced(scenario.RefScenario, scenarios.remove)))
	mux.HandleFunc("POST /api/scenarios/validate", s.requireLogin(s.validateScenario))
	mux.HandleFunc("POST /api/scenarios/dry-run", s.requireLogin(s.dryRunScenario))
	s.scenarioVersionRoutes(mux)
}
