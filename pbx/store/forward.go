package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ExtensionForward is the call forwarding of one extension: while
// Enabled, calls to the extension ring Number instead (another extension,
// or an outside number the extension's outbound level allows). Otherwise
// a call goes on to Busy when the extension is busy or on do-not-disturb,
// to NoAnswer when it rang NoAnswerSecs without an answer, and to
// Unreachable when none of its phones can ring; an empty number leaves
// that condition off. An extension has at most one row; deleting the
// extension removes it.
type ExtensionForward struct {
	ID           int64  `json:"id"`
	ExtensionID  int64  `json:"extension_id"`
	Number       string `json:"number"`
	Enabled      bool   `json:"enabled"`
	Busy         string `json:"busy" since:"11"`
	NoAnswer     string `json:"no_answer" since:"11"`
	NoAnswerSecs int    `json:"no_answer_secs" since:"11"` // MinNoAnswerSecs to MaxNoAnswerSecs with NoAnswer, else 0
	Unreachable  string `json:"unreachable" since:"11"`
}

// Limits of an extension's ring time before a forward on no answer, in
// seconds.
const (
	MinNoAnswerSecs = 5
	MaxNoAnswerSecs = 300
)

// Validate checks the fields a user enters.
func (f *ExtensionForward) Validate() error {
	const table = "extension_forwards"
	if f.ExtensionID <= 0 {
		return Invalid(table, "extension_id", fmt.Sprintf("%d is not an extension's ID: choose an extension", f.ExtensionID))
	}
	err := firstError(
		checkNumber(table, "number", f.Number, !f.Enabled),
		checkNumber(table, "busy", f.Busy, true),
		checkNumber(table, "no_answer", f.NoAnswer, true),
		checkNumber(table, "unreachable", f.Unreachable, true),
	)
	if err != nil {
		return err
	}
	switch {
	case f.NoAnswer != "":
		return checkRange(table, "no_answer_secs", f.NoAnswerSecs, MinNoAnswerSecs, MaxNoAnswerSecs)
	case f.NoAnswerSecs != 0:
		return Invalid(table, "no_answer_secs", "a ring time needs a number to forward to on no answer")
	}
	return nil
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

// PutForward replaces the whole call forwarding of the extension
// f.ExtensionID with f (its ID is ignored), creating or updating its one
// row in a transaction, and returns the stored row. It is safe for
// concurrent use.
func (s *Store) PutForward(ctx context.Context, f ExtensionForward) (ExtensionForward, error) {
	t := s.ExtensionForwards()
	err := s.write(ctx, true, func(tx *sql.Tx) error {
		rows, err := t.query(ctx, tx, "WHERE extension_id = ?", f.ExtensionID)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			f.ID = 0
			return t.insert(ctx, tx, &f)
		}
		f.ID = rows[0].ID
		return t.update(ctx, tx, &f)
	})
	if err != nil {
		return ExtensionForward{}, err
	}
	return f, nil
}

// Forward returns the call forwarding of the extension extensionID: its
// row, or one with only ExtensionID set when it forwards nothing.
func (s *Store) Forward(ctx context.Context, extensionID int64) (ExtensionForward, error) {
	rows, err := s.ExtensionForwards().ListBy(ctx, "extension_id", extensionID)
	if err != nil || len(rows) == 0 {
		return ExtensionForward{ExtensionID: extensionID}, err
	}
	return rows[0], nil
}
