package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Admin is a person who may log in to the web UI. The password is stored
// only as a memory-hard hash made by the web UI.
type Admin struct {
	ID                int64     `json:"id"`
	Username          string    `json:"username"`
	PasswordHash      string    `json:"password_hash"`
	CreatedAt         time.Time `json:"created_at"`
	PasswordChangedAt time.Time `json:"password_changed_at"`
}

// Validate checks the user name.
func (a *Admin) Validate() error {
	return checkText("admins", "username", a.Username, 1, 64)
}

// AdminSession is a logged-in browser. Only a hash of the session token is
// stored, so a copy of the database does not log anyone in.
type AdminSession struct {
	ID        int64     `json:"id"`
	TokenHash string    `json:"token_hash"`
	AdminID   int64     `json:"admin_id"`
	CSRFToken string    `json:"csrf_token"`
	Client    string    `json:"client"` // remote address at login
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// SetupCode is the hash of the one-time code that lets someone at the box
// set the admin password: on first start, after reset-admin and after a
// factory reset.
type SetupCode struct {
	ID        int64     `json:"id"`
	CodeHash  string    `json:"code_hash"`
	CreatedAt time.Time `json:"created_at"`
}

// ReplaceSetupCode makes codeHash the only valid setup code.
func (s *Store) ReplaceSetupCode(ctx context.Context, codeHash string, now time.Time) error {
	return s.write(ctx, false, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM setup_codes"); err != nil {
			return fmt.Errorf("store: replace setup code: %w", err)
		}
		return s.SetupCodes().insert(ctx, tx, &SetupCode{CodeHash: codeHash, CreatedAt: now})
	})
}

// HasSetupCode reports whether a setup code is waiting to be used.
func (s *Store) HasSetupCode(ctx context.Context) (bool, error) {
	codes, err := s.SetupCodes().List(ctx)
	return len(codes) > 0, err
}

// UseSetupCode consumes the setup code with codeHash and, in the same
// transaction, sets the password of admin username (creating the admin if
// needed) and ends every admin session. It returns the admin. A code that
// does not exist, or was used already, gives an error matching ErrNotFound.
func (s *Store) UseSetupCode(ctx context.Context, codeHash, username, passwordHash string, now time.Time) (Admin, error) {
	var a Admin
	err := s.write(ctx, false, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM setup_codes WHERE code_hash = ?", codeHash)
		if err != nil {
			return fmt.Errorf("store: use setup code: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: setup code: %w", ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM admin_sessions"); err != nil {
			return fmt.Errorf("store: end sessions: %w", err)
		}
		admins := s.Admins()
		found, err := admins.query(ctx, tx, "WHERE username = ?", username)
		if err != nil {
			return err
		}
		if len(found) == 1 {
			a = found[0]
			a.PasswordHash, a.PasswordChangedAt = passwordHash, now
			return admins.update(ctx, tx, &a)
		}
		a = Admin{Username: username, PasswordHash: passwordHash, CreatedAt: now, PasswordChangedAt: now}
		return admins.insert(ctx, tx, &a)
	})
	return a, err
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	return s.write(ctx, false, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM admin_sessions WHERE expires_at < ?", now.UnixMilli())
		return err
	})
}
