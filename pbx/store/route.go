package store

import (
	"encoding/json"
	"time"
)

// Inbound route sources: where a call comes in.
const (
	SourceAny = "any"
	SourceDID = "did" // a number dialled on a SIP trunk
	SourceFXO = "fxo"
	SourceGSM = "gsm"
)

// InboundRoute binds a scenario to where calls come in.
type InboundRoute struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	Source           string `json:"source"`
	DID              string `json:"did"` // for SourceDID
	SIPTrunkID       *int64 `json:"sip_trunk_id"`
	FXOLineID        *int64 `json:"fxo_line_id"`
	GSMModuleID      *int64 `json:"gsm_module_id"`
	ScenarioID       int64  `json:"scenario_id"`
	ScheduleID       *int64 `json:"schedule_id"` // nil: 24/7
	GreetingPromptID *int64 `json:"greeting_prompt_id"`
	RecordCalls      bool   `json:"record_calls"`
}

// Validate checks the fields a user enters and that the source names what it
// needs.
func (r *InboundRoute) Validate() error {
	err := firstError(
		checkText("inbound_routes", "name", r.Name, 1, 80),
		checkOneOf("inbound_routes", "source", r.Source, SourceAny, SourceDID, SourceFXO, SourceGSM),
	)
	if err != nil {
		return err
	}
	switch {
	case r.Source == SourceDID:
		return checkNumber("inbound_routes", "did", r.DID, false)
	case r.Source == SourceFXO && r.FXOLineID == nil:
		return Invalid("inbound_routes", "fxo_line_id", "a route from an FXO line must name the line")
	case r.Source == SourceGSM && r.GSMModuleID == nil:
		return Invalid("inbound_routes", "gsm_module_id", "a route from GSM must name the module")
	}
	return nil
}

// Scenario is a call scenario graph, kept as the JSON document that the
// scenario engine defines.
type Scenario struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	Document json.RawMessage `json:"document"`
}

// Validate checks the name and that the document is a JSON object; the
// scenario engine validates the graph itself.
func (s *Scenario) Validate() error {
	return firstError(
		checkText("scenarios", "name", s.Name, 1, 80),
		checkJSONObject("scenarios", "document", s.Document),
	)
}

// Schedule is a named set of weekly intervals and holidays in a time zone,
// kept as the JSON document that the schedule element defines.
type Schedule struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	TimeZone string          `json:"time_zone"` // IANA name, e.g. Europe/Moscow
	Document json.RawMessage `json:"document"`
}

// Validate checks the name, the time zone and that the document is a JSON
// object.
func (s *Schedule) Validate() error {
	if err := checkText("schedules", "name", s.Name, 1, 80); err != nil {
		return err
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" || s.TimeZone == "Local" {
		return Invalid("schedules", "time_zone", "must be an IANA time zone such as Europe/Moscow")
	}
	return checkJSONObject("schedules", "document", s.Document)
}
