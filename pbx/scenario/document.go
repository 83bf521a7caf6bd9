package scenario

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// SchemaVersion is the version of the scenario document this package reads
// and writes.
const SchemaVersion = 1

// MaxDocumentSize is the largest scenario document Decode accepts, in bytes.
const MaxDocumentSize = 1 << 20

// Document is a scenario graph as stored: a schema version and the
// elements. Its zero value is not valid; build one with Decode or by hand
// and check it with Validate.
type Document struct {
	Schema   int       `json:"schema"`
	Elements []Element `json:"elements"`
}

// Element is one box of the graph.
type Element struct {
	ID    string `json:"id"`              // unique in the document, 1 to 64 characters
	Type  Kind   `json:"type"`            // a Kind of the catalogue
	Label string `json:"label,omitempty"` // what the admin calls it
	// Params are the element's parameters: a pointer to the Go type the
	// catalogue names for Type, e.g. *Internal for KindInternal.
	Params Params `json:"params"`
	// Next maps each outcome to the ID of the element the call goes to.
	Next map[string]string `json:"next,omitempty"`
	// Pos is where the web UI draws the element; the engine ignores it.
	Pos *Position `json:"pos,omitempty"`
}

// Position is an element's place on the canvas, in pixels.
type Position struct {
	X int `json:"x"`
	Y int `json:"y"`
}

// name returns how problems name the element: its ID and, when it has one,
// its label.
func (e *Element) name() string {
	if e.Label == "" {
		return fmt.Sprintf("element %q", e.ID)
	}
	return fmt.Sprintf("element %q (%s)", e.ID, e.Label)
}

// rawElement is Element as read, before its Params are decoded by type.
type rawElement struct {
	ID     string            `json:"id"`
	Type   Kind              `json:"type"`
	Label  string            `json:"label"`
	Params json.RawMessage   `json:"params"`
	Next   map[string]string `json:"next"`
	Pos    *Position         `json:"pos"`
}

type rawDocument struct {
	Schema   int          `json:"schema"`
	Elements []rawElement `json:"elements"`
}

// ErrDecode is matched (errors.Is) by every error of Decode.
var ErrDecode = errors.New("scenario: cannot read the scenario document")

// DecodeError is an error of Decode: where in the document (a JSON path
// such as "elements[2].params.ring_time") and what is wrong.
type DecodeError struct {
	Path string
	Msg  string
}

func (e *DecodeError) Error() string {
	if e.Path == "" {
		return "scenario: " + e.Msg
	}
	return "scenario: " + e.Path + ": " + e.Msg
}

// Is makes every DecodeError match ErrDecode.
func (e *DecodeError) Is(target error) bool { return target == ErrDecode }

// Decode reads a scenario document strictly: a field this package does not
// define, anywhere in the document, is refused with its JSON path, as are
// an unknown element type, a schema other than SchemaVersion, and a
// document over MaxDocumentSize. It checks the shape only; Validate checks
// the graph. It is safe for concurrent use.
func Decode(data []byte) (*Document, error) {
	if len(data) > MaxDocumentSize {
		return nil, &DecodeError{Msg: fmt.Sprintf("the document is %d bytes; at most %d are allowed", len(data), MaxDocumentSize)}
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, &DecodeError{Msg: "not JSON: " + err.Error()}
	}
	if err := checkShape(tree, reflect.TypeFor[rawDocument](), ""); err != nil {
		return nil, err
	}
	var raw rawDocument
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, typeError("", err)
	}
	if raw.Schema != SchemaVersion {
		return nil, &DecodeError{Path: "schema", Msg: fmt.Sprintf("version %d is not supported; this firmware reads version %d", raw.Schema, SchemaVersion)}
	}
	doc := &Document{Schema: raw.Schema, Elements: make([]Element, 0, len(raw.Elements))}
	for i, re := range raw.Elements {
		path := fmt.Sprintf("elements[%d]", i)
		info, ok := kinds[re.Type]
		if !ok {
			return nil, &DecodeError{Path: path + ".type", Msg: fmt.Sprintf("unknown element type %q", re.Type)}
		}
		p := info.new()
		if len(re.Params) > 0 && string(re.Params) != "null" {
			var ptree any
			if err := json.Unmarshal(re.Params, &ptree); err != nil {
				return nil, &DecodeError{Path: path + ".params", Msg: err.Error()}
			}
			if err := checkShape(ptree, reflect.TypeOf(p), path+".params"); err != nil {
				return nil, err
			}
			if err := json.Unmarshal(re.Params, p); err != nil {
				return nil, typeError(path+".params", err)
			}
		}
		doc.Elements = append(doc.Elements, Element{ID: re.ID, Type: re.Type, Label: re.Label, Params: p, Next: re.Next, Pos: re.Pos})
	}
	return doc, nil
}

// Encode writes doc as JSON, as Decode reads it.
func Encode(doc *Document) ([]byte, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("scenario: encode: %w", err)
	}
	return b, nil
}

// typeError turns a json type error into a DecodeError with its path.
func typeError(prefix string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &DecodeError{Path: joinPath(prefix, te.Field), Msg: fmt.Sprintf("a JSON %s cannot be a %s", te.Value, te.Type)}
	}
	return &DecodeError{Path: prefix, Msg: err.Error()}
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}
