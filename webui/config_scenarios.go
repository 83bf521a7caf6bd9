package webui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// scenarioProblem is one problem of a scenario as the API shows it: the
// element (ID and label) and outcome or parameter it concerns, so that the
// editor can mark it, and what to do. Path is the JSON path of a document
// that could not be read, such as "elements[2].params.ring_time".
type scenarioProblem struct {
	Element string `json:"element,omitempty"`
	Label   string `json:"label,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Field   string `json:"field,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// scenarioRefusal is the body of a 400 answer to a scenario that cannot be
// saved or run: the usual error and field, and every problem found.
type scenarioRefusal struct {
	Error    string            `json:"error"`
	Field    string            `json:"field"`
	Problems []scenarioProblem `json:"problems"`
}

// scenarioBodyLimit bounds the body of a request that carries a scenario
// document (bytes): the largest document and room for the rest.
const scenarioBodyLimit = scenario.MaxDocumentSize + maxBody

// scenarioResource serves /api/scenarios. Saving decodes the document
// strictly and validates it against the configuration as it stands;
// a scenario with problems is refused with 400 and all of them, and
// nothing is stored.
func (s *Server) scenarioResource() *resource[store.Scenario] {
	return &resource[store.Scenario]{
		s: s, table: s.st.Scenarios(), noun: "scenario", path: "/api/scenarios",
		id:    func(sc *store.Scenario) *int64 { return &sc.ID },
		fresh: func() store.Scenario { return store.Scenario{} },
		limit: scenarioBodyLimit,
		edit:  func(r *http.Request) context.Context { return s.edit(r, "") },
		check: func(w http.ResponseWriter, r *http.Request, sc *store.Scenario) bool {
			if len(sc.Document) == 0 || string(sc.Document) == "null" {
				writeError(w, http.StatusBadRequest, `document is missing: send the scenario graph as {"schema": 1, "elements": [...]}`, "document")
				return false
			}
			problems, err := s.checkScenario(r.Context(), sc.Document)
			if err != nil {
				s.internalError(w, r, err)
				return false
			}
			if len(problems) > 0 {
				refuseScenario(w, "was not saved", problems)
				return false
			}
			return true
		},
	}
}

// refuseScenario answers 400 with the problems of a scenario; outcome
// says what did not happen: "was not saved", "cannot run".
func refuseScenario(w http.ResponseWriter, outcome string, problems []scenarioProblem) {
	msg := fmt.Sprintf("the scenario has %d problems and %s: fix each and try again", len(problems), outcome)
	if len(problems) == 1 {
		msg = fmt.Sprintf("the scenario %s: %s", outcome, problems[0].Message)
		if problems[0].Element != "" {
			msg = fmt.Sprintf("the scenario %s: element %q: %s", outcome, problems[0].Element, problems[0].Message)
		}
	}
	writeJSON(w, http.StatusBadRequest, scenarioRefusal{Error: msg, Field: "document", Problems: problems})
}

// checkScenario decodes and validates a scenario document against the
// current configuration. It returns the document's problems, none when it
// may be saved; an error means the check itself failed.
func (s *Server) checkScenario(ctx context.Context, raw json.RawMessage) ([]scenarioProblem, error) {
	doc, problems := decodeScenario(raw)
	if problems != nil {
		return problems, nil
	}
	refs, err := s.scenarioRefs(ctx)
	if err != nil {
		return nil, err
	}
	return scenarioProblems(scenario.Validate(ctx, doc, refs))
}

// scenarioRefs returns the Refs that scenario validation looks things up
// in: the engine's (SetScenarioRefs) over the configuration as it stands.
func (s *Server) scenarioRefs(ctx context.Context) (scenario.Refs, error) {
	cfg, err := s.st.Export(ctx)
	if err != nil {
		return nil, err
	}
	_, refsOf := s.configSnapshot()
	if refsOf != nil {
		return refsOf(cfg), nil
	}
	return &scenario.ConfigRefs{Config: cfg}, nil
}

// refExists reports whether the thing of kind named key exists, as
// scenario validation sees it.
func (s *Server) refExists(ctx context.Context, kind scenario.RefKind, key string) (bool, error) {
	refs, err := s.scenarioRefs(ctx)
	if err != nil {
		return false, err
	}
	return refs.Exists(ctx, kind, key)
}

// decodeScenario decodes a document; when it cannot, it returns the one
// problem, naming the element when the path points into one.
func decodeScenario(raw json.RawMessage) (*scenario.Document, []scenarioProblem) {
	doc, err := scenario.Decode(raw)
	if err == nil {
		return doc, nil
	}
	p := scenarioProblem{Message: err.Error()}
	var de *scenario.DecodeError
	if errors.As(err, &de) {
		p.Path, p.Message = de.Path, de.Msg
		p.Element = elementAt(raw, de.Path)
	}
	return nil, []scenarioProblem{p}
}

var elementIndex = regexp.MustCompile(`^elements\[(\d+)\]`)

// elementAt returns the ID of the element that a decode error's path
// points into, or "".
func elementAt(raw json.RawMessage, path string) string {
	m := elementIndex.FindStringSubmatch(path)
	if m == nil {
		return ""
	}
	i, _ := strconv.Atoi(m[1])
	var ids struct {
		Elements []struct {
			ID any `json:"id"`
		} `json:"elements"`
	}
	if json.Unmarshal(raw, &ids) != nil || i >= len(ids.Elements) {
		return ""
	}
	id, _ := ids.Elements[i].ID.(string)
	return id
}

// scenarioProblems turns the result of scenario.Validate into problems; an
// error that is not about the document is returned as it is.
func scenarioProblems(err error) ([]scenarioProblem, error) {
	var ve *scenario.ValidationError
	if err == nil {
		return nil, nil
	}
	if !errors.As(err, &ve) {
		return nil, err
	}
	out := make([]scenarioProblem, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = scenarioProblem{Element: p.Element, Label: p.Label, Outcome: p.Outcome, Field: p.Field, Message: p.Message}
	}
	return out, nil
}

// validateScenario serves POST /api/scenarios/validate {"document": ...}:
// the checks of saving, without saving. It answers 200 {"valid": bool,
// "problems": [...]}.
func (s *Server) validateScenario(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Document json.RawMessage `json:"document"`
	}
	if !readJSONLimit(w, r, &body, scenarioBodyLimit) {
		return
	}
	if len(body.Document) == 0 || string(body.Document) == "null" {
		writeError(w, http.StatusBadRequest, `document is missing: send {"document": {"schema": 1, "elements": [...]}}`, "document")
		return
	}
	problems, err := s.checkScenario(r.Context(), body.Document)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if problems == nil {
		problems = []scenarioProblem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"valid": len(problems) == 0, "problems": problems})
}

// dryRunRequest is the body of POST /api/scenarios/dry-run: a call to try,
// as scenario.DryRun describes it. With document, that graph (one being
// edited) runs; with scenario_id, or scenario (a name), that stored
// scenario; with none of them, the call goes through the inbound routes as
// a real one would. Keys for element "*" are pressed at any element that
// listens; phones["*"] rings every target not listed.
type dryRunRequest struct {
	Caller     string                  `json:"caller"`
	Channel    string                  `json:"channel"` // "trunk/Provider", "fxo/1", "gsm/2"
	Called     string                  `json:"called"`
	At         time.Time               `json:"at"` // RFC 3339; zero: now
	Keys       map[string][]string     `json:"keys"`
	Phones     map[string]dryRunPhone  `json:"phones"`
	HTTP       map[string]dryRunAnswer `json:"http"`
	Document   json.RawMessage         `json:"document"`
	ScenarioID int64                   `json:"scenario_id"`
	Scenario   string                  `json:"scenario"` // a stored scenario's name
}

// dryRunPhone is how a target behaves in a dry run; the zero value answers
// at once.
type dryRunPhone struct {
	AnswerAfter float64 `json:"answer_after_s"` // seconds
	Hold        float64 `json:"hold_s"`         // seconds the phone holds the caller, once; 0 never
	TransferTo  string  `json:"transfer_to"`    // the number the phone transfers the caller to, blind, once; "" never
	Never       bool    `json:"never"`
	Busy        bool    `json:"busy"`
	Unavailable bool    `json:"unavailable"`
}

// dryRunAnswer is what an HTTP request element gets in a dry run.
type dryRunAnswer struct {
	Status int    `json:"status"`
	Body   string `json:"body"`
}

// DryRunHandler serves the body of POST /api/scenarios/dry-run without a
// session or CSRF check, for the local API (pbxctl scenario test), whose
// socket the file system guards. It answers as that endpoint does.
func (s *Server) DryRunHandler() http.Handler { return http.HandlerFunc(s.dryRunScenario) }

// dryRunScenario serves POST /api/scenarios/dry-run: the path a described
// call would take, without placing it. It answers 503 until SetDryRun is
// called, and 400 with the problems of a document that cannot run.
func (s *Server) dryRunScenario(w http.ResponseWriter, r *http.Request) {
	run, _ := s.configSnapshot()
	if run == nil {
		writeError(w, http.StatusServiceUnavailable, "dry runs are not available: the scenario engine is not running in this pbxd; look at the log", "")
		return
	}
	var req dryRunRequest
	if !readJSONLimit(w, r, &req, scenarioBodyLimit) {
		return
	}
	in := scenario.DryRun{Caller: req.Caller, Channel: req.Channel, Called: req.Called, At: req.At, Keys: req.Keys}
	if len(req.Phones) > 0 {
		in.Phones = make(map[string]scenario.DryPhone, len(req.Phones))
		for target, p := range req.Phones {
			if p.AnswerAfter < 0 || p.AnswerAfter > 3600 {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("phones[%q].answer_after_s must be 0 to 3600 seconds", target), "phones")
				return
			}
			if p.Hold < 0 || p.Hold > 3600 {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("phones[%q].hold_s must be 0 to 3600 seconds", target), "phones")
				return
			}
			in.Phones[target] = scenario.DryPhone{AnswerAfter: time.Duration(p.AnswerAfter * float64(time.Second)),
				Hold:       time.Duration(p.Hold * float64(time.Second)),
				TransferTo: p.TransferTo,
				Never:      p.Never, Busy: p.Busy, Unavailable: p.Unavailable}
		}
	}
	if len(req.HTTP) > 0 {
		in.HTTP = make(map[string]scenario.DryHTTP, len(req.HTTP))
		for id, a := range req.HTTP {
			in.HTTP[id] = scenario.DryHTTP{Status: a.Status, Body: a.Body}
		}
	}
	doc := req.Document
	hasDoc := len(doc) > 0 && string(doc) != "null"
	switch {
	case hasDoc && req.ScenarioID != 0 || hasDoc && req.Scenario != "" || req.ScenarioID != 0 && req.Scenario != "":
		writeError(w, http.StatusBadRequest, "send one of document, scenario_id and scenario, not two", "scenario_id")
		return
	case req.Scenario != "":
		sc, err := s.st.Scenarios().FindBy(r.Context(), "name", req.Scenario)
		if errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusNotFound, fmt.Sprintf("there is no scenario named %q", req.Scenario), "scenario")
			return
		}
		if err != nil {
			s.writeStoreError(w, r, fmt.Sprintf("scenario %q", req.Scenario), err)
			return
		}
		doc = sc.Document
	case req.ScenarioID != 0:
		sc, err := s.st.Scenarios().Get(r.Context(), req.ScenarioID)
		if err != nil {
			s.writeStoreError(w, r, fmt.Sprintf("scenario %d", req.ScenarioID), err)
			return
		}
		doc = sc.Document
	}
	if len(doc) > 0 && string(doc) != "null" {
		d, problems := decodeScenario(doc)
		if problems != nil {
			refuseScenario(w, "cannot run", problems)
			return
		}
		in.Document = d
	}
	trace, err := run(r.Context(), in)
	if problems, perr := scenarioProblems(err); perr == nil && problems != nil {
		refuseScenario(w, "cannot run", problems)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, trace)
}
