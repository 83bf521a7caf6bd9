package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Sentinel errors. A *FieldError matches one of the last four with errors.Is.
var (
	ErrNotFound         = errors.New("not found")
	ErrDuplicate        = errors.New("is already used")
	ErrMissingReference = errors.New("refers to a record that does not exist")
	ErrInUse            = errors.New("is still referred to")
	ErrInvalid          = errors.New("is invalid")
)

// FieldError says which field of which table a write failed on.
type FieldError struct {
	Table string // table name, as in the export document: "extensions"
	Field string // column and JSON field name: "number"
	Kind  error  // ErrDuplicate, ErrMissingReference, ErrInUse or ErrInvalid
	// Detail says what is wrong in words a user can act on; it may be empty.
	Detail string
}

func (e *FieldError) Error() string {
	msg := fmt.Sprintf("store: %s.%s %v", e.Table, e.Field, e.Kind)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *FieldError) Unwrap() error { return e.Kind }

// Invalid returns a *FieldError of kind ErrInvalid; entity Validate methods
// use it.
func Invalid(table, field, detail string) *FieldError {
	return &FieldError{Table: table, Field: field, Kind: ErrInvalid, Detail: detail}
}

// constraintCode returns SQLite's extended result code when err is a
// constraint violation, or 0.
func constraintCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT {
		return se.Code()
	}
	return 0
}

// fieldOfUnique reads the field from SQLite's "UNIQUE constraint failed:
// t.a, t.b (2067)"; for a composite key the last column is the one a user
// changed.
func fieldOfUnique(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 {
		msg = msg[:i]
	}
	if i := strings.LastIndex(msg, "."); i >= 0 {
		return msg[i+1:]
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 { // CHECK constraint failed: name
		return msg[i+2:]
	}
	return "?"
}

// explainInsert turns a constraint violation on inserting or updating a row
// of table into a *FieldError. For a foreign-key violation SQLite does not
// say which key failed, so each foreign key of the table is checked against
// the values that were written.
func explainInsert(ctx context.Context, tx *sql.Tx, table string, values map[string]any, err error) error {
	switch code := constraintCode(err); code {
	case 0:
		return fmt.Errorf("store: write %s: %w", table, err)
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &FieldError{Table: table, Field: fieldOfUnique(err), Kind: ErrDuplicate}
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		fks, ferr := foreignKeys(ctx, tx, table)
		if ferr != nil {
			return ferr
		}
		for _, fk := range fks {
			v := values[fk.from]
			if v == nil {
				continue
			}
			var one int
			qerr := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT 1 FROM %s WHERE %s = ?", fk.table, fk.to), v).Scan(&one)
			if errors.Is(qerr, sql.ErrNoRows) {
				return &FieldError{Table: table, Field: fk.from, Kind: ErrMissingReference,
					Detail: fmt.Sprintf("no %s record with %s %v", fk.table, fk.to, v)}
			}
		}
		return fmt.Errorf("store: write %s: %w", table, err)
	default:
		return &FieldError{Table: table, Field: fieldOfUnique(err), Kind: ErrInvalid, Detail: err.Error()}
	}
}

// explainDelete turns a foreign-key violation on deleting row id of table
// into a *FieldError naming the table and field that still refer to it.
func explainDelete(ctx context.Context, tx *sql.Tx, table string, id int64, err error) error {
	if constraintCode(err) != sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
		return fmt.Errorf("store: delete %s %d: %w", table, id, err)
	}
	tables, terr := tableNames(ctx, tx)
	if terr != nil {
		return terr
	}
	for _, child := range tables {
		fks, ferr := foreignKeys(ctx, tx, child)
		if ferr != nil {
			return ferr
		}
		for _, fk := range fks {
			if fk.table != table {
				continue
			}
			var one int
			if tx.QueryRowContext(ctx, fmt.Sprintf("SELECT 1 FROM %s WHERE %s = ? LIMIT 1", child, fk.from), id).Scan(&one) == nil {
				return &FieldError{Table: child, Field: fk.from, Kind: ErrInUse,
					Detail: fmt.Sprintf("%s record %d is used by %s; change or delete those first", table, id, child)}
			}
		}
	}
	return fmt.Errorf("store: delete %s %d: %w", table, id, err)
}

type foreignKey struct{ from, table, to string }

func foreignKeys(ctx context.Context, tx *sql.Tx, table string) ([]foreignKey, error) {
	rows, err := tx.QueryContext(ctx, "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?)", table)
	if err != nil {
		return nil, fmt.Errorf("store: foreign keys of %s: %w", table, err)
	}
	defer rows.Close()
	var fks []foreignKey
	for rows.Next() {
		var fk foreignKey
		if err := rows.Scan(&fk.from, &fk.table, &fk.to); err != nil {
			return nil, err
		}
		fks = append(fks, fk)
	}
	return fks, rows.Err()
}

func tableNames(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
	if err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
