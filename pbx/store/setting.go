package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// Setting is one box-wide setting: a key and a JSON value.
type Setting struct {
	ID    int64           `json:"id"`
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

// Validate checks the key and that the value is JSON.
func (s *Setting) Validate() error {
	if err := checkText("settings", "key", s.Key, 1, 80); err != nil {
		return err
	}
	if !json.Valid(s.Value) {
		return Invalid("settings", "value", "must be JSON")
	}
	return nil
}

// GetSetting decodes the setting key into v. A missing key leaves v as it is
// and returns an error matching ErrNotFound.
func (s *Store) GetSetting(ctx context.Context, key string, v any) error {
	row, err := s.Settings().FindBy(ctx, "key", key)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(row.Value, v); err != nil {
		return fmt.Errorf("store: setting %s: %w", key, err)
	}
	return nil
}

// PutSetting stores v as the JSON value of key, creating or replacing it.
func (s *Store) PutSetting(ctx context.Context, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: setting %s: %w", key, err)
	}
	row := Setting{Key: key, Value: raw}
	if err := row.Validate(); err != nil {
		return err
	}
	return s.write(ctx, true, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, string(raw))
		if err != nil {
			return fmt.Errorf("store: setting %s: %w", key, err)
		}
		return nil
	})
}
