package store

// After-hours actions of RouteOptions: what a call that arrives outside the
// route's working interval gets instead of the route's scenario.
const (
	AfterHoursNone      = "none"      // the route's scenario runs at any time
	AfterHoursScenario  = "scenario"  // another scenario runs
	AfterHoursVoicemail = "voicemail" // the caller leaves a message in a mailbox
	AfterHoursForward   = "forward"   // the call goes out to a number through a trunk
	AfterHoursHangup    = "hangup"    // the call is ended
)

// RouteOptions holds the options of one inbound route that came after the
// route itself: after-hours handling, the quality rating and the melodies.
// A route has at most one row; a route without one has none of them.
type RouteOptions struct {
	ID                   int64  `json:"id"`
	RouteID              int64  `json:"route_id"`
	AfterHoursAction     string `json:"after_hours_action"`
	AfterHoursScenarioID *int64 `json:"after_hours_scenario_id"` // for AfterHoursScenario
	AfterHoursMailbox    string `json:"after_hours_mailbox"`     // mailbox number, for AfterHoursVoicemail
	AfterHoursNumber     string `json:"after_hours_number"`      // for AfterHoursForward
	WorkingInterval      string `json:"working_interval"`        // the schedule interval that counts as hours; empty: "working"
	RateCalls            bool   `json:"rate_calls"`              // ask the caller for 1-5 after an answered call
	// RecordingWarningPromptID is what callers of a route that records
	// calls (InboundRoute.RecordCalls) hear first; nil: a spoken warning.
	RecordingWarningPromptID *int64 `json:"recording_warning_prompt_id" since:"8"`
	// Language is the language of what the box itself says to the
	// route's callers (the rating question, the spoken recording warning):
	// one of Languages; "" takes it from the line's country, else the
	// box's country setting.
	Language string `json:"language" since:"8"`
	// WaitingPromptID is what the route's callers hear, looped, while the
	// scenario rings someone and while they wait in a queue that has no
	// music of its own; nil: the line's ringback tone.
	WaitingPromptID *int64 `json:"waiting_prompt_id" since:"10"`
	// HoldPromptID is what the route's callers hear, looped, while the
	// person they talk to holds them; nil: the box's hold tone.
	HoldPromptID *int64 `json:"hold_prompt_id" since:"10"`
	// VoicemailGreetingPromptID is what the route's callers hear before they
	// leave a message in a mailbox that has no greeting of its own; nil:
	// the spoken greeting.
	VoicemailGreetingPromptID *int64 `json:"voicemail_greeting_prompt_id" since:"10"`
}

// Languages are the languages the box speaks its own words in.
var Languages = []string{"en", "ru", "uk", "pl"}

// Validate checks the action and the field that the action needs.
func (o *RouteOptions) Validate() error {
	const table = "route_options"
	err := firstError(
		checkOneOf(table, "after_hours_action", o.AfterHoursAction,
			AfterHoursNone, AfterHoursScenario, AfterHoursVoicemail, AfterHoursForward, AfterHoursHangup),
		checkText(table, "working_interval", o.WorkingInterval, 0, 40),
		checkText(table, "after_hours_mailbox", o.AfterHoursMailbox, 0, 16),
		checkText(table, "after_hours_number", o.AfterHoursNumber, 0, 21),
	)
	if err == nil && o.Language != "" {
		err = checkOneOf(table, "language", o.Language, Languages...)
	}
	if err != nil {
		return err
	}
	switch o.AfterHoursAction {
	case AfterHoursScenario:
		if o.AfterHoursScenarioID == nil {
			return Invalid(table, "after_hours_scenario_id", "the after-hours action scenario must name the scenario")
		}
	case AfterHoursVoicemail:
		if o.AfterHoursMailbox == "" {
			return Invalid(table, "after_hours_mailbox", "the after-hours action voicemail must name the mailbox")
		}
		return checkDigits(table, "after_hours_mailbox", o.AfterHoursMailbox, 1, 16)
	case AfterHoursForward:
		if o.AfterHoursNumber == "" {
			return Invalid(table, "after_hours_number", "the after-hours action forward must name the number")
		}
		return checkNumber(table, "after_hours_number", o.AfterHoursNumber, false)
	}
	return nil
}

// Interval returns the schedule interval that counts as working hours.
func (o *RouteOptions) Interval() string {
	if o.WorkingInterval == "" {
		return "working"
	}
	return o.WorkingInterval
}
