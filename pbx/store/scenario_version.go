package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// KeptScenarioVersions is how many versions of each scenario the store
// keeps: saving one more prunes the oldest.
const KeptScenarioVersions = 50

// ScenarioVersion is one saved state of a scenario. Version counts the
// scenario's saves from 1; the newest version is the scenario as it is now.
// Document is empty in a listing.
type ScenarioVersion struct {
	ScenarioID int64           `json:"scenario_id"`
	Version    int64           `json:"version"`
	Name       string          `json:"name"`
	Document   json.RawMessage `json:"document,omitempty"`
	SavedBy    string          `json:"saved_by"` // the admin's user name; "" for the box itself
	SavedAt    time.Time       `json:"saved_at"`
	Note       string          `json:"note"`
}

// Edit says who saves a change and why, for the scenarios' history.
type Edit struct {
	By   string    // the admin's user name
	Note string    // e.g. "rollback to version 3"; may be empty
	At   time.Time // zero: the time of the save
}

type editKey struct{}

// WithEdit returns ctx carrying e: a scenario saved with the returned
// context records e in its new version.
func WithEdit(ctx context.Context, e Edit) context.Context {
	return context.WithValue(ctx, editKey{}, e)
}

// editOf returns the Edit that ctx carries, its time filled in.
func editOf(ctx context.Context) Edit {
	e, _ := ctx.Value(editKey{}).(Edit)
	if e.At.IsZero() {
		e.At = time.Now()
	}
	return e
}

// importing returns ctx with a note that the scenarios it saves come from
// an imported configuration, unless it has a note already.
func importing(ctx context.Context) context.Context {
	e, _ := ctx.Value(editKey{}).(Edit)
	if e.Note == "" {
		e.Note = "imported configuration"
	}
	return WithEdit(ctx, e)
}

// recordScenarioVersion adds sc as it was just written as its next version,
// in the write's transaction tx, and prunes versions beyond
// KeptScenarioVersions.
func recordScenarioVersion(ctx context.Context, tx *sql.Tx, sc *Scenario) error {
	e := editOf(ctx)
	var next int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM scenario_versions WHERE scenario_id = ?",
		sc.ID).Scan(&next); err != nil {
		return fmt.Errorf("store: scenario %d: next version: %w", sc.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO scenario_versions
		(scenario_id, version, name, document, saved_by, saved_at, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		sc.ID, next, sc.Name, string(sc.Document), e.By, e.At.UnixMilli(), e.Note); err != nil {
		return fmt.Errorf("store: scenario %d: record version %d: %w", sc.ID, next, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM scenario_versions WHERE scenario_id = ? AND version <= ?",
		sc.ID, next-KeptScenarioVersions); err != nil {
		return fmt.Errorf("store: scenario %d: prune versions: %w", sc.ID, err)
	}
	return nil
}

// ScenarioVersions returns the kept versions of the scenario with id,
// newest first, without their documents; none for a scenario that does not
// exist. It is safe for concurrent use.
func (s *Store) ScenarioVersions(ctx context.Context, id int64) ([]ScenarioVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT scenario_id, version, name, saved_by, saved_at, note
		FROM scenario_versions WHERE scenario_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("store: scenario %d: read versions: %w", id, err)
	}
	defer rows.Close()
	out := []ScenarioVersion{}
	for rows.Next() {
		var v ScenarioVersion
		var at int64
		if err := rows.Scan(&v.ScenarioID, &v.Version, &v.Name, &v.SavedBy, &at, &v.Note); err != nil {
			return nil, fmt.Errorf("store: scenario %d: read versions: %w", id, err)
		}
		v.SavedAt = time.UnixMilli(at).UTC()
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: scenario %d: read versions: %w", id, err)
	}
	return out, nil
}

// ScenarioVersion returns version n of the scenario with id, with its
// document, or an error matching ErrNotFound when it is not kept. It is safe
// for concurrent use.
func (s *Store) ScenarioVersion(ctx context.Context, id, n int64) (ScenarioVersion, error) {
	v := ScenarioVersion{ScenarioID: id, Version: n}
	var doc string
	var at int64
	err := s.r.QueryRowContext(ctx, `SELECT name, document, saved_by, saved_at, note
		FROM scenario_versions WHERE scenario_id = ? AND version = ?`, id, n).Scan(&v.Name, &doc, &v.SavedBy, &at, &v.Note)
	if err == sql.ErrNoRows {
		return v, fmt.Errorf("store: scenario %d version %d: %w", id, n, ErrNotFound)
	}
	if err != nil {
		return v, fmt.Errorf("store: scenario %d version %d: %w", id, n, err)
	}
	v.Document, v.SavedAt = json.RawMessage(doc), time.UnixMilli(at).UTC()
	return v, nil
}
