package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ExtensionForward is the unconditional call forwarding of one extension:
// while Enabled, calls to the extension ring Number instead (another
// extension, or an outside number the extension's outbound level allows).
// An extension has at most one row; deleting the extension removes it.
type ExtensionForward struct {
	ID          int64  `json:"id"`
	ExtensionID int64  `json:"extension_id"`
	Number      string `json:"number"`
	Enabled     bool   `json:"enabled"`
}

// Validate checks the fields a user enters.
func (f *ExtensionForward) Validate() error {
	const table = "extension_forwards"
	if f.ExtensionID <= 0 {
		return Invalid(table, "extension_id", fmt.Sprintf("%d is not an extension's ID: choose an extension", f.ExtensionID))
	}
	return checkNumber(table, "number", f.Number, false)
}

// ExtensionForwards is the repository of the extensions' call forwarding,
// a configuration table.
func (s *Store) ExtensionForwards() *Table[ExtensionForward] {
	return newTable[ExtensionForward](s, "extension_forwards", true)
}

// SetForward turns the call forwarding of the extension extensionID on to
// number, or off (number is then kept when not empty, and may be empty),
// creating or updating its one row in a transaction. It returns the stored
// row. It is safe for concurrent use.
func (s *Store) SetForward(ctx context.Context, extensionID int64, number string, enabled bool) (ExtensionForward, error) {
	t := s.ExtensionForwards()
	var out ExtensionForward
	err := s.write(ctx, true, func(tx *sql.Tx) error {
		rows, err := t.query(ctx, tx, "WHERE extension_id = ?", extensionID)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			if !enabled && number == "" {
				return nil // nothing to turn off
			}
			out = ExtensionForward{ExtensionID: extensionID, Number: number, Enabled: enabled}
			return t.insert(ctx, tx, &out)
		}
		out = rows[0]
		if number != "" {
			out.Number = number
		}
		out.Enabled = enabled
		return t.update(ctx, tx, &out)
	})
	if err != nil {
		return ExtensionForward{}, err
	}
	if out.ID == 0 {
		out.ExtensionID = extensionID // no row, nothing forwarded
	}
	return out, nil
}
