package store

import (
	"context"
	"database/sql"
	"fmt"
)

// OutboundRuleExtension lets one extension use one outbound rule. A rule
// with no such rows may be used by every extension whose outbound level is
// at least the rule's; a rule with rows only by the extensions they name,
// and still only when their level allows. Deleting the rule or the
// extension removes the row.
type OutboundRuleExtension struct {
	ID          int64 `json:"id"`
	RuleID      int64 `json:"rule_id"`
	ExtensionID int64 `json:"extension_id"`
}

// Validate checks that the row names a rule and an extension.
func (e *OutboundRuleExtension) Validate() error {
	const table = "outbound_rule_extensions"
	switch {
	case e.RuleID <= 0:
		return Invalid(table, "rule_id", fmt.Sprintf("%d is not an outbound rule's ID: choose a rule", e.RuleID))
	case e.ExtensionID <= 0:
		return Invalid(table, "extension_id", fmt.Sprintf("%d is not an extension's ID: choose an extension", e.ExtensionID))
	}
	return nil
}

// OutboundRuleExtensions is the repository of the extensions that outbound
// rules are kept for, a configuration table.
func (s *Store) OutboundRuleExtensions() *Table[OutboundRuleExtension] {
	return newTable[OutboundRuleExtension](s, "outbound_rule_extensions", true)
}

// RuleExtensionIDs returns the IDs of the extensions that the outbound rule
// ruleID is kept for, in the order they were given; none means every
// extension whose level allows may use the rule. It is safe for concurrent
// use.
func (s *Store) RuleExtensionIDs(ctx context.Context, ruleID int64) ([]int64, error) {
	rows, err := s.OutboundRuleExtensions().query(ctx, s.r, "WHERE rule_id = ? ORDER BY id", ruleID)
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ExtensionID
	}
	return ids, err
}

// ReplaceRuleExtensions makes extensionIDs, in their order, the extensions
// that may use the outbound rule ruleID, in one transaction; an empty list
// opens the rule to every extension whose level allows. On any error, such
// as a missing rule (ErrNotFound), an extension that does not exist
// (ErrMissingReference) or one named twice (ErrDuplicate), the rule keeps
// its former list. It is safe for concurrent use.
func (s *Store) ReplaceRuleExtensions(ctx context.Context, ruleID int64, extensionIDs []int64) error {
	t := s.OutboundRuleExtensions()
	return s.write(ctx, true, func(tx *sql.Tx) error {
		if err := ruleExists(ctx, tx, ruleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM outbound_rule_extensions WHERE rule_id = ?", ruleID); err != nil {
			return fmt.Errorf("store: replace extensions of outbound rule %d: %w", ruleID, err)
		}
		for _, ext := range extensionIDs {
			row := OutboundRuleExtension{RuleID: ruleID, ExtensionID: ext}
			if err := t.insert(ctx, tx, &row); err != nil {
				return fmt.Errorf("store: extension %d of outbound rule %d: %w", ext, ruleID, err)
			}
		}
		return nil
	})
}
