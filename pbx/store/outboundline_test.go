package store

import (
	"context"
	"errors"
	"testing"
)

func TestOutboundRuleLineValidate(t *testing.T) {
	id := ptr(1)
	tests := []struct {
		name  string
		l     OutboundRuleLine
		field string
	}{
		{"trunk", OutboundRuleLine{Position: 1, SIPTrunkID: id}, ""},
		{"fxo", OutboundRuleLine{Position: 2, FXOLineID: id}, ""},
		{"gsm", OutboundRuleLine{Position: 99, GSMModuleID: id}, ""},
		{"nothing", OutboundRuleLine{Position: 1}, "sip_trunk_id"},
		{"trunk and fxo", OutboundRuleLine{Position: 1, SIPTrunkID: id, FXOLineID: id}, "fxo_line_id"},
		{"fxo and gsm", OutboundRuleLine{Position: 1, FXOLineID: id, GSMModuleID: id}, "gsm_module_id"},
		{"position 0", OutboundRuleLine{GSMModuleID: id}, "position"},
		{"position 100", OutboundRuleLine{Position: 100, GSMModuleID: id}, "position"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, tt.l.Validate(), tt.field)
		})
	}
}

func TestOutboundRuleLines(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	trunk := SIPTrunk{Name: "provider", Host: "sip.example.net", Port: 5060, Transport: "udp", Enabled: true}
	fxo := FXOLine{Port: 1, Name: "City 1", Country: "RU", Enabled: true}
	g1 := GSMModule{Slot: 1, Name: "GSM 1", Enabled: true}
	g2 := GSMModule{Slot: 2, Name: "GSM 2", Enabled: true}
	for _, err := range []error{s.SIPTrunks().Create(ctx, &trunk), s.FXOLines().Create(ctx, &fxo),
		s.GSMModules().Create(ctx, &g1), s.GSMModules().Create(ctx, &g2)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	rule := OutboundRule{Name: "Mobile", Prefix: "89", SIPTrunkID: &trunk.ID, Level: OutboundNational, Priority: 1}
	if err := s.OutboundRules().Create(ctx, &rule); err != nil {
		t.Fatal(err)
	}
	checkCRUD(t, s.OutboundRuleLines(), OutboundRuleLine{RuleID: rule.ID, Position: 1, GSMModuleID: &g1.ID},
		func(l *OutboundRuleLine) { l.GSMModuleID, l.FXOLineID = nil, &fxo.ID })
	// Created out of order; listed in the order they are tried.
	for _, l := range []OutboundRuleLine{
		{RuleID: rule.ID, Position: 3, FXOLineID: &fxo.ID},
		{RuleID: rule.ID, Position: 1, GSMModuleID: &g1.ID},
		{RuleID: rule.ID, Position: 2, GSMModuleID: &g2.ID},
	} {
		if err := s.OutboundRuleLines().Create(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	lines, err := s.LinesOfRule(ctx, rule.ID)
	if err != nil || len(lines) != 3 || *lines[0].GSMModuleID != g1.ID || *lines[1].GSMModuleID != g2.ID || *lines[2].FXOLineID != fxo.ID {
		t.Fatalf("LinesOfRule = %+v, %v; want GSM 1, GSM 2, FXO 1", lines, err)
	}
	var fe *FieldError
	dup := OutboundRuleLine{RuleID: rule.ID, Position: 2, SIPTrunkID: &trunk.ID}
	if err := s.OutboundRuleLines().Create(ctx, &dup); !errors.As(err, &fe) || fe.Field != "position" || !errors.Is(err, ErrDuplicate) {
		t.Errorf("a second line at position 2 = %v; want a duplicate position", err)
	}
	if err := s.GSMModules().Delete(ctx, g2.ID); !errors.As(err, &fe) || fe.Table != "outbound_rule_lines" || !errors.Is(err, ErrInUse) {
		t.Errorf("Delete(a module a rule uses) = %v; want ErrInUse naming outbound_rule_lines", err)
	}
	if err := s.OutboundRules().Delete(ctx, rule.ID); err != nil {
		t.Fatalf("Delete(rule) = %v; its lines go with it", err)
	}
	if lines, _ := s.LinesOfRule(ctx, rule.ID); len(lines) != 0 {
		t.Errorf("lines after deleting the rule: %+v", lines)
	}
}
