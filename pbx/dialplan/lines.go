package dialplan

import (
	"fmt"

	"github.com/hookflash/firmware/pbx/store"
)

// lineSet is every line of the configuration by ID, for resolving the
// lines outbound rules name.
type lineSet struct {
	trunks, fxo, gsm map[int64]line
}

// knownLines collects the trunks, FXO lines and GSM modules of doc.
func knownLines(doc *store.Config) lineSet {
	s := lineSet{trunks: map[int64]line{}, fxo: map[int64]line{}, gsm: map[int64]line{}}
	for _, t := range doc.SIPTrunks {
		s.trunks[t.ID] = line{kind: "trunk", name: t.Name, enabled: t.Enabled}
	}
	for _, l := range doc.FXOLines {
		s.fxo[l.ID] = line{kind: "fxo", name: l.Name, enabled: l.Enabled, country: l.Country}
	}
	for _, g := range doc.GSMModules {
		s.gsm[g.ID] = line{kind: "gsm", name: g.Name, enabled: g.Enabled}
	}
	return s
}

// trunk returns the SIP trunk id that rule names.
func (s lineSet) trunk(rule string, id int64) (line, error) {
	return s.find(rule, "trunk", s.trunks, id)
}

// of returns the line a rule line names.
func (s lineSet) of(rule string, rl store.OutboundRuleLine) (line, error) {
	switch {
	case rl.SIPTrunkID != nil:
		return s.find(rule, "trunk", s.trunks, *rl.SIPTrunkID)
	case rl.FXOLineID != nil:
		return s.find(rule, "FXO line", s.fxo, *rl.FXOLineID)
	case rl.GSMModuleID != nil:
		return s.find(rule, "GSM module", s.gsm, *rl.GSMModuleID)
	}
	return line{}, fmt.Errorf("dialplan: outbound rule %q has a line entry %d that names no line", rule, rl.ID)
}

func (s lineSet) find(rule, what string, m map[int64]line, id int64) (line, error) {
	l, ok := m[id]
	if !ok {
		return line{}, fmt.Errorf("dialplan: outbound rule %q names %s %d, which does not exist", rule, what, id)
	}
	return l, nil
}
