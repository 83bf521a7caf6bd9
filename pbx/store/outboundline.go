package store

import "context"

// OutboundRuleLine is one line an outbound rule may use, in the order of
// Position after (or instead of) the rule's own SIP trunk: the first line
// that is free wins, later ones are the backups. It names exactly one of a
// SIP trunk, an FXO line or a GSM module.
type OutboundRuleLine struct {
	ID          int64  `json:"id"`
	RuleID      int64  `json:"rule_id"`
	Position    int    `json:"position"` // 1-99, lower is tried first; unique within the rule
	SIPTrunkID  *int64 `json:"sip_trunk_id"`
	FXOLineID   *int64 `json:"fxo_line_id"`
	GSMModuleID *int64 `json:"gsm_module_id"`
}

// Validate checks the position and that exactly one line is named.
func (l *OutboundRuleLine) Validate() error {
	const table = "outbound_rule_lines"
	if err := checkRange(table, "position", l.Position, 1, 99); err != nil {
		return err
	}
	n := 0
	for _, p := range []*int64{l.SIPTrunkID, l.FXOLineID, l.GSMModuleID} {
		if p != nil {
			n++
		}
	}
	switch {
	case n == 0:
		return Invalid(table, "sip_trunk_id", "a rule's line must name a SIP trunk, an FXO line or a GSM module")
	case n > 1:
		field := "fxo_line_id"
		if l.SIPTrunkID == nil {
			field = "gsm_module_id"
		}
		return Invalid(table, field, "a rule's line names one of a SIP trunk, an FXO line or a GSM module, not several: add a line for each")
	}
	return nil
}

// OutboundRuleLines is the repository of outbound rules' lines, a
// configuration table.
func (s *Store) OutboundRuleLines() *Table[OutboundRuleLine] {
	return newTable[OutboundRuleLine](s, "outbound_rule_lines", true)
}

// LinesOfRule returns the lines of the outbound rule ruleID in the order
// they are tried. It is safe for concurrent use.
func (s *Store) LinesOfRule(ctx context.Context, ruleID int64) ([]OutboundRuleLine, error) {
	return s.OutboundRuleLines().query(ctx, s.r, "WHERE rule_id = ? ORDER BY position, id", ruleID)
}
