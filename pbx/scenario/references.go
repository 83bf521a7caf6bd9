package scenario

import "context"

// Reference is one thing an element of a scenario refers to: element (ID
// and label) and its parameter field name something of kind by key, as
// Refs looks it up.
type Reference struct {
	Element string  `json:"element"`
	Label   string  `json:"label,omitempty"`
	Field   string  `json:"field"`
	Kind    RefKind `json:"kind"`
	Key     string  `json:"key"`
}

// References returns what the elements of doc refer to, in element
// order: what must not be deleted while doc is saved. Elements without
// parameters, and empty references (a problem Validate reports), are left
// out.
func References(doc *Document) []Reference {
	v := &checker{ctx: context.Background()}
	for i := range doc.Elements {
		e := &doc.Elements[i]
		if e.Params == nil {
			continue
		}
		v.el = e
		e.Params.check(v)
	}
	return v.seen
}

// ReferencesTo returns the references of doc to the thing of kind named
// key.
func ReferencesTo(doc *Document, kind RefKind, key string) []Reference {
	var out []Reference
	for _, r := range References(doc) {
		if r.Kind == kind && r.Key == key {
			out = append(out, r)
		}
	}
	return out
}
