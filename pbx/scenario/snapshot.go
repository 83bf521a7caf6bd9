package scenario

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/store"
)

// snapshot is what calls need from one configuration revision. It is never
// changed once built, so calls share it without locks.
type snapshot struct {
	revision   int64
	exts       map[string]extension // by number
	lists      map[int64][]store.NumberListEntry
	scenarios  map[int64]*loaded
	routes     []store.InboundRoute
	trunks     map[int64]string             // SIP trunk ID -> name
	fxoPorts   map[int64]int                // FXO line ID -> port
	gsmSlots   map[int64]int                // GSM module ID -> slot
	fallback   *loaded                      // the default scenario: ring every extension on duty
	options    map[int64]store.RouteOptions // by route ID
	faxPorts   []call.Target                // the FXS ports in fax mode, by their extensions
	fxoCountry map[string]string            // FXO port (as in the channel "fxo/2") -> country
	country    string                       // the box's country setting
	crm        *CRMConfig                   // the CRM setting, when it is valid
	prompts    map[int64]store.Prompt       // by ID: what a dry run names and times
	groups     map[int64]*Group             // the stored ring groups, by ID
	queues     map[int64]*Queue             // the stored queues, by ID
	// dial says where calls to extensions go by their forwards, as the
	// dial plan decides it; nil when the dial plan cannot take this
	// configuration (dialErr says why): extensions then ring without
	// their forwards.
	dial    *dialplan.Extensions
	dialErr error
	// defaultTrunk is the trunk an after-hours forward uses when neither
	// the route nor the call names one: the first enabled, else the first.
	defaultTrunk string
}

// loaded is a scenario ready to run, or why it cannot.
type loaded struct {
	id    int64
	name  string
	doc   *Document
	byID  map[string]*Element
	entry *Element
	err   error // decode or validation failure: calls use the fallback
}

// extension is what ringing needs to know of an extension.
type extension struct {
	number    string
	dnd       bool
	onDuty    bool
	sip, fxs  bool
	mobile    string
	voicemail bool
	email     string
}

// targets returns what rings for the extension: its SIP phones and its FXS
// port.
func (x extension) targets() []call.Target {
	var ts []call.Target
	if x.sip {
		ts = append(ts, call.Target{Kind: "sip", Address: x.number})
	}
	if x.fxs {
		ts = append(ts, call.Target{Kind: "fxs", Address: x.number})
	}
	return ts
}

// buildSnapshot prepares a snapshot from an exported configuration. A
// scenario that does not decode or validate does not stop the others: its
// calls take the default scenario, and the error is kept for the log.
func buildSnapshot(ctx context.Context, cfg *store.Config, refs Refs) *snapshot {
	s := &snapshot{
		exts: map[string]extension{}, lists: map[int64][]store.NumberListEntry{},
		scenarios: map[int64]*loaded{}, routes: cfg.InboundRoutes, options: map[int64]store.RouteOptions{},
		trunks: map[int64]string{}, fxoPorts: map[int64]int{}, gsmSlots: map[int64]int{},
	}
	byID := map[int64]*extension{}
	for _, e := range cfg.Extensions {
		byID[e.ID] = &extension{number: e.Number, dnd: e.DND, onDuty: e.OnDuty, mobile: e.Mobile, voicemail: e.Voicemail, email: e.Email}
	}
	for _, d := range cfg.SIPDevices {
		if x := byID[d.ExtensionID]; x != nil {
			x.sip = true
		}
	}
	for _, p := range cfg.FXSPorts {
		if p.ExtensionID != nil {
			if x := byID[*p.ExtensionID]; x != nil {
				x.fxs = true
			}
		}
	}
	var members []string
	for _, e := range cfg.Extensions { // in ID order
		x := byID[e.ID]
		s.exts[x.number] = *x
		if x.onDuty && !x.dnd && (x.sip || x.fxs) {
			members = append(members, x.number)
		}
	}
	for _, e := range cfg.NumberListEntries {
		s.lists[e.ListID] = append(s.lists[e.ListID], e)
	}
	for _, l := range cfg.NumberLists {
		if _, ok := s.lists[l.ID]; !ok {
			s.lists[l.ID] = nil
		}
	}
	for _, t := range cfg.SIPTrunks {
		s.trunks[t.ID] = t.Name
		if s.defaultTrunk == "" && t.Enabled {
			s.defaultTrunk = t.Name
		}
	}
	if s.defaultTrunk == "" && len(cfg.SIPTrunks) > 0 {
		s.defaultTrunk = cfg.SIPTrunks[0].Name
	}
	for _, o := range cfg.RouteOptions {
		s.options[o.RouteID] = o
	}
	s.dial, s.dialErr = dialplan.NewExtensions(cfg)
	s.faxPorts = faxPorts(cfg)
	s.prompts = make(map[int64]store.Prompt, len(cfg.Prompts))
	for _, p := range cfg.Prompts {
		s.prompts[p.ID] = p
	}
	s.fxoCountry = map[string]string{}
	for _, l := range cfg.FXOLines {
		s.fxoPorts[l.ID] = l.Port
		s.fxoCountry[strconv.Itoa(l.Port)] = l.Country
	}
	s.country = settingString(cfg, countrySetting)
	s.crm = crmSetting(cfg)
	for _, g := range cfg.GSMModules {
		s.gsmSlots[g.ID] = g.Slot
	}
	s.groups, s.queues = map[int64]*Group{}, map[int64]*Queue{}
	for _, g := range cfg.RingGroups {
		s.groups[g.ID] = GroupOf(g)
	}
	for _, q := range cfg.CallQueues {
		s.queues[q.ID] = QueueOf(q)
	}
	for _, sc := range cfg.Scenarios {
		l := &loaded{id: sc.ID, name: sc.Name}
		l.doc, l.err = Decode(sc.Document)
		if l.err == nil {
			l.err = Validate(ctx, l.doc, refs)
		}
		if l.err == nil {
			l.index()
		}
		s.scenarios[sc.ID] = l
	}
	s.fallback = &loaded{name: "default", doc: DefaultDocument(members)}
	s.fallback.index()
	return s
}

// index fills byID and entry of a valid document.
func (l *loaded) index() {
	l.byID = map[string]*Element{}
	for i := range l.doc.Elements {
		e := &l.doc.Elements[i]
		l.byID[e.ID] = e
		if e.Type == KindIncoming {
			l.entry = e
		}
	}
}

// DefaultDocument is the scenario of an inbound call that no route takes,
// so that no call is ever lost: ring every extension in members at once
// for up to ten minutes, then hang up with no answer. With no members the
// caller is hung up on with unavailable.
func DefaultDocument(members []string) *Document {
	if len(members) == 0 {
		return &Document{Schema: SchemaVersion, Elements: []Element{
			{ID: "incoming", Type: KindIncoming, Label: "Incoming call", Params: &Incoming{}, Next: map[string]string{"next": "hangup"}},
			{ID: "hangup", Type: KindHangup, Label: "Nobody to ring", Params: &Hangup{Cause: "unavailable"}},
		}}
	}
	return &Document{Schema: SchemaVersion, Elements: []Element{
		{ID: "incoming", Type: KindIncoming, Label: "Incoming call", Params: &Incoming{}, Next: map[string]string{"next": "everyone"}},
		{ID: "everyone", Type: KindGroup, Label: "Every extension on duty",
			Params: &Group{Members: members, Strategy: StrategyAll, Total: MaxGroupWait}, Next: map[string]string{"next": "hangup"}},
		{ID: "hangup", Type: KindHangup, Label: "Nobody answered", Params: &Hangup{Cause: "no_answer"}},
	}}
}

// route picks the inbound route of a call that came in on channel (the
// caller's leg: "trunk/Provider", "fxo/2", "gsm/1") to the number called:
// a route for that DID (on that trunk, or on any), line or module first,
// then one for any source; the lowest ID wins among equals. ok is false
// when no route takes the call.
func (s *snapshot) route(channel, called string) (r store.InboundRoute, ok bool) {
	kind, port, _ := strings.Cut(channel, "/")
	n, _ := strconv.Atoi(port)
	var anyRoute *store.InboundRoute
	for i := range s.routes {
		rt := &s.routes[i]
		switch rt.Source {
		case store.SourceDID:
			if kind == "trunk" && sameNumber(rt.DID, called) && (rt.SIPTrunkID == nil || s.trunks[*rt.SIPTrunkID] == port) {
				return *rt, true
			}
		case store.SourceFXO:
			if kind == "fxo" && rt.FXOLineID != nil && s.fxoPorts[*rt.FXOLineID] == n {
				return *rt, true
			}
		case store.SourceGSM:
			if kind == "gsm" && rt.GSMModuleID != nil && s.gsmSlots[*rt.GSMModuleID] == n {
				return *rt, true
			}
		case store.SourceAny:
			if anyRoute == nil {
				anyRoute = rt
			}
		}
	}
	if anyRoute != nil {
		return *anyRoute, true
	}
	return store.InboundRoute{}, false
}

// scenarioFor returns the scenario of route, or the fallback with why.
func (s *snapshot) scenarioFor(id int64) (*loaded, error) {
	l := s.scenarios[id]
	switch {
	case l == nil:
		return s.fallback, fmt.Errorf("scenario: scenario %d does not exist", id)
	case l.err != nil:
		return s.fallback, fmt.Errorf("scenario: scenario %d (%s) cannot run: %w", id, l.name, l.err)
	}
	return l, nil
}

// sameNumber reports whether two phone numbers are the same, with or
// without a leading +.
func sameNumber(a, b string) bool {
	return a != "" && strings.TrimPrefix(a, "+") == strings.TrimPrefix(b, "+")
}

// extensionByEmail returns the number of the extension whose e-mail is
// email (case-insensitive), or "".
func (s *snapshot) extensionByEmail(email string) string {
	if email == "" {
		return ""
	}
	for n, x := range s.exts {
		if strings.EqualFold(x.email, email) {
			return n
		}
	}
	return ""
}

// startsExtension reports whether some extension's number starts with
// digits.
func (s *snapshot) startsExtension(digits string) bool {
	for n := range s.exts {
		if strings.HasPrefix(n, digits) {
			return true
		}
	}
	return false
}
