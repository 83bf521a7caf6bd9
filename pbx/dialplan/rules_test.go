package dialplan_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// TestOutboundRuleValidate: the store refuses outbound rules the dial plan
// could not use, naming the field.
func TestOutboundRuleValidate(t *testing.T) {
	t.Parallel()
	trunk := int64(1)
	ok := store.OutboundRule{Name: "City", Prefix: "9", SIPTrunkID: &trunk, Strip: 1, Prepend: "+7495",
		Level: store.OutboundLocal, Priority: 10}
	tests := []struct {
		name      string
		edit      func(r *store.OutboundRule)
		wantField string // "" when valid
	}{
		{"valid", func(*store.OutboundRule) {}, ""},
		{"catch-all prefix", func(r *store.OutboundRule) { r.Prefix, r.Strip = "", 0 }, ""},
		{"E.164 prefix", func(r *store.OutboundRule) { r.Prefix, r.Strip, r.Prepend = "+7", 0, "" }, ""},
		{"feature-code prefix", func(r *store.OutboundRule) { r.Prefix, r.Strip = "*123*", 5 }, ""},
		{"bare + to prepend", func(r *store.OutboundRule) { r.Prepend = "+" }, ""},
		{"no name", func(r *store.OutboundRule) { r.Name = "" }, "name"},
		{"letters in the prefix", func(r *store.OutboundRule) { r.Prefix = "9a" }, "prefix"},
		{"+ inside the prefix", func(r *store.OutboundRule) { r.Prefix = "9+" }, "prefix"},
		{"strips more than the prefix", func(r *store.OutboundRule) { r.Strip = 2 }, "strip"},
		{"negative strip", func(r *store.OutboundRule) { r.Strip = -1 }, "strip"},
		{"letters to prepend", func(r *store.OutboundRule) { r.Prepend = "x" }, "prepend"},
		{"internal level", func(r *store.OutboundRule) { r.Level = store.OutboundInternal }, "level"},
		{"unknown level", func(r *store.OutboundRule) { r.Level = "galactic" }, "level"},
		{"priority out of range", func(r *store.OutboundRule) { r.Priority = 1001 }, "priority"},
		{"no trunk: its rule lines name the lines", func(r *store.OutboundRule) { r.SIPTrunkID = nil }, ""},
	}
	for _, tt := range tests {
		r := ok
		tt.edit(&r)
		err := r.Validate()
		var fe *store.FieldError
		switch {
		case tt.wantField == "" && err != nil:
			t.Errorf("%s: Validate() = %v; want nil", tt.name, err)
		case tt.wantField != "" && (!errors.As(err, &fe) || fe.Field != tt.wantField || !errors.Is(err, store.ErrInvalid)):
			t.Errorf("%s: Validate() = %v; want an invalid %s", tt.name, err, tt.wantField)
		}
	}
}

// TestOutboundRuleReferences: a rule must name a trunk that exists, and a
// trunk that a rule uses cannot be deleted.
func TestOutboundRuleReferences(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	missing := int64(42)
	r := store.OutboundRule{Name: "City", Prefix: "9", SIPTrunkID: &missing, Strip: 1, Level: store.OutboundLocal}
	if err := st.OutboundRules().Create(ctx, &r); !errors.Is(err, store.ErrMissingReference) {
		t.Errorf("rule with a missing trunk: %v; want ErrMissingReference", err)
	}
	tr := store.SIPTrunk{Name: "Provider", Host: "sip.example.net", Port: 5060, Transport: "udp", Enabled: true}
	if err := st.SIPTrunks().Create(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	r.SIPTrunkID = &tr.ID
	if err := st.OutboundRules().Create(ctx, &r); err != nil {
		t.Fatal(err)
	}
	var fe *store.FieldError
	if err := st.SIPTrunks().Delete(ctx, tr.ID); !errors.As(err, &fe) || !errors.Is(err, store.ErrInUse) || fe.Table != "outbound_rules" {
		t.Errorf("deleting a trunk a rule uses: %v; want ErrInUse naming outbound_rules", err)
	}
	cfg, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.OutboundRules) != 1 || cfg.OutboundRules[0].Name != "City" {
		t.Errorf("export has outbound rules %+v; want the one", cfg.OutboundRules)
	}
}
