package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// Export returns the whole configuration as it stands, read in one
// transaction so that it is consistent. Every table is present, an empty one
// as an empty list, and JSON-valued fields are in canonical form (compact,
// as json.Marshal writes them), so that exporting what was imported gives
// the same document byte for byte. It is safe for concurrent use.
func (s *Store) Export(ctx context.Context) (*Config, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	defer tx.Rollback()
	cfg := &Config{Schema: SchemaVersion()}
	cv := reflect.ValueOf(cfg).Elem()
	parts := s.configParts()
	for _, t := range configTables() {
		rows, err := parts[t.name].exportRows(ctx, tx)
		if err != nil {
			return nil, fmt.Errorf("store: export: %w", err)
		}
		if err := canonicalizeJSON(rows); err != nil {
			return nil, fmt.Errorf("store: export %s: %w", t.name, err)
		}
		cv.Field(t.index).Set(rows)
	}
	return cfg, nil
}

// canonicalizeJSON rewrites the json.RawMessage fields of each struct in the
// slice rows as json.Marshal writes them.
func canonicalizeJSON(rows reflect.Value) error {
	for i := range rows.Len() {
		row := rows.Index(i)
		for j := range row.NumField() {
			f := row.Field(j)
			if f.Type() != rawType {
				continue
			}
			c, err := json.Marshal(json.RawMessage(f.Bytes()))
			if err != nil {
				return err
			}
			f.SetBytes(c)
		}
	}
	return nil
}

// Snapshot writes a consistent copy of the whole database (configuration,
// admins and call records) to a new file at path with VACUUM INTO. It reads
// through a connection of its own, so writers and readers carry on
// meanwhile. path must not exist yet. It is safe for concurrent use.
func (s *Store) Snapshot(ctx context.Context, path string) error {
	// VACUUM INTO writes only the new file, but SQLite refuses it on the
	// query_only read pool, and on the writer it would hold up writes.
	db, err := sql.Open("sqlite", dsn(s.path, false))
	if err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", path)
	if err = errors.Join(err, db.Close()); err != nil {
		return fmt.Errorf("store: snapshot to %s: %w", path, err)
	}
	return nil
}
