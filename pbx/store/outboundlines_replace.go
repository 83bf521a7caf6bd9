package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ReplaceRuleLines makes lines, in their order, the lines of the outbound
// rule ruleID, in one transaction: each line's RuleID and Position (1, 2,
// ...) are set, its ID chosen by the database, and the rule's former lines
// are removed. On any error, such as a missing rule (ErrNotFound), a line
// that names no line or several (ErrInvalid) or a line that does not exist
// (ErrMissingReference), the rule keeps its former lines. It returns the
// stored lines. It is safe for concurrent use.
func (s *Store) ReplaceRuleLines(ctx context.Context, ruleID int64, lines []OutboundRuleLine) ([]OutboundRuleLine, error) {
	const maxLines = 99 // positions are 1-99
	if len(lines) > maxLines {
		return nil, Invalid("outbound_rule_lines", "position", fmt.Sprintf("a rule has at most %d lines, not %d", maxLines, len(lines)))
	}
	out := make([]OutboundRuleLine, len(lines))
	t := s.OutboundRuleLines()
	err := s.write(ctx, true, func(tx *sql.Tx) error {
		if err := ruleExists(ctx, tx, ruleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM outbound_rule_lines WHERE rule_id = ?", ruleID); err != nil {
			return fmt.Errorf("store: replace lines of outbound rule %d: %w", ruleID, err)
		}
		for i, l := range lines {
			l.ID, l.RuleID, l.Position = 0, ruleID, i+1
			if err := t.insert(ctx, tx, &l); err != nil {
				return fmt.Errorf("store: line %d of outbound rule %d: %w", i+1, ruleID, err)
			}
			out[i] = l
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ruleExists returns nil when the outbound rule ruleID exists, as tx sees
// it, and an error matching ErrNotFound when it does not: the Replace
// functions check it before they replace a rule's rows.
func ruleExists(ctx context.Context, tx *sql.Tx, ruleID int64) error {
	var one int
	err := tx.QueryRowContext(ctx, "SELECT 1 FROM outbound_rules WHERE id = ?", ruleID).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: outbound_rules %d: %w", ruleID, ErrNotFound)
	case err != nil:
		return fmt.Errorf("store: read outbound_rules: %w", err)
	}
	return nil
}
