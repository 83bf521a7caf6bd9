package scenario

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// forwardOffice is baseConfig with the trunk enabled, 101 allowed to call
// national numbers (an outbound rule: 8 -> +7, on the trunk), 103 left
// internal only, and the forwards given, keyed by extension number.
func forwardOffice(forwards map[string]store.ExtensionForward) *store.Config {
	cfg := baseConfig()
	cfg.SIPTrunks[0].Enabled = true
	cfg.Extensions[0].Outbound = store.OutboundNational
	cfg.OutboundRules = []store.OutboundRule{{ID: 1, Name: "Long distance", Prefix: "8", Strip: 1, Prepend: "+7",
		Level: store.OutboundNational, SIPTrunkID: ptr(int64(1))}}
	for _, e := range cfg.Extensions {
		if f, ok := forwards[e.Number]; ok {
			f.ExtensionID = e.ID
			cfg.ExtensionForwards = append(cfg.ExtensionForwards, f)
		}
	}
	return cfg
}

// ringScenario rings ext for 20 s and hangs up when nobody answered.
func ringScenario(ext string) string {
	return doc(`{"id": "in", "type": "incoming", "next": {"next": "ring"}}`,
		`{"id": "ring", "type": "internal", "params": {"extension": "`+ext+`", "ring_time": 20}, "next": {"next": "bye"}}`, bye)
}

// mobile is the outside number of the forwards, and the trunk address the
// outbound rule dials it at.
const (
	mobile      = "89161234567"
	mobileTrunk = "Provider/+79161234567"
)

// TestInternalFollowsForwards: an internal subscriber element follows the
// rung extension's forwards as the dial plan does: forward always (to an
// extension or an outside number through the outbound rules), on busy, on
// do-not-disturb, when unreachable, and on no answer after the extension's
// own ring time, once and not further; a forward the outbound rules refuse
// ends the element as not answered, as does a condition without a
// forward. The call's path names the forward followed. A dry run of each
// call, its phones behaving alike, takes the same path and rings the same
// targets in the same order.
func TestInternalFollowsForwards(t *testing.T) {
	t.Parallel()
	const sec = time.Second
	answers := calltest.Phone{AnswerAfter: sec}
	tests := []struct {
		name     string
		ext      string
		forwards map[string]store.ExtensionForward
		dnd      bool
		phones   map[string]calltest.Phone // by "kind/address"; others never answer
		want     []string                  // the path
		rung     []rung                    // every target dialled, in order
		cause    string                    // ring_cause: why the last one rung did not answer
		event    string                    // an event the dry run notes, at its end
	}{
		{name: "forward always to an extension", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {Enabled: true, Number: "102"}},
			phones:   map[string]calltest.Phone{"sip/101": answers, "sip/102": answers},
			want:     []string{"in:next", "forward:extension 101 forwards to 102: extension 102", "ring:answered"},
			rung:     []rung{{0, "sip/102"}}},
		{name: "forward always to an outside number", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {Enabled: true, Number: mobile}},
			phones:   map[string]calltest.Phone{"trunk/" + mobileTrunk: answers},
			want:     []string{"in:next", `forward:extension 101 forwards to ` + mobile + `: outbound rule "Long distance"`, "ring:answered"},
			rung:     []rung{{0, "trunk/" + mobileTrunk}}},
		{name: "one hop only", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {Enabled: true, Number: "102"}, "102": {Enabled: true, Number: "103"}},
			phones:   map[string]calltest.Phone{"sip/103": answers},
			want:     []string{"in:next", "forward:extension 101 forwards to 102: extension 102", "ring:next", "bye:normal"},
			rung:     []rung{{0, "sip/102"}}, cause: "no_answer"},
		{name: "do-not-disturb", ext: "101", dnd: true,
			phones: map[string]calltest.Phone{"sip/101": answers},
			want:   []string{"in:next", "ring:next", "bye:normal"}, cause: "busy"},
		{name: "do-not-disturb with a forward on busy", ext: "101", dnd: true,
			forwards: map[string]store.ExtensionForward{"101": {Busy: "102"}},
			phones:   map[string]calltest.Phone{"sip/101": answers, "sip/102": answers},
			want:     []string{"in:next", "forward:extension 101 is on do-not-disturb and forwards to 102: extension 102", "ring:answered"},
			rung:     []rung{{0, "sip/102"}}},
		{name: "busy", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {Busy: "102"}},
			phones:   map[string]calltest.Phone{"sip/101": {Busy: true}, "sip/102": answers},
			want:     []string{"in:next", "forward:extension 101 is busy and forwards to 102: extension 102", "ring:answered"},
			rung:     []rung{{0, "sip/101"}, {0, "sip/102"}}, cause: "busy"},
		{name: "busy without a forward on busy", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {NoAnswer: "102", NoAnswerSecs: 5}},
			phones:   map[string]calltest.Phone{"sip/101": {Busy: true}, "sip/102": answers},
			want:     []string{"in:next", "ring:next", "bye:normal"},
			rung:     []rung{{0, "sip/101"}}, cause: "busy"},
		{name: "unreachable", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {Unreachable: mobile}},
			phones:   map[string]calltest.Phone{"sip/101": {Reject: call.CauseUnavailable}, "trunk/" + mobileTrunk: answers},
			want:     []string{"in:next", `forward:extension 101 is unreachable and forwards to ` + mobile + `: outbound rule "Long distance"`, "ring:answered"},
			rung:     []rung{{0, "sip/101"}, {0, "trunk/" + mobileTrunk}}, cause: "unavailable"},
		{name: "no answer after the extension's ring time", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {NoAnswer: "102", NoAnswerSecs: 5}},
			phones:   map[string]calltest.Phone{"sip/102": answers},
			want:     []string{"in:next", "forward:extension 101 did not answer and forwards to 102: extension 102", "ring:answered"},
			rung:     []rung{{0, "sip/101"}, {5 * sec, "sip/102"}}, cause: "no_answer", event: "+5s ring sip/101 for 5s: no answer"},
		{name: "no answer from the forward either", ext: "101",
			forwards: map[string]store.ExtensionForward{"101": {NoAnswer: "102", NoAnswerSecs: 30}},
			want:     []string{"in:next", "forward:extension 101 did not answer and forwards to 102: extension 102", "ring:next", "bye:normal"},
			rung:     []rung{{0, "sip/101"}, {30 * sec, "sip/102"}}, cause: "no_answer", event: "+50s ring sip/102 for 20s: no answer"},
		{name: "an outside forward refused", ext: "103",
			forwards: map[string]store.ExtensionForward{"103": {Enabled: true, Number: mobile}},
			phones:   map[string]calltest.Phone{"sip/103": answers, "trunk/" + mobileTrunk: answers},
			want: []string{"in:next", `forward:extension 103 forwards to ` + mobile + `: extension "103" may not call ` + mobile +
				`: its outbound level is below the rule "Long distance" needs`, "ring:next", "bye:normal"},
			cause: "rejected"},
		{name: "an outside forward on busy refused", ext: "103",
			forwards: map[string]store.ExtensionForward{"103": {Busy: mobile}},
			phones:   map[string]calltest.Phone{"sip/103": {Busy: true}, "trunk/" + mobileTrunk: answers},
			want: []string{"in:next", `forward:extension 103 is busy and forwards to ` + mobile + `: extension "103" may not call ` + mobile +
				`: its outbound level is below the rule "Long distance" needs`, "ring:next", "bye:normal"},
			rung: []rung{{0, "sip/103"}}, cause: "rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := forwardOffice(tt.forwards)
				cfg.Extensions[0].DND = tt.dnd
				o, path := run(t, cfg, ringScenario(tt.ext), func(o *office, caller *calltest.Leg) { o.set(tt.phones) })
				samePath(t, path, tt.want...)
				if got := o.rung(); !slices.Equal(got, tt.rung) {
					t.Errorf("rang %v; want %v", got, tt.rung)
				}
				if got := o.vars()[VarCause]; got != tt.cause {
					t.Errorf("ring_cause %q; want %q", got, tt.cause)
				}
				tr, err := o.eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did,
					At: tuesdayNoon, Phones: dryPhones(tt.phones)})
				if err != nil {
					t.Fatal(err)
				}
				samePath(t, tracePath(tr), path...)
				var want []string
				for _, r := range tt.rung {
					want = append(want, r.address)
				}
				if got := dryRung(tr); !slices.Equal(got, want) {
					t.Errorf("the dry run rang %q; want %q", got, want)
				}
				if tt.event != "" && !slices.ContainsFunc(tr.Events, func(e string) bool { return strings.HasSuffix(e, tt.event) }) {
					t.Errorf("the dry run's events %q do not say %q", tr.Events, tt.event)
				}
			})
		})
	}
}

// set makes the extensions' SIP phones and the outside mobile ring
// without answering, except as phones (by "sip/101", "trunk/Provider/...")
// say.
func (o *office) set(phones map[string]calltest.Phone) {
	for _, n := range []string{"101", "102", "103", "104", "105"} {
		o.sip.Set(n, never)
	}
	o.trunk.Set(mobileTrunk, never)
	for target, p := range phones {
		kind, addr, _ := strings.Cut(target, "/")
		map[string]*logDialer{"sip": o.sip, "trunk": o.trunk}[kind].Set(addr, p)
	}
}

// dryPhones returns the dry run's phones that behave as phones do.
func dryPhones(phones map[string]calltest.Phone) map[string]DryPhone {
	out := map[string]DryPhone{}
	for target, p := range phones {
		out[target] = DryPhone{AnswerAfter: p.AnswerAfter, Never: p.AnswerAfter == calltest.Never,
			Busy: p.Busy, Unavailable: p.Reject == call.CauseUnavailable}
	}
	return out
}

// dryRung returns the targets a dry run rang, in order, from its events
// ("ring sip/101 for 5s: no answer").
func dryRung(tr *Trace) []string {
	var out []string
	for _, e := range tr.Events {
		_, what, ok := strings.Cut(e, "s ring ")
		if !ok {
			continue
		}
		what, _, _ = strings.Cut(what, ":")
		what, _, _ = strings.Cut(what, " for ")
		out = append(out, strings.Fields(what)...)
	}
	return out
}

// rung returns what the office's SIP phones and trunk dialled, in order,
// as "sip/101" and "trunk/Provider/+7...".
func (o *office) rung() []rung {
	var out []rung
	for _, d := range o.sip.dials() {
		out = append(out, rung{d.at, "sip/" + d.address})
	}
	for _, d := range o.trunk.dials() {
		out = append(out, rung{d.at, "trunk/" + d.address})
	}
	slices.SortStableFunc(out, func(a, b rung) int { return cmp.Compare(a.at, b.at) })
	return out
}

// rung is one target dialled, when since the office started.
type rung struct {
	at      time.Duration
	address string
}

// vars returns the variables of the one call record there is.
func (o *office) vars() map[string]string {
	o.t.Helper()
	var d struct {
		Variables map[string]string `json:"variables"`
	}
	if err := json.Unmarshal(o.recs.All()[0].Details, &d); err != nil {
		o.t.Fatal(err)
	}
	return d.Variables
}

// TestMenuDialFollowsForwards: an extension dialled directly in a voice
// menu follows its forwards as an internal subscriber element does, and
// the dry run takes the same path.
func TestMenuDialFollowsForwards(t *testing.T) {
	t.Parallel()
	const sec = time.Second
	answers := calltest.Phone{AnswerAfter: sec}
	src := doc(`{"id": "in", "type": "incoming", "next": {"next": "m"}}`,
		`{"id": "m", "type": "menu", "params": {"prompt": {"prompt_id": 1}, "keys": ["1"], "direct_dial": true, "dial_ring_time": 10},
			"next": {"1": "bye", "no_input": "bye", "invalid": "bye", "dial_failed": "bye"}}`, bye)
	tests := []struct {
		name     string
		forwards map[string]store.ExtensionForward
		dnd      bool
		phones   map[string]calltest.Phone
		want     []string
		rung     []rung // after the caller typed 101, 2.5 s into the call
	}{
		{name: "forward always", forwards: map[string]store.ExtensionForward{"101": {Enabled: true, Number: "102"}},
			phones: map[string]calltest.Phone{"sip/101": answers, "sip/102": answers},
			want:   []string{"in:next", "forward:extension 101 forwards to 102: extension 102", "m:answered"},
			rung:   []rung{{0, "sip/102"}}},
		{name: "do-not-disturb with a forward on busy", dnd: true, forwards: map[string]store.ExtensionForward{"101": {Busy: mobile}},
			phones: map[string]calltest.Phone{"trunk/" + mobileTrunk: answers},
			want:   []string{"in:next", `forward:extension 101 is on do-not-disturb and forwards to ` + mobile + `: outbound rule "Long distance"`, "m:answered"},
			rung:   []rung{{0, "trunk/" + mobileTrunk}}},
		{name: "no answer", forwards: map[string]store.ExtensionForward{"101": {NoAnswer: "102", NoAnswerSecs: 5}},
			want: []string{"in:next", "forward:extension 101 did not answer and forwards to 102: extension 102", "m:dial_failed", "bye:normal"},
			rung: []rung{{0, "sip/101"}, {5 * sec, "sip/102"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := forwardOffice(tt.forwards)
				cfg.Extensions[0].DND = tt.dnd
				o, path := run(t, cfg, src, func(o *office, caller *calltest.Leg) {
					o.set(tt.phones)
					time.Sleep(sec / 2)
					caller.Presses("101")
				})
				samePath(t, path, tt.want...)
				got := o.rung()
				typed := 2500 * time.Millisecond // 101 pressed at 0.5 s, and the 2 s pause for more digits
				for i := range got {
					got[i].at -= typed
				}
				if !slices.Equal(got, tt.rung) {
					t.Errorf("rang %v; want %v", got, tt.rung)
				}
				tr, err := o.eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did,
					At: tuesdayNoon, Keys: map[string][]string{"m": {"101"}}, Phones: dryPhones(tt.phones)})
				if err != nil {
					t.Fatal(err)
				}
				samePath(t, tracePath(tr), path...)
			})
		})
	}
}

// TestGroupRingsMembersAsTheyAre: a ring group rings who is there and does
// not follow its members' forwards: 101 forwarding all its calls to 102
// still rings itself, and 103 on do-not-disturb with a forward on busy is
// skipped.
func TestGroupRingsMembersAsTheyAre(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		cfg := forwardOffice(map[string]store.ExtensionForward{"101": {Enabled: true, Number: "102"}, "103": {Busy: "104"}})
		cfg.Extensions[2].DND = true
		src := doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "group", "params": {"members": ["101", "103"], "strategy": "all", "total": 20}, "next": {"next": "bye"}}`, bye)
		o, path := run(t, cfg, src, func(o *office, caller *calltest.Leg) { o.set(nil) })
		samePath(t, path, "in:next", "g:next", "bye:normal")
		if got, want := o.rung(), []rung{{0, "sip/101"}}; !slices.Equal(got, want) {
			t.Errorf("rang %v; want %v", got, want)
		}
	})
}
