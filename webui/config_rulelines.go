package webui

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/store"
)

// ruleLine is one line of an outbound rule as the API shows and takes it:
// exactly one of a SIP trunk, an FXO line or a GSM module. Its place in the
// array is the order in which the rule tries it.
type ruleLine struct {
	SIPTrunkID  *int64 `json:"sip_trunk_id,omitempty"`
	FXOLineID   *int64 `json:"fxo_line_id,omitempty"`
	GSMModuleID *int64 `json:"gsm_module_id,omitempty"`
}

// key names the line for finding repeats: "fxo_line_id 3".
func (l ruleLine) key() (field string, id int64) {
	switch {
	case l.SIPTrunkID != nil:
		return "sip_trunk_id", *l.SIPTrunkID
	case l.FXOLineID != nil:
		return "fxo_line_id", *l.FXOLineID
	case l.GSMModuleID != nil:
		return "gsm_module_id", *l.GSMModuleID
	}
	return "", 0
}

// maxRuleLines is how many lines a rule may have (store positions 1-99).
const maxRuleLines = 99

// getRuleLines serves GET /api/outbound-rules/{id}/lines: the rule's lines
// in the order they are tried.
func (s *Server) getRuleLines(w http.ResponseWriter, r *http.Request) {
	rule, ok := pathRecord(s, w, r, s.st.OutboundRules(), "outbound rule")
	if !ok {
		return
	}
	lines, err := s.st.LinesOfRule(r.Context(), rule.ID)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("outbound rule %d", rule.ID), err)
		return
	}
	writeJSON(w, http.StatusOK, showRuleLines(lines))
}

// putRuleLines serves PUT /api/outbound-rules/{id}/lines: the body, an
// array of lines, replaces the rule's lines as a whole; on any error the
// rule keeps the lines it had.
func (s *Server) putRuleLines(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var in []ruleLine
	if !readJSON(w, r, &in) {
		return
	}
	if len(in) > maxRuleLines {
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("a rule has at most %d lines, not %d: remove some", maxRuleLines, len(in)), "")
		return
	}
	lines := make([]store.OutboundRuleLine, len(in))
	seen := map[string]int{}
	for i, l := range in {
		lines[i] = store.OutboundRuleLine{Position: i + 1, SIPTrunkID: l.SIPTrunkID, FXOLineID: l.FXOLineID, GSMModuleID: l.GSMModuleID}
		if err := lines[i].Validate(); err != nil {
			s.writeLineError(w, r, i, id, err)
			return
		}
		field, ref := l.key()
		k := fmt.Sprintf("%s %d", field, ref)
		if j, dup := seen[k]; dup {
			writeError(w, http.StatusBadRequest,
				fmt.Sprintf("line %d repeats line %d (%s %d): a rule tries each line once; remove one", i+1, j+1, field, ref),
				fmt.Sprintf("[%d].%s", i, field))
			return
		}
		seen[k] = i
	}
	stored, err := s.st.ReplaceRuleLines(r.Context(), id, lines)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("outbound rule %d", id), err)
		return
	}
	writeJSON(w, http.StatusOK, showRuleLines(stored))
}

// writeLineError answers a line i (0-based) that its own checks refused,
// naming the field as [i].field.
func (s *Server) writeLineError(w http.ResponseWriter, r *http.Request, i int, rule int64, err error) {
	var fe *store.FieldError
	if !errors.As(err, &fe) {
		s.writeStoreError(w, r, fmt.Sprintf("outbound rule %d", rule), err)
		return
	}
	writeError(w, http.StatusBadRequest, fmt.Sprintf("line %d: %s", i+1, fe.Detail), fmt.Sprintf("[%d].%s", i, fe.Field))
}

func showRuleLines(lines []store.OutboundRuleLine) []ruleLine {
	out := make([]ruleLine, len(lines))
	for i, l := range lines {
		out[i] = ruleLine{SIPTrunkID: l.SIPTrunkID, FXOLineID: l.FXOLineID, GSMModuleID: l.GSMModuleID}
	}
	return out
}
