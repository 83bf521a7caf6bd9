package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestOutboundRuleExtensionValidate(t *testing.T) {
	tests := []struct {
		name  string
		e     OutboundRuleExtension
		field string
	}{
		{"rule and extension", OutboundRuleExtension{RuleID: 1, ExtensionID: 2}, ""},
		{"no rule", OutboundRuleExtension{ExtensionID: 2}, "rule_id"},
		{"negative rule", OutboundRuleExtension{RuleID: -1, ExtensionID: 2}, "rule_id"},
		{"no extension", OutboundRuleExtension{RuleID: 1}, "extension_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, tt.e.Validate(), tt.field)
		})
	}
}

// ruleExtensionFixture is a store with extensions 101-103 and two rules.
type ruleExtensionFixture struct {
	s           *Store
	exts        []Extension
	rule, spare OutboundRule
}

func newRuleExtensionFixture(t *testing.T) *ruleExtensionFixture {
	t.Helper()
	ctx := context.Background()
	f := &ruleExtensionFixture{s: openTemp(t)}
	for _, n := range []string{"101", "102", "103"} {
		e := newExtension(n)
		if err := f.s.Extensions().Create(ctx, &e); err != nil {
			t.Fatal(err)
		}
		f.exts = append(f.exts, e)
	}
	f.rule = OutboundRule{Name: "Boss line", Prefix: "9", Level: OutboundLocal, Priority: 1}
	f.spare = OutboundRule{Name: "Everyone", Prefix: "9", Level: OutboundLocal, Priority: 2}
	for _, r := range []*OutboundRule{&f.rule, &f.spare} {
		if err := f.s.OutboundRules().Create(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// ruleExtensions returns the IDs of the extensions rule is kept for.
func (f *ruleExtensionFixture) ruleExtensions(t *testing.T, rule int64) []int64 {
	t.Helper()
	ids, err := f.s.RuleExtensionIDs(context.Background(), rule)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestOutboundRuleExtensions(t *testing.T) {
	ctx := context.Background()
	f := newRuleExtensionFixture(t)
	checkCRUD(t, f.s.OutboundRuleExtensions(), OutboundRuleExtension{RuleID: f.rule.ID, ExtensionID: f.exts[0].ID},
		func(e *OutboundRuleExtension) { e.ExtensionID = f.exts[1].ID })

	var fe *FieldError
	rows := f.s.OutboundRuleExtensions()
	first := OutboundRuleExtension{RuleID: f.rule.ID, ExtensionID: f.exts[0].ID}
	if err := rows.Create(ctx, &first); err != nil {
		t.Fatal(err)
	}
	again := OutboundRuleExtension{RuleID: f.rule.ID, ExtensionID: f.exts[0].ID}
	if err := rows.Create(ctx, &again); !errors.As(err, &fe) || fe.Field != "extension_id" || !errors.Is(err, ErrDuplicate) {
		t.Errorf("the same extension twice on a rule = %v; want a duplicate extension_id", err)
	}
	ghost := OutboundRuleExtension{RuleID: f.rule.ID, ExtensionID: 999}
	if err := rows.Create(ctx, &ghost); !errors.As(err, &fe) || fe.Field != "extension_id" || !errors.Is(err, ErrMissingReference) {
		t.Errorf("a missing extension = %v; want a missing reference in extension_id", err)
	}
	noRule := OutboundRuleExtension{RuleID: 999, ExtensionID: f.exts[0].ID}
	if err := rows.Create(ctx, &noRule); !errors.As(err, &fe) || fe.Field != "rule_id" || !errors.Is(err, ErrMissingReference) {
		t.Errorf("a missing rule = %v; want a missing reference in rule_id", err)
	}
}

// TestOutboundRuleExtensionsCascade: deleting an extension or a rule takes
// its rows with it, and nothing else.
func TestOutboundRuleExtensionsCascade(t *testing.T) {
	ctx := context.Background()
	f := newRuleExtensionFixture(t)
	ids := []int64{f.exts[0].ID, f.exts[1].ID}
	for _, r := range []OutboundRule{f.rule, f.spare} {
		if err := f.s.ReplaceRuleExtensions(ctx, r.ID, ids); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.s.Extensions().Delete(ctx, f.exts[0].ID); err != nil {
		t.Fatalf("Delete(an extension a rule is kept for) = %v; want its rows to go with it", err)
	}
	for _, r := range []OutboundRule{f.rule, f.spare} {
		if got := f.ruleExtensions(t, r.ID); !slices.Equal(got, ids[1:]) {
			t.Errorf("rule %q after deleting extension 101: %v; want %v", r.Name, got, ids[1:])
		}
	}
	if err := f.s.OutboundRules().Delete(ctx, f.rule.ID); err != nil {
		t.Fatalf("Delete(rule) = %v; its extensions go with it", err)
	}
	if got := f.ruleExtensions(t, f.rule.ID); len(got) != 0 {
		t.Errorf("rows of the deleted rule: %v", got)
	}
	if got := f.ruleExtensions(t, f.spare.ID); !slices.Equal(got, ids[1:]) {
		t.Errorf("the other rule after deleting one: %v; want %v", got, ids[1:])
	}
	if _, err := f.s.Extensions().Get(ctx, f.exts[1].ID); err != nil {
		t.Errorf("extension 102 after deleting the rule: %v", err)
	}
}

func TestReplaceRuleExtensions(t *testing.T) {
	ctx := context.Background()
	f := newRuleExtensionFixture(t)
	e1, e2, e3 := f.exts[0].ID, f.exts[1].ID, f.exts[2].ID
	if err := f.s.ReplaceRuleExtensions(ctx, f.rule.ID, []int64{e1, e2}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		rule    int64
		ids     []int64
		wantErr error
		want    []int64 // the rule's extensions afterwards
	}{
		{"replace", f.rule.ID, []int64{e3, e1}, nil, []int64{e3, e1}},
		{"missing extension keeps the list", f.rule.ID, []int64{e2, 999}, ErrMissingReference, []int64{e3, e1}},
		{"repeated extension keeps the list", f.rule.ID, []int64{e2, e2}, ErrDuplicate, []int64{e3, e1}},
		{"missing rule", 999, []int64{e1}, ErrNotFound, nil},
		{"empty opens the rule to everyone", f.rule.ID, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := f.s.Revision(ctx)
			if err != nil {
				t.Fatal(err)
			}
			err = f.s.ReplaceRuleExtensions(ctx, tt.rule, tt.ids)
			if !errors.Is(err, tt.wantErr) || (err != nil && !strings.HasPrefix(err.Error(), "store: ")) {
				t.Fatalf("ReplaceRuleExtensions(%d, %v) = %v; want %v", tt.rule, tt.ids, err, tt.wantErr)
			}
			after, _ := f.s.Revision(ctx)
			if got := f.ruleExtensions(t, tt.rule); !slices.Equal(got, tt.want) {
				t.Errorf("after ReplaceRuleExtensions(%v): %v; want %v", tt.ids, got, tt.want)
			}
			if err != nil {
				if after != before {
					t.Errorf("a refused replace bumped the revision from %d to %d", before, after)
				}
				return
			}
			if after <= before {
				t.Errorf("revision %d after a replace; want more than %d", after, before)
			}
		})
	}
}

// TestImportRuleExtensions: a document names the extensions of a rule; one
// that names a missing extension is refused at the row's path.
func TestImportRuleExtensions(t *testing.T) {
	ctx := context.Background()
	want := populate(t, openTemp(t))
	if len(want.OutboundRuleExtensions) == 0 {
		t.Fatal("the fixture keeps no rule for an extension")
	}
	var doc map[string]any
	if err := json.Unmarshal(mustMarshal(t, want), &doc); err != nil {
		t.Fatal(err)
	}
	doc["outbound_rule_extensions"] = []map[string]any{{"id": 1, "rule_id": want.OutboundRules[0].ID, "extension_id": 999}}
	err := openTemp(t).Import(ctx, mustMarshal(t, doc))
	var ie *ImportError
	if !errors.As(err, &ie) || !strings.Contains(ie.Path, "outbound_rule_extensions") {
		t.Errorf("Import(a rule kept for a missing extension) = %v; want an error at outbound_rule_extensions", err)
	}
}
