package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ImportError says why Import refused a document: the JSON path of the
// first problem in the document, and what is wrong there.
type ImportError struct {
	Path    string // JSON path, e.g. $.extensions[3].number
	Problem string // e.g. "101" is already used
	cause   error  // the *FieldError or decoding error behind it, if any

	wrongType bool // the value has the wrong JSON type
}

func (e *ImportError) Error() string { return "store: import: " + e.Path + ": " + e.Problem }

// Unwrap returns the error behind the problem, if any, so that a duplicate
// value matches ErrDuplicate and a dangling reference ErrMissingReference.
func (e *ImportError) Unwrap() error { return e.cause }

// Import replaces the whole configuration by doc, a JSON document in the
// form of Config, in one transaction: tables and rows that doc does not name
// are gone afterwards, and the config revision is bumped once.
//
// Import is all or nothing. A document with a problem is refused with an
// *ImportError naming the JSON path of the first problem, and the running
// configuration is left as it was. Problems are: not JSON, a missing schema
// or one this firmware cannot import, a missing, unknown or repeated field,
// a value of the wrong JSON type, a value the row's Validate refuses, a
// reference to a row that does not exist, and a value that must be unique
// but is used twice. Other errors (the disk, a cancelled ctx) are returned
// as they are.
//
// The document is read in order, each row checked as soon as it is read, so
// the first problem of the document's form or of a row's values is the one
// reported. References and unique values need the database, so they are
// looked at only when the rest is sound; rows go in parents first, in
// document order within a table, so the first of those reported is the
// first in the document whenever the document lists parents before children
// (as Export does).
//
// The scenarios' histories go with the scenarios they replace: each
// imported scenario starts again at version 1, noted as imported.
//
// Import is safe for concurrent use.
func (s *Store) Import(ctx context.Context, doc []byte) error {
	cfg, order, ierr := decodeConfig(doc)
	if ierr != nil {
		return ierr
	}
	return s.replaceConfig(importing(ctx), cfg, order)
}

// decodeConfig reads doc strictly into a Config. It also returns the table
// names in the order the document lists them.
func decodeConfig(doc []byte) (*Config, []string, *ImportError) {
	root, ierr := parseJSON(doc)
	if ierr != nil {
		return nil, nil, ierr
	}
	schema, ierr := checkSchema(root)
	if ierr != nil {
		return nil, nil, ierr
	}
	addTablesNewerThan(root, schema)
	addFieldsNewerThan(root, schema)
	cfg := &Config{}
	if ierr := fill(root, reflect.ValueOf(cfg).Elem(), "$"); ierr != nil {
		return nil, nil, ierr
	}
	tables := map[string]bool{}
	for _, t := range configTables() {
		tables[t.name] = true
	}
	var order []string
	for _, name := range root.names {
		if tables[name] {
			order = append(order, name)
		}
	}
	return cfg, order, nil
}

// checkSchema looks at the document's schema before anything else, so a
// document from a newer firmware is refused for what it is rather than for
// the first field this firmware does not know.
func checkSchema(root *jsonNode) (int, *ImportError) {
	if root.kind != jsonObject {
		return 0, &ImportError{Path: "$", Problem: "want an object, got " + describe(root)}
	}
	current := SchemaVersion()
	for i, name := range root.names {
		if name != "schema" {
			continue
		}
		var schema int
		if ierr := fill(root.elems[i], reflect.ValueOf(&schema).Elem(), "$.schema"); ierr != nil {
			return 0, ierr
		}
		switch {
		case schema > current:
			return 0, &ImportError{Path: "$.schema", Problem: fmt.Sprintf(
				"this configuration is from a newer firmware (schema %d; this firmware knows %d): update the firmware before importing it",
				schema, current)}
		case schema < 1:
			return 0, &ImportError{Path: "$.schema", Problem: fmt.Sprintf(
				"schema %d does not exist: configuration schemas start at 1 (this firmware writes %d)", schema, current)}
		}
		return schema, nil
	}
	return 0, &ImportError{Path: "$.schema", Problem: fmt.Sprintf(
		"missing: a configuration document names its schema (this firmware writes schema %d)", current)}
}

// addTablesNewerThan adds an empty list for each table that a schema newer
// than schema added and the document lacks: a document from an older
// firmware imports with those tables empty.
func addTablesNewerThan(root *jsonNode, schema int) {
	for _, t := range configTables() {
		if t.since <= schema || slices.Contains(root.names, t.name) {
			continue
		}
		root.names = append(root.names, t.name)
		root.elems = append(root.elems, &jsonNode{kind: jsonArray, raw: []byte("[]")})
	}
}

// replaceConfig deletes every configuration row, children first, and
// inserts cfg's rows, parents first, in one transaction. order lists the
// tables in the document's order, which breaks ties between tables that do
// not depend on each other, so the first failing row is the first one in
// the document whenever the document lists parents first (as Export does).
func (s *Store) replaceConfig(ctx context.Context, cfg *Config, order []string) error {
	parts := s.configParts()
	fields := map[string]int{}
	for _, t := range configTables() {
		fields[t.name] = t.index
	}
	cv := reflect.ValueOf(cfg).Elem()
	return s.write(ctx, true, func(tx *sql.Tx) error {
		tables, err := dependencyOrder(ctx, tx, order)
		if err != nil {
			return err
		}
		for i := len(tables) - 1; i >= 0; i-- {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+tables[i]); err != nil {
				return fmt.Errorf("store: import: clear %s: %w", tables[i], err)
			}
		}
		for _, name := range tables {
			rows := cv.Field(fields[name])
			for i := range rows.Len() {
				row := rows.Index(i)
				err := parts[name].importRow(ctx, tx, row.Addr().Interface())
				var fe *FieldError
				if errors.As(err, &fe) {
					return rowError(fmt.Sprintf("$.%s[%d]", name, i), row, err)
				}
				if err != nil {
					return fmt.Errorf("store: import %s: %w", name, err)
				}
			}
		}
		return nil
	})
}

// Reading the document: a JSON parser that keeps object members in
// document order and knows where each value is, for paths and for raw
// values.

// maxDepth bounds how deeply a document may nest (a scenario graph needs a
// few levels; SQLite's JSON functions stop at 1000).
const maxDepth = 200

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonNode is one parsed JSON value.
type jsonNode struct {
	kind  jsonKind
	text  string      // a string's value or a number's literal
	bool  bool        // a bool's value
	names []string    // an object's member names, in document order
	elems []*jsonNode // an object's member values or an array's elements
	raw   []byte      // the value's text in the document
}

type jsonParser struct {
	doc []byte
	dec *json.Decoder
}

// parseJSON parses doc, which must hold exactly one JSON value.
func parseJSON(doc []byte) (*jsonNode, *ImportError) {
	p := &jsonParser{doc: doc, dec: json.NewDecoder(bytes.NewReader(doc))}
	p.dec.UseNumber()
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, &ImportError{Path: "$", Problem: "the document is empty"}
	}
	n, ierr := p.value("$", 0)
	if ierr != nil {
		return nil, ierr
	}
	at := p.dec.InputOffset()
	if _, err := p.dec.Token(); err != io.EOF {
		for at < int64(len(doc)) && strings.IndexByte(" \t\r\n", doc[at]) >= 0 {
			at++
		}
		return nil, &ImportError{Path: "$", Problem: "unexpected data after the document " + p.position(at)}
	}
	return n, nil
}

func (p *jsonParser) value(path string, depth int) (*jsonNode, *ImportError) {
	if depth > maxDepth {
		return nil, &ImportError{Path: path, Problem: fmt.Sprintf("nested more than %d levels deep", maxDepth)}
	}
	start := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntaxError(path, err)
	}
	n := &jsonNode{}
	switch t := tok.(type) {
	case nil:
		n.kind = jsonNull
	case bool:
		n.kind, n.bool = jsonBool, t
	case json.Number:
		n.kind, n.text = jsonNumber, string(t)
	case string:
		n.kind, n.text = jsonString, t
	case json.Delim:
		if t == '{' {
			n.kind = jsonObject
			for p.dec.More() {
				tok, err := p.dec.Token()
				if err != nil {
					return nil, p.syntaxError(path, err)
				}
				name, _ := tok.(string)
				child, ierr := p.value(path+pathMember(name), depth+1)
				if ierr != nil {
					return nil, ierr
				}
				n.names = append(n.names, name)
				n.elems = append(n.elems, child)
			}
		} else {
			n.kind = jsonArray
			for p.dec.More() {
				child, ierr := p.value(fmt.Sprintf("%s[%d]", path, len(n.elems)), depth+1)
				if ierr != nil {
					return nil, ierr
				}
				n.elems = append(n.elems, child)
			}
		}
		if _, err := p.dec.Token(); err != nil { // the closing ] or }
			return nil, p.syntaxError(path, err)
		}
	}
	raw := p.doc[start:p.dec.InputOffset()]
	raw = bytes.TrimLeft(raw, " \t\r\n")
	raw = bytes.TrimLeft(raw, ",:") // the separator before the value
	n.raw = bytes.TrimLeft(raw, " \t\r\n")
	return n, nil
}

func (p *jsonParser) syntaxError(path string, err error) *ImportError {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &ImportError{Path: path, Problem: "not valid JSON " + p.position(se.Offset) + ": " + se.Error(), cause: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &ImportError{Path: path, Problem: "not valid JSON: the document ends too early", cause: err}
	}
	return &ImportError{Path: path, Problem: "not valid JSON: " + err.Error(), cause: err}
}

// position describes a byte offset in the document as a line and column.
func (p *jsonParser) position(offset int64) string {
	offset = min(max(offset, 0), int64(len(p.doc)))
	before := p.doc[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return fmt.Sprintf("(line %d, column %d)", line, col)
}

// pathMember returns the JSON path step for the member name: .name, or
// ["name"] when name is not a plain identifier.
func pathMember(name string) string {
	plain := name != ""
	for i, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return "." + name
	}
	return "[" + strconv.Quote(name) + "]"
}
