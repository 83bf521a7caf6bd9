package scenario

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of a scenario document that Validate enforces.
const (
	MaxElements = 500
	maxIDLen    = 64
	maxLabelLen = 80
)

// Ranges of the times elements take, in seconds.
const (
	MinRingTime  = 5
	MaxRingTime  = 600
	MinGroupStep = 5
	MaxGroupStep = 30
	MinGroupWait = 15
	MaxGroupWait = 600
)

// Problem is one thing wrong with a scenario: which element (by ID and
// label), which of its outcomes or parameters when it is about one, and
// what is wrong in words an admin can act on.
type Problem struct {
	Element string `json:"element,omitempty"`
	Label   string `json:"label,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Field   string `json:"field,omitempty"` // a parameter, e.g. "ring_time"
	Message string `json:"message"`
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Element != "" {
		fmt.Fprintf(&b, "element %q", p.Element)
		if p.Label != "" {
			fmt.Fprintf(&b, " (%s)", p.Label)
		}
	}
	if p.Outcome != "" {
		fmt.Fprintf(&b, ", outcome %q", p.Outcome)
	}
	if p.Field != "" {
		fmt.Fprintf(&b, ", %s", p.Field)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// ErrInvalid is matched (errors.Is) by a *ValidationError.
var ErrInvalid = errors.New("scenario: the scenario cannot be saved")

// ValidationError lists every problem Validate found.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "scenario: the scenario cannot be saved: " + strings.Join(parts, "; ")
}

// Is makes a ValidationError match ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// checker collects the problems of one document.
type checker struct {
	ctx      context.Context
	refs     Refs
	el       *Element
	problems []Problem
	err      error       // a failure of refs, which is not a problem of the document
	seen     []Reference // what the elements refer to, for References
}

func (v *checker) add(outcome, field, format string, args ...any) {
	p := Problem{Outcome: outcome, Field: field, Message: fmt.Sprintf(format, args...)}
	if v.el != nil {
		p.Element, p.Label = v.el.ID, v.el.Label
	}
	v.problems = append(v.problems, p)
}

// param adds a problem with parameter field.
func (v *checker) param(field, format string, args ...any) { v.add("", field, format, args...) }

// seconds checks that a time in seconds is in [min, max], or 0 when
// optional.
func (v *checker) seconds(field string, s, min, max int, optional bool) {
	if s == 0 && optional {
		return
	}
	if s < min || s > max {
		v.param(field, "must be %d to %d seconds; it is %d", min, max, s)
	}
}

// ref checks that what field refers to exists.
func (v *checker) ref(field string, kind RefKind, key string) {
	if key == "" || key == "0" {
		v.param(field, "must name a %s", kind)
		return
	}
	if v.el != nil {
		v.seen = append(v.seen, Reference{Element: v.el.ID, Label: v.el.Label, Field: field, Kind: kind, Key: key})
	}
	if v.refs == nil {
		return
	}
	ok, err := v.refs.Exists(v.ctx, kind, key)
	if err != nil {
		v.err = errors.Join(v.err, err)
		return
	}
	if !ok {
		v.param(field, "%s %s does not exist", kind, key)
	}
}

// refID is ref for a numeric ID.
func (v *checker) refID(field string, kind RefKind, id int64) {
	v.ref(field, kind, strconv.FormatInt(id, 10))
}

// Validate checks a scenario before it is saved: one Incoming call
// element, unique IDs, every outcome of every element connected to an
// element that exists, every element reachable from the entry and able to
// reach an end, no cycle of elements that do not wait (Waits), the
// parameters in range, and what they refer to existing (through refs; nil
// skips those checks). A scenario with problems is refused with a
// *ValidationError that lists them all, each naming its element and
// outcome; a failure of refs itself is returned as it is.
func Validate(ctx context.Context, doc *Document, refs Refs) error {
	v := &checker{ctx: ctx, refs: refs}
	if doc.Schema != SchemaVersion {
		v.add("", "", "schema version %d is not supported; this firmware reads version %d", doc.Schema, SchemaVersion)
	}
	if len(doc.Elements) > MaxElements {
		v.add("", "", "a scenario has at most %d elements; this one has %d", MaxElements, len(doc.Elements))
		return &ValidationError{Problems: v.problems}
	}
	byID := map[string]*Element{}
	var entries []*Element
	for i := range doc.Elements {
		e := &doc.Elements[i]
		v.el = e
		switch {
		case e.ID == "" || len(e.ID) > maxIDLen:
			v.el = nil
			v.add("", "", "element %d needs an ID of 1 to %d characters", i+1, maxIDLen)
			continue
		case byID[e.ID] != nil:
			v.add("", "", "the ID %q is used by two elements", e.ID)
			continue
		case e.ID == AnyElement:
			v.add("", "", "the ID %q stands for any element in dry runs: give the element another", e.ID)
			continue
		}
		byID[e.ID] = e
		if len([]rune(e.Label)) > maxLabelLen {
			v.param("label", "must be at most %d characters", maxLabelLen)
		}
		info, ok := kinds[e.Type]
		if !ok || e.Params == nil {
			v.add("", "type", "unknown element type %q", e.Type)
			continue
		}
		if e.Type == KindIncoming {
			entries = append(entries, e)
		}
		if info.Backend != "" {
			v.backend(info)
		}
		e.Params.check(v)
	}
	v.el = nil
	switch {
	case len(entries) == 0:
		v.add("", "", "a scenario starts at one Incoming call element; add one")
	case len(entries) > 1:
		for _, e := range entries[1:] {
			v.el = e
			v.add("", "", "a scenario has exactly one Incoming call element; remove this one")
		}
	}
	v.arrows(doc, byID)
	if len(entries) == 1 && len(v.problems) == 0 {
		v.reach(doc, byID, entries[0])
		v.spin(doc, byID)
	}
	if v.err != nil {
		return fmt.Errorf("scenario: validate: %w", v.err)
	}
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems}
	}
	return nil
}

// backend refuses an element whose backend is not configured.
func (v *checker) backend(info *KindInfo) {
	if v.refs == nil {
		return
	}
	ok, err := v.refs.Exists(v.ctx, RefBackend, info.Backend)
	if err != nil {
		v.err = errors.Join(v.err, err)
		return
	}
	if !ok {
		v.add("", "", "%s needs a %s backend, and none is configured; set one up in Settings or remove the element",
			info.Name, strings.ReplaceAll(info.Backend, "_", " "))
	}
}

// arrows checks that every outcome has an arrow to an element that exists,
// that no arrow leaves by an outcome the element does not have, and that
// nothing leads back to the Incoming call element.
func (v *checker) arrows(doc *Document, byID map[string]*Element) {
	for i := range doc.Elements {
		e := &doc.Elements[i]
		if byID[e.ID] != e || e.Params == nil {
			continue
		}
		v.el = e
		outs := e.Params.Outcomes()
		for _, o := range outs {
			to, ok := e.Next[o]
			switch {
			case !ok || to == "":
				v.add(o, "", "not connected: draw an arrow from it to the next element")
			case byID[to] == nil:
				v.add(o, "", "leads to element %q, which does not exist", to)
			case byID[to].Type == KindIncoming:
				v.add(o, "", "leads back to the Incoming call element; a call enters a scenario only once")
			}
		}
		for _, o := range sortedStrings(e.Next) {
			if !slices.Contains(outs, o) {
				if len(outs) == 0 {
					v.add(o, "", "this element ends the call and has no outcomes; remove the arrow")
				} else {
					v.add(o, "", "this element has no such outcome (it has %s); remove the arrow", strings.Join(outs, ", "))
				}
			}
		}
	}
	v.el = nil
}

// reach checks that every element is reachable from entry and can reach
// an end.
func (v *checker) reach(doc *Document, byID map[string]*Element, entry *Element) {
	seen := map[string]bool{entry.ID: true}
	queue := []*Element{entry}
	for len(queue) > 0 {
		e := queue[0]
		queue = queue[1:]
		for _, o := range e.Params.Outcomes() {
			if to := byID[e.Next[o]]; to != nil && !seen[to.ID] {
				seen[to.ID] = true
				queue = append(queue, to)
			}
		}
	}
	// ends: elements that are final or lead to one, found backwards.
	ends := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for i := range doc.Elements {
			e := &doc.Elements[i]
			if ends[e.ID] {
				continue
			}
			outs := e.Params.Outcomes()
			end := len(outs) == 0
			for _, o := range outs {
				end = end || ends[e.Next[o]]
			}
			if end {
				ends[e.ID], changed = true, true
			}
		}
	}
	for i := range doc.Elements {
		e := &doc.Elements[i]
		v.el = e
		switch {
		case !seen[e.ID]:
			v.add("", "", "cannot be reached from the Incoming call element; connect it or remove it")
		case !ends[e.ID]:
			v.add("", "", "no path from here ends the call (hang up, voicemail, a subscriber without ring time, ...)")
		}
	}
	v.el = nil
}

// spin refuses a cycle made only of elements that do not wait for the
// caller or a timer: a call would go round it forever in an instant. It
// names the element and outcome that close the cycle.
func (v *checker) spin(doc *Document, byID map[string]*Element) {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var visit func(e *Element) bool
	visit = func(e *Element) bool {
		color[e.ID] = grey
		for _, o := range e.Params.Outcomes() {
			to := byID[e.Next[o]]
			if to == nil || kinds[to.Type].Waits {
				continue
			}
			switch color[to.ID] {
			case grey:
				v.el = e
				v.add(o, "", "closes a loop through %q that no element waits in (no ringing, playing or menu): the call would go round it forever", to.ID)
				return true
			case white:
				if visit(to) {
					return true
				}
			}
		}
		color[e.ID] = black
		return false
	}
	for i := range doc.Elements {
		e := &doc.Elements[i]
		if !kinds[e.Type].Waits && color[e.ID] == white {
			if visit(e) {
				break
			}
		}
	}
	v.el = nil
}

func sortedStrings[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// secs converts seconds to a duration.
func secs(s int) time.Duration { return time.Duration(s) * time.Second }
