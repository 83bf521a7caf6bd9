package webui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// The store's foreign keys guard what routes refer to by ID; scenarios
// refer to things inside their JSON documents, where the store cannot
// see. unlessReferenced guards those deletions, and names every scenario
// element and route that still refers to the record.

// maxReferrersShown bounds the referrers a refusal lists.
const maxReferrersShown = 5

// unlessReferenced wraps the DELETE handler next of records of kind: when
// a scenario element or an inbound route still refers to the record in
// the path, the deletion is refused with 409 naming them, and nothing is
// deleted.
func (s *Server) unlessReferenced(kind scenario.RefKind, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		ctx := r.Context()
		what, who, err := s.referrers(ctx, kind, id)
		if errors.Is(err, store.ErrNotFound) {
			next(w, r) // it answers 404 as it always did
			return
		}
		if err != nil {
			s.internalError(w, r, err)
			return
		}
		if len(who) > 0 {
			writeConflictNaming(w, "", what+" is still used by", who, "change or delete them first")
			return
		}
		next(w, r)
	}
}

// writeConflictNaming answers 409 on field: "<lead> <the first few of
// who>: <then>".
func writeConflictNaming(w http.ResponseWriter, field, lead string, who []string, then string) {
	shown := who[:min(len(who), maxReferrersShown)]
	msg := lead + " " + strings.Join(shown, "; ")
	if len(who) > len(shown) {
		msg += fmt.Sprintf(" and %d more", len(who)-len(shown))
	}
	writeError(w, http.StatusConflict, msg+": "+then, field)
}

// referrers returns the record id of kind in words ("extension 101") and
// the scenario elements and routes that refer to it.
func (s *Server) referrers(ctx context.Context, kind scenario.RefKind, id int64) (what string, who []string, err error) {
	cfg, err := s.st.Export(ctx)
	if err != nil {
		return "", nil, err
	}
	key := strconv.FormatInt(id, 10)
	kinds := []scenario.RefKind{kind}
	switch kind {
	case scenario.RefExtension:
		ext, err := s.st.Extensions().Get(ctx, id)
		if err != nil {
			return "", nil, err
		}
		key, what = ext.Number, "extension "+ext.Number
		if !hasMailboxRow(cfg, ext.Number) { // its voicemail box goes with it
			kinds = append(kinds, scenario.RefMailbox)
		}
	case scenario.RefMailbox:
		box, err := s.st.Mailboxes().Get(ctx, id)
		if err != nil {
			return "", nil, err
		}
		key, what = box.Number, "mailbox "+box.Number
		for _, e := range cfg.Extensions {
			if e.Number == box.Number && e.Voicemail {
				return what, nil, nil // the extension's own box stays
			}
		}
	case scenario.RefTrunk:
		t, err := s.st.SIPTrunks().Get(ctx, id)
		if err != nil {
			return "", nil, err
		}
		key, what = t.Name, fmt.Sprintf("SIP trunk %q", t.Name)
	case scenario.RefScenario:
		sc, err := s.st.Scenarios().Get(ctx, id)
		if err != nil {
			return "", nil, err
		}
		what = fmt.Sprintf("scenario %q", sc.Name)
	case scenario.RefSchedule:
		sc, err := s.st.Schedules().Get(ctx, id)
		if err != nil {
			return "", nil, err
		}
		what = fmt.Sprintf("schedule %q", sc.Name)
	case scenario.RefPrompt:
		p, err := s.st.Prompts().Get(ctx, id)
		if err != nil {
			return "", nil, err
		}
		what = fmt.Sprintf("prompt %q", p.Name)
	default:
		what = fmt.Sprintf("%s %d", kind, id)
	}
	skip := int64(0)
	if kind == scenario.RefScenario {
		skip = id // its own jumps go with it
	}
	who = scenarioReferrers(cfg, kinds, key, skip)
	switch kind {
	case scenario.RefExtension:
		who = append(who, groupReferrers(cfg, key)...)
		who = append(who, extensionPorts(cfg, id)...)
		who = append(who, extensionNumberUsers(cfg, key, id)...)
	case scenario.RefPrompt:
		for _, q := range cfg.CallQueues {
			if q.MusicPromptID != nil && *q.MusicPromptID == id {
				who = append(who, fmt.Sprintf("queue %q, music_prompt_id", q.Name))
			}
		}
		for _, b := range cfg.Mailboxes {
			if b.GreetingPromptID != nil && *b.GreetingPromptID == id {
				who = append(who, fmt.Sprintf("mailbox %s, greeting_prompt_id", b.Number))
			}
		}
	}
	mailboxGoes := slices.Contains(kinds, scenario.RefMailbox)
	return what, append(who, routeReferrers(cfg, kind, key, id, mailboxGoes)...), nil
}

// scenarioReferrers returns the elements of the stored scenarios, but for
// the one numbered skip, that refer to key as one of kinds.
func scenarioReferrers(cfg *store.Config, kinds []scenario.RefKind, key string, skip int64) []string {
	var who []string
	for _, sc := range cfg.Scenarios {
		if sc.ID == skip {
			continue
		}
		doc, err := scenario.Decode(sc.Document)
		if err != nil {
			continue // a document that does not decode runs nothing
		}
		for _, k := range kinds {
			for _, ref := range scenario.ReferencesTo(doc, k, key) {
				el := fmt.Sprintf("%q", ref.Element)
				if ref.Label != "" {
					el += " (" + ref.Label + ")"
				}
				who = append(who, fmt.Sprintf("scenario %q element %s, %s", sc.Name, el, ref.Field))
			}
		}
	}
	return who
}

// groupReferrers returns the stored ring groups and queues that the
// extension number is a member or agent of.
func groupReferrers(cfg *store.Config, number string) []string {
	var who []string
	for _, g := range cfg.RingGroups {
		if slices.Contains(store.ExtensionNumbers(g.Members), number) {
			who = append(who, fmt.Sprintf("ring group %q, members", g.Name))
		}
	}
	for _, q := range cfg.CallQueues {
		if slices.Contains(store.ExtensionNumbers(q.Agents), number) {
			who = append(who, fmt.Sprintf("queue %q, agents", q.Name))
		}
	}
	return who
}

// extensionPorts returns what holds extension id by its record id: the
// FXS ports that ring it and the outbound rules that name it among their
// users. They follow the extension when its number changes.
func extensionPorts(cfg *store.Config, id int64) []string {
	var who []string
	for _, p := range cfg.FXSPorts {
		if p.ExtensionID != nil && *p.ExtensionID == id {
			who = append(who, fmt.Sprintf("FXS port %d, extension_id", p.Port))
		}
	}
	rules := map[int64]string{}
	for _, r := range cfg.OutboundRules {
		rules[r.ID] = r.Name
	}
	for _, x := range cfg.OutboundRuleExtensions {
		if x.ExtensionID == id {
			who = append(who, fmt.Sprintf("outbound rule %q, extensions", rules[x.RuleID]))
		}
	}
	return who
}

// extensionNumberUsers returns what dials extension id by its number
// without a word: the FXS ports that dial it on off-hook and the other
// extensions that forward calls to it.
func extensionNumberUsers(cfg *store.Config, number string, id int64) []string {
	var who []string
	for _, p := range cfg.FXSPorts {
		if p.Hotline == number {
			who = append(who, fmt.Sprintf("FXS port %d, hotline", p.Port))
		}
	}
	numbers := map[int64]string{}
	for _, e := range cfg.Extensions {
		numbers[e.ID] = e.Number
	}
	for _, f := range cfg.ExtensionForwards {
		if f.ExtensionID == id {
			continue // its own forwarding goes with it
		}
		for _, c := range []struct{ number, field string }{
			{f.Number, "number"}, {f.Busy, "busy"}, {f.NoAnswer, "no_answer"}, {f.Unreachable, "unreachable"},
		} {
			if c.number == number {
				who = append(who, fmt.Sprintf("extension %s forwarding, %s", numbers[f.ExtensionID], c.field))
			}
		}
	}
	return who
}

// routeReferrers returns the inbound routes whose fields or options refer
// to the record id, named key, of kind; mailboxGoes says that the mailbox
// numbered key goes with it.
func routeReferrers(cfg *store.Config, kind scenario.RefKind, key string, id int64, mailboxGoes bool) []string {
	names := map[int64]string{}
	var who []string
	is := func(p *int64) bool { return p != nil && *p == id }
	for _, rt := range cfg.InboundRoutes {
		names[rt.ID] = rt.Name
		var fields []string
		switch kind {
		case scenario.RefScenario:
			if rt.ScenarioID == id {
				fields = append(fields, "scenario_id")
			}
		case scenario.RefSchedule:
			if is(rt.ScheduleID) {
				fields = append(fields, "schedule_id")
			}
		case scenario.RefPrompt:
			if is(rt.GreetingPromptID) {
				fields = append(fields, "greeting_prompt_id")
			}
		case scenario.RefTrunk:
			if is(rt.SIPTrunkID) {
				fields = append(fields, "sip_trunk_id")
			}
		}
		for _, f := range fields {
			who = append(who, fmt.Sprintf("inbound route %q, %s", rt.Name, f))
		}
	}
	for _, o := range cfg.RouteOptions {
		var fields []string
		switch {
		case kind == scenario.RefScenario && is(o.AfterHoursScenarioID) && o.AfterHoursAction == store.AfterHoursScenario:
			fields = append(fields, "after_hours_scenario_id")
		case mailboxGoes && o.AfterHoursAction == store.AfterHoursVoicemail && o.AfterHoursMailbox == key:
			fields = append(fields, "after_hours_mailbox")
		case kind == scenario.RefPrompt:
			for _, p := range []struct {
				id    *int64
				field string
			}{
				{o.RecordingWarningPromptID, "recording_warning_prompt_id"},
				{o.WaitingPromptID, "waiting_prompt_id"},
				{o.HoldPromptID, "hold_prompt_id"},
				{o.VoicemailGreetingPromptID, "voicemail_greeting_prompt_id"},
			} {
				if is(p.id) {
					fields = append(fields, p.field)
				}
			}
		}
		for _, f := range fields {
			who = append(who, fmt.Sprintf("inbound route %q options, %s", names[o.RouteID], f))
		}
	}
	return who
}

// hasMailboxRow reports whether the mailbox number has a row of its own.
func hasMailboxRow(cfg *store.Config, number string) bool {
	for _, b := range cfg.Mailboxes {
		if b.Number == number {
			return true
		}
	}
	return false
}
