package dialplan

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// Outbound levels, from least to most allowed.
var levels = map[string]int{
	store.OutboundInternal: 0, store.OutboundLocal: 1,
	store.OutboundNational: 2, store.OutboundInternational: 3,
}

// config is one snapshot of what the dial plan needs from the store. It is
// never changed once built, so calls share it without locks.
type config struct {
	revision int64
	exts     map[string]extension // by number
	fxsPorts map[int]string       // FXS port -> extension number
	rules    []rule               // longest prefix first, then priority, then ID
}

type extension struct {
	id      int64
	number  string
	level   int
	dnd     bool
	sip     bool   // has SIP devices
	fxs     bool   // has an FXS port
	forward string // the number calls are forwarded to; "" when not forwarded
	// The numbers calls go on to when the extension is busy or on
	// do-not-disturb, rang noAnswerRing without an answer, or has no
	// phone that can ring; "" leaves that condition off.
	busyTo, noAnswerTo, unreachableTo string
	noAnswerRing                      time.Duration
}

type rule struct {
	id       int64
	name     string
	prefix   string
	strip    int
	prepend  string
	level    int
	priority int
	lines    []line          // the rule's own trunk first, then its rule lines by position
	only     map[string]bool // the extension numbers the rule is kept for; nil: every extension
}

// line is one way out of the box: a SIP trunk, an FXO line or a GSM module.
type line struct {
	kind    string // a call.Target kind: "trunk", "fxo" or "gsm"
	name    string
	enabled bool
	country string // an FXO line's, whose exchange takes numbers in its national form
}

// load reads a snapshot from the store: the revision first, then the whole
// configuration in one consistent read, so that the snapshot holds at least
// that revision.
func load(ctx context.Context, st *store.Store) (*config, error) {
	rev, err := st.Revision(ctx)
	if err != nil {
		return nil, fmt.Errorf("dialplan: %w", err)
	}
	doc, err := st.Export(ctx)
	if err != nil {
		return nil, fmt.Errorf("dialplan: %w", err)
	}
	cfg, err := build(doc)
	if err != nil {
		return nil, err
	}
	cfg.revision = rev
	return cfg, nil
}

// build prepares a snapshot from an exported configuration, checking what
// the store's constraints do not.
func build(doc *store.Config) (*config, error) {
	cfg := &config{exts: map[string]extension{}, fxsPorts: map[int]string{}}
	byID := map[int64]*extension{}
	for _, e := range doc.Extensions {
		level, ok := levels[e.Outbound]
		if !ok {
			return nil, fmt.Errorf("dialplan: extension %s has the unknown outbound level %q", e.Number, e.Outbound)
		}
		byID[e.ID] = &extension{id: e.ID, number: e.Number, level: level, dnd: e.DND}
	}
	for _, f := range doc.ExtensionForwards {
		x := byID[f.ExtensionID]
		if x == nil {
			continue
		}
		if f.Enabled {
			x.forward = f.Number
		}
		x.busyTo, x.noAnswerTo, x.unreachableTo = f.Busy, f.NoAnswer, f.Unreachable
		x.noAnswerRing = time.Duration(f.NoAnswerSecs) * time.Second
	}
	for _, d := range doc.SIPDevices {
		if x := byID[d.ExtensionID]; x != nil {
			x.sip = true
		}
	}
	for _, p := range doc.FXSPorts {
		if p.ExtensionID == nil {
			continue
		}
		if x := byID[*p.ExtensionID]; x != nil {
			x.fxs = true
			cfg.fxsPorts[p.Port] = x.number
		}
	}
	for _, x := range byID {
		cfg.exts[x.number] = *x
	}
	lines := knownLines(doc)
	ruleLines := map[int64][]store.OutboundRuleLine{}
	for _, l := range doc.OutboundRuleLines {
		ruleLines[l.RuleID] = append(ruleLines[l.RuleID], l)
	}
	only := map[int64]map[string]bool{} // rule ID -> the extensions it is kept for
	for _, re := range doc.OutboundRuleExtensions {
		if x := byID[re.ExtensionID]; x != nil {
			if only[re.RuleID] == nil {
				only[re.RuleID] = map[string]bool{}
			}
			only[re.RuleID][x.number] = true
		}
	}
	for _, r := range doc.OutboundRules {
		level, ok := levels[r.Level]
		if !ok || level == 0 {
			return nil, fmt.Errorf("dialplan: outbound rule %q has the unknown level %q", r.Name, r.Level)
		}
		ru := rule{id: r.ID, name: r.Name, prefix: r.Prefix, strip: r.Strip, prepend: r.Prepend, level: level, priority: r.Priority, only: only[r.ID]}
		if r.SIPTrunkID != nil {
			l, err := lines.trunk(r.Name, *r.SIPTrunkID)
			if err != nil {
				return nil, err
			}
			ru.lines = append(ru.lines, l)
		}
		rls := ruleLines[r.ID]
		slices.SortFunc(rls, func(a, b store.OutboundRuleLine) int { return cmp.Compare(a.Position, b.Position) })
		for _, rl := range rls {
			l, err := lines.of(r.Name, rl)
			if err != nil {
				return nil, err
			}
			ru.lines = append(ru.lines, l)
		}
		cfg.rules = append(cfg.rules, ru)
	}
	slices.SortFunc(cfg.rules, func(a, b rule) int {
		return cmp.Or(cmp.Compare(len(b.prefix), len(a.prefix)), cmp.Compare(a.priority, b.priority), cmp.Compare(a.id, b.id))
	})
	return cfg, nil
}
