package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// Table is a typed repository over one table. T is a struct whose exported
// fields carry `json` tags naming the columns; the first field is `ID int64`
// with tag "id". Field types map to columns as: string -> TEXT, int/int64 ->
// INTEGER, bool -> INTEGER 0/1, *int64 -> nullable INTEGER (a reference),
// time.Time -> INTEGER milliseconds since the epoch (zero time -> 0),
// json.RawMessage -> TEXT holding JSON.
//
// If *T has a method Validate() error it runs before every write. Table is
// safe for concurrent use.
type Table[T any] struct {
	s      *Store
	name   string
	config bool // writes bump the config revision
	cols   []column
	// written, if set, runs after each insert and update of a row, in the
	// write's transaction: a scenario's save records its version.
	written func(ctx context.Context, tx *sql.Tx, v *T) error
}

type column struct {
	name  string
	index int
	kind  reflect.Type
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

func newTable[T any](s *Store, name string, config bool) *Table[T] {
	return &Table[T]{s: s, name: name, config: config, cols: columnsOf(reflect.TypeFor[T](), name)}
}

// columnCache holds each entity type's columns, derived once from its
// struct tags: the mapping never changes while the program runs.
var columnCache sync.Map // reflect.Type -> []column

// columnsOf returns the columns of entity type t, the table called name.
func columnsOf(t reflect.Type, name string) []column {
	if cols, ok := columnCache.Load(t); ok {
		return cols.([]column)
	}
	var cols []column
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || tag == "" || tag == "-" {
			continue
		}
		cols = append(cols, column{name: tag, index: i, kind: f.Type})
	}
	if len(cols) == 0 || cols[0].name != "id" || cols[0].kind.Kind() != reflect.Int64 {
		panic(fmt.Sprintf("store: %s: first field of %s must be ID int64 `json:\"id\"`", name, t))
	}
	columnCache.Store(t, cols)
	return cols
}

// Name returns the table's name, which is also its key in the export document.
func (t *Table[T]) Name() string { return t.name }

// Create inserts v. If v's ID is 0 the database assigns one and v.ID is set.
func (t *Table[T]) Create(ctx context.Context, v *T) error {
	return t.s.write(ctx, t.config, func(tx *sql.Tx) error { return t.insert(ctx, tx, v) })
}

// Update replaces the row with v's ID by v.
func (t *Table[T]) Update(ctx context.Context, v *T) error {
	return t.s.write(ctx, t.config, func(tx *sql.Tx) error { return t.update(ctx, tx, v) })
}

// Delete removes the row with id. Rows that belong to it (a list's entries,
// an extension's SIP devices) go with it; a row that other rows still refer
// to is refused with ErrInUse naming the referring field.
func (t *Table[T]) Delete(ctx context.Context, id int64) error {
	return t.s.write(ctx, t.config, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM "+t.name+" WHERE id = ?", id)
		if err != nil {
			return explainDelete(ctx, tx, t.name, id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: %s %d: %w", t.name, id, ErrNotFound)
		}
		return nil
	})
}

// Get returns the row with id, or an error matching ErrNotFound.
func (t *Table[T]) Get(ctx context.Context, id int64) (T, error) {
	return t.FindBy(ctx, "id", id)
}

// FindBy returns the first row whose column field equals value, or an error
// matching ErrNotFound.
func (t *Table[T]) FindBy(ctx context.Context, field string, value any) (T, error) {
	rows, err := t.query(ctx, t.s.r, "WHERE "+t.mustColumn(field)+" = ? LIMIT 1", value)
	var zero T
	if err != nil {
		return zero, err
	}
	if len(rows) == 0 {
		return zero, fmt.Errorf("store: %s with %s %v: %w", t.name, field, value, ErrNotFound)
	}
	return rows[0], nil
}

// List returns every row, ordered by ID.
func (t *Table[T]) List(ctx context.Context) ([]T, error) {
	return t.query(ctx, t.s.r, "ORDER BY id")
}

// ListBy returns the rows whose column field equals value, ordered by ID.
func (t *Table[T]) ListBy(ctx context.Context, field string, value any) ([]T, error) {
	return t.query(ctx, t.s.r, "WHERE "+t.mustColumn(field)+" = ? ORDER BY id", value)
}

func (t *Table[T]) mustColumn(field string) string {
	for _, c := range t.cols {
		if c.name == field {
			return c.name
		}
	}
	panic(fmt.Sprintf("store: %s has no column %q", t.name, field))
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (t *Table[T]) query(ctx context.Context, q querier, where string, args ...any) ([]T, error) {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+t.name+" "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", t.name, err)
	}
	defer rows.Close()
	var out []T
	dest := make([]any, len(t.cols))
	for rows.Next() {
		var v T
		rv := reflect.ValueOf(&v).Elem()
		for i, c := range t.cols {
			dest[i] = scanTarget(rv.Field(c.index))
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: read %s: %w", t.name, err)
		}
		for i, c := range t.cols {
			finishScan(rv.Field(c.index), dest[i])
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read %s: %w", t.name, err)
	}
	return out, nil
}

// scanTarget returns what rows.Scan should write into for field f.
func scanTarget(f reflect.Value) any {
	switch f.Type() {
	case timeType:
		return new(int64)
	case rawType:
		return new(string)
	}
	return f.Addr().Interface()
}

func finishScan(f reflect.Value, scanned any) {
	switch f.Type() {
	case timeType:
		if ms := *scanned.(*int64); ms != 0 {
			f.Set(reflect.ValueOf(time.UnixMilli(ms).UTC()))
		}
	case rawType:
		f.Set(reflect.ValueOf(json.RawMessage(*scanned.(*string))))
	}
}

// values returns v's columns and their database values.
func (t *Table[T]) values(v *T) map[string]any {
	rv := reflect.ValueOf(v).Elem()
	m := make(map[string]any, len(t.cols))
	for _, c := range t.cols {
		f := rv.Field(c.index)
		switch {
		case c.kind == timeType:
			tm := f.Interface().(time.Time)
			if tm.IsZero() {
				m[c.name] = int64(0)
			} else {
				m[c.name] = tm.UnixMilli()
			}
		case c.kind == rawType:
			m[c.name] = string(f.Bytes())
		case c.kind.Kind() == reflect.Pointer:
			if f.IsNil() {
				m[c.name] = nil
			} else {
				m[c.name] = f.Elem().Interface()
			}
		default:
			m[c.name] = f.Interface()
		}
	}
	return m
}

func (t *Table[T]) validate(v *T) error {
	if val, ok := any(v).(interface{ Validate() error }); ok {
		return val.Validate()
	}
	return nil
}

func (t *Table[T]) insert(ctx context.Context, tx *sql.Tx, v *T) error {
	if err := t.validate(v); err != nil {
		return err
	}
	vals := t.values(v)
	var names, marks []string
	var args []any
	for _, c := range t.cols {
		if c.name == "id" && vals["id"] == int64(0) {
			continue
		}
		names = append(names, c.name)
		marks = append(marks, "?")
		args = append(args, vals[c.name])
	}
	var id int64
	err := tx.QueryRowContext(ctx, "INSERT INTO "+t.name+" ("+strings.Join(names, ", ")+") VALUES ("+
		strings.Join(marks, ", ")+") RETURNING id", args...).Scan(&id)
	if err != nil {
		return explainInsert(ctx, tx, t.name, vals, err)
	}
	reflect.ValueOf(v).Elem().Field(t.cols[0].index).SetInt(id)
	return t.afterWrite(ctx, tx, v)
}

func (t *Table[T]) update(ctx context.Context, tx *sql.Tx, v *T) error {
	if err := t.validate(v); err != nil {
		return err
	}
	vals := t.values(v)
	var sets []string
	var args []any
	for _, c := range t.cols[1:] {
		sets = append(sets, c.name+" = ?")
		args = append(args, vals[c.name])
	}
	res, err := tx.ExecContext(ctx, "UPDATE "+t.name+" SET "+strings.Join(sets, ", ")+" WHERE id = ?", append(args, vals["id"])...)
	if err != nil {
		return explainInsert(ctx, tx, t.name, vals, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: %s %d: %w", t.name, vals["id"], ErrNotFound)
	}
	return t.afterWrite(ctx, tx, v)
}

func (t *Table[T]) afterWrite(ctx context.Context, tx *sql.Tx, v *T) error {
	if t.written == nil {
		return nil
	}
	return t.written(ctx, tx, v)
}
