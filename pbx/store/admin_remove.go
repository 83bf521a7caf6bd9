package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrLastAdmin means an admin cannot be removed because no other would be
// left to log in.
var ErrLastAdmin = errors.New("store: the last admin cannot be removed")

// RemoveAdmin deletes the admin with id and its sessions, unless it is the
// only admin: then it returns ErrLastAdmin. The count and the delete run in
// one transaction, so two admins removing each other at once cannot leave
// the box with none. A missing admin gives an error matching ErrNotFound.
// It is safe for concurrent use.
func (s *Store) RemoveAdmin(ctx context.Context, id int64) error {
	return s.write(ctx, false, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM admins").Scan(&n); err != nil {
			return fmt.Errorf("store: remove admin: %w", err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM admins WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("store: remove admin %d: %w", id, err)
		}
		if got, _ := res.RowsAffected(); got == 0 {
			return fmt.Errorf("store: admins %d: %w", id, ErrNotFound)
		}
		if n <= 1 {
			return ErrLastAdmin // the deferred rollback keeps the admin
		}
		return nil
	})
}
