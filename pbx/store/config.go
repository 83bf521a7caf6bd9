package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Config is the whole configuration of the box as one JSON document: what
// Export returns and Import takes. Each key but schema is the name of a
// configuration table and holds that table's rows, ordered by ID; the rows'
// JSON fields are the table's columns. Admins, their sessions, setup codes,
// call records, the SMS and USSD logs and the scenarios' versions are not
// configuration and are not part of it.
//
// A new configuration table needs a field here (tagged with the table's name,
// and with since:"N" when migration N added it) and a line in configParts;
// TestConfigCoversEveryTable says when one is missing. A new column of a
// table is tagged since:"N" on its row type's field (addFieldsNewerThan).
type Config struct {
	Schema                 int                     `json:"schema"` // SchemaVersion of the firmware that wrote it
	Extensions             []Extension             `json:"extensions"`
	ExtensionForwards      []ExtensionForward      `json:"extension_forwards" since:"6"`
	SIPDevices             []SIPDevice             `json:"sip_devices"`
	FXSPorts               []FXSPort               `json:"fxs_ports"`
	FXOLines               []FXOLine               `json:"fxo_lines"`
	GSMModules             []GSMModule             `json:"gsm_modules"`
	GSMModuleOptions       []GSMModuleOptions      `json:"gsm_module_options" since:"5"`
	SIPTrunks              []SIPTrunk              `json:"sip_trunks"`
	OutboundRules          []OutboundRule          `json:"outbound_rules" since:"2"`
	OutboundRuleLines      []OutboundRuleLine      `json:"outbound_rule_lines" since:"5"`
	OutboundRuleExtensions []OutboundRuleExtension `json:"outbound_rule_extensions" since:"7"`
	Scenarios              []Scenario              `json:"scenarios"`
	Schedules              []Schedule              `json:"schedules"`
	NumberLists            []NumberList            `json:"number_lists"`
	NumberListEntries      []NumberListEntry       `json:"number_list_entries"`
	Prompts                []Prompt                `json:"prompts"`
	RingGroups             []RingGroup             `json:"ring_groups" since:"11"`
	CallQueues             []CallQueue             `json:"call_queues" since:"11"`
	Mailboxes              []Mailbox               `json:"mailboxes" since:"3"`
	InboundRoutes          []InboundRoute          `json:"inbound_routes"`
	RouteOptions           []RouteOptions          `json:"route_options" since:"4"`
	Settings               []Setting               `json:"settings"`
}

// configPart is a configuration table seen without its row type, so that
// Export and Import can work through Config by reflection.
type configPart interface {
	Name() string
	// exportRows reads every row, ordered by ID, as a non-nil []T.
	exportRows(ctx context.Context, q querier) (reflect.Value, error)
	// importRow validates and inserts row, a *T, keeping its ID.
	importRow(ctx context.Context, tx *sql.Tx, row any) error
}

func (t *Table[T]) exportRows(ctx context.Context, q querier) (reflect.Value, error) {
	rows, err := t.query(ctx, q, "ORDER BY id")
	if rows == nil {
		rows = []T{}
	}
	return reflect.ValueOf(rows), err
}

func (t *Table[T]) importRow(ctx context.Context, tx *sql.Tx, row any) error {
	return t.insert(ctx, tx, row.(*T))
}

// configParts returns the configuration tables by name.
func (s *Store) configParts() map[string]configPart {
	parts := map[string]configPart{}
	for _, p := range []configPart{
		s.Extensions(), s.ExtensionForwards(), s.SIPDevices(), s.FXSPorts(), s.FXOLines(), s.GSMModules(),
		s.SIPTrunks(), s.OutboundRules(), s.Scenarios(), s.Schedules(), s.NumberLists(), s.NumberListEntries(),
		s.GSMModuleOptions(), s.OutboundRuleLines(), s.OutboundRuleExtensions(), s.Prompts(), s.RingGroups(), s.CallQueues(), s.Mailboxes(), s.InboundRoutes(), s.RouteOptions(), s.Settings(),
	} {
		parts[p.Name()] = p
	}
	return parts
}

// configTable is a field of Config that holds a table.
type configTable struct {
	name  string // table name and JSON key
	index int    // field index in Config
	since int    // the schema that added the table; documents of older schemas lack it
}

// configTables returns Config's table fields in the order of the struct,
// which is the order of the exported document.
func configTables() []configTable {
	t := reflect.TypeFor[Config]()
	var out []configTable
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() != reflect.Slice {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		since, _ := strconv.Atoi(f.Tag.Get("since"))
		out = append(out, configTable{name: name, index: i, since: max(since, 1)})
	}
	return out
}

// dependencyOrder sorts tables so that each comes after every table it
// refers to (parents first). Among tables that could go next, the one
// earlier in tables goes first, so an order that already respects the
// references is kept.
func dependencyOrder(ctx context.Context, tx *sql.Tx, tables []string) ([]string, error) {
	in := map[string]bool{}
	for _, t := range tables {
		in[strings.ToLower(t)] = true
	}
	parents := map[string][]string{}
	for _, t := range tables {
		fks, err := foreignKeys(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		for _, fk := range fks {
			p := strings.ToLower(fk.table)
			if p != strings.ToLower(t) && in[p] {
				parents[t] = append(parents[t], p)
			}
		}
	}
	placed := map[string]bool{}
	out := make([]string, 0, len(tables))
	for len(out) < len(tables) {
		next := ""
	search:
		for _, t := range tables {
			if placed[strings.ToLower(t)] {
				continue
			}
			for _, p := range parents[t] {
				if !placed[p] {
					continue search
				}
			}
			next = t
			break
		}
		if next == "" {
			return nil, fmt.Errorf("store: the tables %v refer to each other in a cycle", tables)
		}
		placed[strings.ToLower(next)] = true
		out = append(out, next)
	}
	return out, nil
}

// The strict decoder. Import reads the document into a tree (parseJSON)
// that keeps the members of each object in document order, then walks the
// tree against the Config type by reflection (fill), filling a Config and
// stopping at the first problem: an unknown or repeated field, a missing
// one, a JSON value of the wrong type, or a row whose Validate fails.
// Nothing in it knows the tables, so a new table needs no code here.

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	validatorType   = reflect.TypeFor[interface{ Validate() error }]()
)

// fill sets v, which is addressable, from n. path is n's JSON path.
func fill(n *jsonNode, v reflect.Value, path string) *ImportError {
	t := v.Type()
	switch {
	case t == rawType:
		// Kept as canonical JSON (compact, as json.Marshal writes it), so
		// that an export of what was imported is byte for byte the same.
		canonical, err := json.Marshal(json.RawMessage(n.raw))
		if err != nil {
			return &ImportError{Path: path, Problem: "not valid JSON: " + err.Error(), cause: err}
		}
		v.SetBytes(canonical)
		return nil
	case t.Kind() == reflect.Pointer:
		if n.kind == jsonNull {
			v.SetZero()
			return nil
		}
		elem := reflect.New(t.Elem())
		if ierr := fill(n, elem.Elem(), path); ierr != nil {
			if ierr.wrongType {
				return typeError(path, t, n) // say that null would do
			}
			return ierr
		}
		v.Set(elem)
		return nil
	case n.kind == jsonNull:
		return typeError(path, t, n)
	case reflect.PointerTo(t).Implements(unmarshalerType):
		if err := json.Unmarshal(n.raw, v.Addr().Interface()); err != nil {
			return &ImportError{Path: path, Problem: fmt.Sprintf("want %s, got %s: %v", want(t), describe(n), err), cause: err}
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		return fillStruct(n, v, path)
	case reflect.Slice:
		if n.kind != jsonArray {
			return typeError(path, t, n)
		}
		s := reflect.MakeSlice(t, len(n.elems), len(n.elems))
		for i, el := range n.elems {
			if ierr := fill(el, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); ierr != nil {
				return ierr
			}
		}
		v.Set(s)
	case reflect.String:
		if n.kind != jsonString {
			return typeError(path, t, n)
		}
		v.SetString(n.text)
	case reflect.Bool:
		if n.kind != jsonBool {
			return typeError(path, t, n)
		}
		v.SetBool(n.bool)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.kind != jsonNumber {
			return typeError(path, t, n)
		}
		i, err := strconv.ParseInt(n.text, 10, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return &ImportError{Path: path, Problem: "want a whole number, got " + describe(n)}
		}
		if err != nil || v.OverflowInt(i) {
			return &ImportError{Path: path, Problem: fmt.Sprintf("the number %s is too large for %d bits", describe(n), t.Bits())}
		}
		v.SetInt(i)
	default: // a kind the entities do not use yet: let encoding/json judge
		if err := json.Unmarshal(n.raw, v.Addr().Interface()); err != nil {
			return &ImportError{Path: path, Problem: fmt.Sprintf("want %s, got %s", want(t), describe(n)), cause: err}
		}
	}
	return nil
}

// fillStruct sets the struct v from the object n: every field exactly once,
// nothing else. A row's ID must be positive, and a struct with a Validate
// method is validated, its *FieldError mapped to the field's path.
func fillStruct(n *jsonNode, v reflect.Value, path string) *ImportError {
	t := v.Type()
	if n.kind != jsonObject {
		return typeError(path, t, n)
	}
	fields := jsonFields(t)
	seen := make(map[string]bool, len(n.names))
	for i, name := range n.names {
		p := path + pathMember(name)
		idx, ok := fields[name]
		if !ok {
			return &ImportError{Path: p, Problem: "unknown field"}
		}
		if seen[name] {
			return &ImportError{Path: p, Problem: "the field appears twice"}
		}
		seen[name] = true
		f := v.Field(idx)
		if ierr := fill(n.elems[i], f, p); ierr != nil {
			return ierr
		}
		if name == "id" && f.Kind() == reflect.Int64 && f.Int() <= 0 {
			return &ImportError{Path: p, Problem: "want a positive whole number, got " + describe(n.elems[i])}
		}
	}
	for i := range t.NumField() {
		if name, ok := jsonName(t.Field(i)); ok && !seen[name] {
			return &ImportError{Path: path + pathMember(name), Problem: fmt.Sprintf("missing (want %s)", want(t.Field(i).Type))}
		}
	}
	if reflect.PointerTo(t).Implements(validatorType) {
		if err := v.Addr().Interface().(interface{ Validate() error }).Validate(); err != nil {
			return rowError(path, v, err)
		}
	}
	return nil
}

// rowError turns an error about the row v at path into an *ImportError at the
// path of the field that a *FieldError names.
func rowError(path string, v reflect.Value, err error) *ImportError {
	var fe *FieldError
	if !errors.As(err, &fe) {
		return &ImportError{Path: path, Problem: err.Error(), cause: err}
	}
	ie := &ImportError{Path: path, Problem: fe.Detail, cause: err}
	idx, ok := jsonFields(v.Type())[fe.Field]
	if ok {
		ie.Path += pathMember(fe.Field)
	}
	switch {
	case errors.Is(fe.Kind, ErrDuplicate) && ok:
		val := v.Field(idx)
		if val.Kind() == reflect.Pointer && !val.IsNil() {
			val = val.Elem()
		}
		if val.Kind() == reflect.String {
			ie.Problem = fmt.Sprintf("%q is already used", val.String())
		} else {
			ie.Problem = fmt.Sprintf("%v is already used", val.Interface())
		}
	case ie.Problem == "":
		ie.Problem = fe.Kind.Error()
	}
	return ie
}

// jsonName returns the JSON name of a struct field, if it has one.
func jsonName(f reflect.StructField) (string, bool) {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if !f.IsExported() || name == "-" {
		return "", false
	}
	if name == "" {
		name = f.Name
	}
	return name, true
}

// jsonFields maps the JSON names of t's fields to their indexes.
func jsonFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if name, ok := jsonName(t.Field(i)); ok {
			m[name] = i
		}
	}
	return m
}

func typeError(path string, t reflect.Type, n *jsonNode) *ImportError {
	return &ImportError{Path: path, Problem: fmt.Sprintf("want %s, got %s", want(t), describe(n)), wrongType: true}
}

// want describes in words the JSON value that a Go type takes.
func want(t reflect.Type) string {
	switch {
	case t == rawType:
		return "any JSON value"
	case t.Kind() == reflect.Pointer:
		return want(t.Elem()) + " or null"
	case t == timeType:
		return "a time such as \"2006-01-02T15:04:05Z\""
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

// describe shows a JSON value in an error message, shortened.
func describe(n *jsonNode) string {
	short := func(s string) string {
		if r := []rune(s); len(r) > 40 {
			return string(r[:37]) + "..."
		}
		return s
	}
	switch n.kind {
	case jsonNull:
		return "null"
	case jsonBool:
		return strconv.FormatBool(n.bool)
	case jsonNumber:
		return short(n.text)
	case jsonString:
		return strconv.Quote(short(n.text))
	case jsonArray:
		return "an array"
	}
	return "an object"
}
