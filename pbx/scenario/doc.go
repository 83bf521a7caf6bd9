// Package scenario is the call scenario engine: the graph an admin draws
// (elements joined by arrows from named outcomes), its JSON document, the
// checks a scenario must pass before it is saved, the executor that drives a
// call through it with call.Control, the inbound routes that pick the
// scenario for a call, and a dry run that shows the path a call would take
// without placing one.
//
// # The document
//
// A scenario is stored as one JSON object with a schema version:
//
//	{"schema": 1, "elements": [
//	  {"id": "in", "type": "incoming", "next": {"next": "vip"}},
//	  {"id": "vip", "type": "list", "label": "Important clients",
//	   "params": {"list_id": 3}, "next": {"match": "boss", "no_match": "hours"}},
//	  {"id": "boss", "type": "internal", "params": {"extension": "101"}}
//	]}
//
// Every element has an ID unique in the document, a type from the
// catalogue (Catalogue), parameters of that type's Go struct, and arrows
// (next) from its outcomes to element IDs. Decode refuses unknown fields
// anywhere, naming their JSON path; Validate checks the graph and the
// parameters and names the element and outcome of every problem.
//
// # Running calls
//
// Engine.Handle is the switch's handler. Calls from trunks, FXO lines and
// GSM modules go through the inbound routes to a scenario; calls from
// extensions go to the dial plan. Each call reads the configuration
// snapshot once, so a saved change applies to new calls while calls in
// progress finish on the version they started with. Every element a call
// passes is recorded with call.Control.Step(element ID, outcome), or, on
// the switch's calls, with its kind and label too (call.Call.StepElement);
// the element a call is in shows on the dashboard (call.Call.Running).
//
// A call whose caller sends a fax tone (the Control is a call.FaxDetector)
// leaves its scenario for the FXS ports in fax mode: while the caller
// waits, the element running ends with "fax detected"; while it talks to
// someone, that party is hung up. Then the fax ports ring. Without a fax
// port the scenario goes on.
//
// A route that records its calls plays the caller a warning, then taps
// every bridge of the call (call.Tapper) into a Recording that Opts.Record
// opens; the file is linked from the call record once complete. The tap
// follows the caller through transfers.
//
// A callee's transfer request to an extension is carried out here,
// following the extension's forwards once as an internal subscriber
// element does (transfer.go); one to an outside number, or an attended
// one, goes to Opts.Transfers (the dial plan), which applies the outbound
// rules at the transferring extension's level, and so does the hook flash
// of a callee on an analog phone, which then dials the third party. A
// caller whose transfer leaves it alone when the new party hangs up is
// asked for the route's rating as after any call.
//
// A route's melodies (melodies.go) replace what its callers hear while
// the scenario rings someone (as early media: the caller is not answered
// for it) or a queue without music keeps them waiting, while the person
// they talk to holds them, and before they leave a message in a mailbox
// without a greeting of its own. A dry run (Engine.DryRun) names them in
// its events, and simulates a callee's hold (DryPhone.Hold).
//
// Services the elements use (schedules, prompts, speech, voicemail, SMS,
// recordings, speech recognition, a language model, a CRM) are small
// interfaces declared here and given to New. The backends of
// question-answer, AI, campaign and responsible-manager elements are
// configured as settings (backendconfig.go); a scenario that uses one
// while it is not configured is refused on save.
package scenario
