package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// The lab end-to-end tests of the box's lines: the PSTN exchange rings an
// FXO line into a scenario (the second flow), and extensions call
// out through GSM modules and an FXO line under one outbound rule (the
// fourth).

// pstnCaller is the caller ID the exchange sends in the second flow.
const pstnCaller = "+74951234567"

// alwaysOpen is a schedule document that is working at any time.
const alwaysOpen = `{"version": 1, "intervals": [{"name": "working", "ranges": [
 {"days": ["mon","tue","wed","thu","fri","sat","sun"], "from": "00:00", "to": "24:00"}]}],
 "default": "working"}`

// cityLineScenario is the second flow's scenario: in working hours a voice
// menu sends key 1 to a ring group of extension 101.
const cityLineScenario = `{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "hours"}},
 {"id": "hours", "type": "schedule", "params": {"schedule_id": %d, "intervals": ["working", "non-working"]},
  "next": {"working": "menu", "non-working": "closed"}},
 {"id": "closed", "type": "hangup"},
 {"id": "menu", "type": "menu", "params": {"prompt": {"text": "Press one for the office."}, "keys": ["1"], "timeout": 10, "repeats": 2},
  "next": {"1": "office", "no_input": "closed", "invalid": "menu"}},
 {"id": "office", "type": "group", "label": "Office", "params": {"members": ["101"], "strategy": "all", "total": 30},
  "next": {"next": "closed"}}
]}`

// lineOffice is extension 101 Alice on FXS port 1 and 102 Bob on port 2,
// Russian ports with ETSI caller ID after the first ring, both allowed
// national calls; FXO line 1 "City" and 2 "Spare"; GSM modules "GSM 1" and
// "GSM 2". It returns the store's IDs of the lines by slot name (fxo1,
// gsm2, ...).
func lineOffice(ctx context.Context, st *store.Store) (map[string]int64, error) {
	ids := map[string]int64{}
	if err := addOfficePhones(ctx, st, 2, store.OutboundNational, store.CallerIDETSIAfterRing); err != nil {
		return nil, err
	}
	for i, name := range []string{"City", "Spare"} {
		l := store.FXOLine{Port: i + 1, Name: name, Country: "RU", Enabled: true}
		if err := st.FXOLines().Create(ctx, &l); err != nil {
			return nil, err
		}
		ids[fmt.Sprintf("fxo%d", i+1)] = l.ID
	}
	for i := range 2 {
		g := store.GSMModule{Slot: i + 1, Name: fmt.Sprintf("GSM %d", i+1), Enabled: true}
		if err := st.GSMModules().Create(ctx, &g); err != nil {
			return nil, err
		}
		ids[fmt.Sprintf("gsm%d", i+1)] = g.ID
	}
	return ids, nil
}

// cityLineOffice is lineOffice with the second flow's scenario on FXO line
// 1's inbound route.
func cityLineOffice(ctx context.Context, st *store.Store) error {
	ids, err := lineOffice(ctx, st)
	if err != nil {
		return err
	}
	hours := store.Schedule{Name: "Always", TimeZone: "Europe/Moscow", Document: json.RawMessage(alwaysOpen)}
	if err := st.Schedules().Create(ctx, &hours); err != nil {
		return err
	}
	sc := store.Scenario{Name: "City line", Document: json.RawMessage(fmt.Sprintf(cityLineScenario, hours.ID))}
	if err := st.Scenarios().Create(ctx, &sc); err != nil {
		return err
	}
	city := ids["fxo1"]
	return st.InboundRoutes().Create(ctx, &store.InboundRoute{Name: "City line", Source: store.SourceFXO, FXOLineID: &city, ScenarioID: sc.ID})
}

// TestE2ELabPSTNCall is the second flow: the PSTN rings FXO line 1
// with caller ID +74951234567; the line's scenario (schedule, voice menu,
// key 1 to a ring group) rings FXS port 1, which shows that number; it
// answers and hears the caller; the exchange hangs up by playing busy tone
// only, and the call ends within 3 s.
func TestE2ELabPSTNCall(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, cityLineOffice)

	b.act(t, "lines/fxo1/ring", lab.RingRequest{CallerID: pstnCaller})
	// The menu answers the line (the exchange's ring trip) and speaks.
	b.waitLine(t, "fxo1", "the box answering", 15*time.Second, func(l lab.LineState) bool { return l.State == "talking" && l.Seized })
	b.act(t, "lines/fxo1/dtmf", map[string]string{"digits": "1"})

	phone := b.waitPhone(t, "fxs1", "ringing with caller ID", 15*time.Second, func(p lab.PhoneState) bool {
		return p.Ringing && p.CallerID != nil && p.Rings >= 1
	})
	if phone.CallerID.Number != pstnCaller {
		t.Errorf("fxs1 shows caller ID %+v; want %s", *phone.CallerID, pstnCaller)
	}
	b.act(t, "phones/fxs1/offhook", nil)

	// The line and the phone talk: a tone from the caller reaches the phone.
	b.act(t, "lines/fxo1/tone", map[string]any{"hz": 1000, "dbm0": -10, "ms": 4000})
	b.waitPhone(t, "fxs1", "the caller's 1 kHz tone", 5*time.Second, func(p lab.PhoneState) bool {
		return p.ToneHz != nil && math.Abs(*p.ToneHz-1000) < 5
	})
	// Wait for the tone to end, so that what the phone hears next is the
	// busy tone the line passes on until the box releases it, or silence.
	b.waitPhone(t, "fxs1", "the tone's end", 8*time.Second, func(p lab.PhoneState) bool { return p.ToneHz == nil })

	hungUp := time.Now()
	b.act(t, "lines/fxo1/hangup", map[string]string{"how": lab.HangupBusy})
	const within = 3 * time.Second
	b.waitLine(t, "fxo1", "the box releasing the line", within+2*time.Second, func(l lab.LineState) bool { return !l.Seized })
	released := time.Since(hungUp)
	t.Logf("the box released the line %v after the exchange's busy tone began", released.Round(10*time.Millisecond))
	if released > within {
		t.Errorf("the box released the line %v after the exchange's busy tone began; want within %v", released.Round(10*time.Millisecond), within)
	}
	b.waitPhone(t, "fxs1", "busy tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsBusy })
	b.act(t, "phones/fxs1/onhook", nil)

	r := b.waitRecords(t, 1)[0]
	if r.Source != "fxo/1" || r.Caller != pstnCaller || r.Destination != "fxs/1" || r.Direction != call.DirectionInbound || r.AnsweredAt.IsZero() {
		t.Errorf("call record %s; want inbound fxo/1 %s answered on fxs/1", describe(r), pstnCaller)
	}
	if d := r.EndedAt.Sub(hungUp); d > within {
		t.Errorf("the call record ended %v after the exchange hung up; want within %v", d.Round(10*time.Millisecond), within)
	}
	want := []string{"in:next", "hours:working", "menu:1"}
	if got := recordPath(t, r); len(got) < len(want) || !slices.Equal(got[:len(want)], want) || !slices.ContainsFunc(got, isStep("office")) {
		t.Errorf("call path %q; want %q, then the office group", got, want)
	}
}

// mobileRule is the fourth flow's outbound rule: mobile numbers (89...)
// out through GSM 1, then GSM 2, then FXO line 1, written as E.164
// (+79...). The dial plan gives the FXO line the national form (89...),
// since a PSTN line knows no "+".
func mobileRule(ctx context.Context, st *store.Store) error {
	ids, err := lineOffice(ctx, st)
	if err != nil {
		return err
	}
	r := store.OutboundRule{Name: "Mobile", Prefix: "89", Strip: 1, Prepend: "+7", Level: store.OutboundNational, Priority: 10}
	if err := st.OutboundRules().Create(ctx, &r); err != nil {
		return err
	}
	gsm1, gsm2, fxo1 := ids["gsm1"], ids["gsm2"], ids["fxo1"]
	var errs []error
	for _, l := range []store.OutboundRuleLine{{Position: 1, GSMModuleID: &gsm1}, {Position: 2, GSMModuleID: &gsm2}, {Position: 3, FXOLineID: &fxo1}} {
		l.RuleID = r.ID
		errs = append(errs, st.OutboundRuleLines().Create(ctx, &l))
	}
	return errors.Join(errs...)
}

// TestE2ELabOutboundLines is the fourth flow: an extension dials a
// mobile number and the rule takes GSM 1; with GSM 1 busy in a call, GSM
// 2; with both modules off the network, FXO line 1.
func TestE2ELabOutboundLines(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, mobileRule)
	b.waitWorld(t, "both modules registered", 15*time.Second, func(s lab.State) bool {
		return gsmIn(t, s, "gsm1").Registered && gsmIn(t, s, "gsm2").Registered
	})

	// GSM 1 takes the first call (# ends the number), and the network
	// answers it.
	b.dial(t, "fxs1", "89161110001#")
	b.waitWorld(t, "GSM 1 dialling +79161110001", 10*time.Second, func(s lab.State) bool {
		return outCall(gsmIn(t, s, "gsm1"), "+79161110001")
	})
	b.answerGSM(t, "gsm1", "fxs1")

	// GSM 1 is busy: the second call goes out through GSM 2.
	b.dial(t, "fxs2", "89161110002#")
	s := b.waitWorld(t, "GSM 2 dialling +79161110002", 10*time.Second, func(s lab.State) bool {
		return outCall(gsmIn(t, s, "gsm2"), "+79161110002")
	})
	if g := gsmIn(t, s, "gsm1"); !slices.Equal(g.Dialled, []string{"+79161110001"}) {
		t.Errorf("GSM 1 dialled %q; want only the first call's number", g.Dialled)
	}
	b.answerGSM(t, "gsm2", "fxs2")
	for _, slot := range []string{"fxs2", "fxs1"} {
		b.act(t, "phones/"+slot+"/onhook", nil)
	}
	b.waitWorld(t, "both GSM calls over", 10*time.Second, func(s lab.State) bool {
		return len(gsmIn(t, s, "gsm1").Calls) == 0 && len(gsmIn(t, s, "gsm2").Calls) == 0
	})

	// Both modules off the network: the third call takes FXO line 1.
	for _, slot := range []string{"gsm1", "gsm2"} {
		b.act(t, "gsm/"+slot+"/register", map[string]int{"stat": 0})
	}
	b.waitWorld(t, "both modules unregistered", 5*time.Second, func(s lab.State) bool {
		return !gsmIn(t, s, "gsm1").Registered && !gsmIn(t, s, "gsm2").Registered
	})
	for slot := range 2 {
		re := regexp.MustCompile(fmt.Sprintf(`msg="gsm: registration".* slot=%d state="not registered"`, slot+1))
		b.waitLog(t, fmt.Sprintf("the GSM channel seeing module %d off the network", slot+1), re, 10*time.Second)
	}
	// The exchange takes the number 3 s after its last digit; the remote
	// party answers at once.
	b.act(t, "lines/fxo1/settings", map[string]int{"answer_after_ms": 0})
	b.dial(t, "fxs1", "89161110003#")
	line := b.waitLine(t, "fxo1", "the call on FXO line 1 answered", 20*time.Second, func(l lab.LineState) bool {
		return l.State == "talking"
	})
	if line.Dialled != "89161110003" {
		t.Errorf("FXO line 1 dialled %q; want 89161110003, the national form", line.Dialled)
	}
	b.act(t, "phones/fxs1/onhook", nil)
	b.waitLine(t, "fxo1", "the box releasing FXO line 1", 5*time.Second, func(l lab.LineState) bool { return !l.Seized })

	s = b.world(t)
	for slot, want := range map[string][]string{"gsm1": {"+79161110001"}, "gsm2": {"+79161110002"}} {
		if g := gsmIn(t, s, slot); !slices.Equal(g.Dialled, want) {
			t.Errorf("%s dialled %q; want %q", slot, g.Dialled, want)
		}
	}
	recs := b.waitRecords(t, 3)
	byCallee := map[string]store.CallRecord{}
	for _, r := range recs {
		byCallee[r.Callee] = r
	}
	for _, w := range []struct{ callee, source, destination string }{
		{"89161110001", "fxs/1", "gsm/1"},
		{"89161110002", "fxs/2", "gsm/2"},
		{"89161110003", "fxs/1", "fxo/1"},
	} {
		r, ok := byCallee[w.callee]
		if !ok || r.Source != w.source || r.Destination != w.destination || r.Direction != call.DirectionOutbound || r.AnsweredAt.IsZero() {
			t.Errorf("call record for %s: %s; want outbound from %s answered on %s", w.callee, describe(r), w.source, w.destination)
		}
	}
}

// answerGSM makes the network's called party answer the outgoing call on
// module and waits until a tone from the phone on slot reaches it: the box
// has seen the answer and bridged the call (a caller's audio goes to the
// called party only once it answered).
func (b *labBox) answerGSM(t *testing.T, module, slot string) {
	t.Helper()
	b.act(t, "gsm/"+module+"/answer", nil)
	b.act(t, "phones/"+slot+"/tone", map[string]any{"hz": 1000, "dbm0": -10, "ms": 5000})
	b.waitWorld(t, module+" hearing the 1 kHz tone of "+slot, 6*time.Second, func(s lab.State) bool {
		h := gsmIn(t, s, module).Hearing
		return h.ToneHz != nil && math.Abs(*h.ToneHz-1000) < 5
	})
}

// waitWorld waits until the lab's state is as cond wants and returns it.
func (b *labBox) waitWorld(t *testing.T, what string, d time.Duration, cond func(lab.State) bool) lab.State {
	t.Helper()
	s, ok := b.poll(t, d, cond)
	if !ok {
		t.Fatalf("%s not seen within %v", what, d)
	}
	return s
}

// waitLine waits until the PSTN line on slot is as cond wants and returns
// it.
func (b *labBox) waitLine(t *testing.T, slot, what string, d time.Duration, cond func(lab.LineState) bool) lab.LineState {
	t.Helper()
	var l lab.LineState
	if _, ok := b.poll(t, d, func(s lab.State) bool { l = lineIn(t, s, slot); return cond(l) }); !ok {
		t.Fatalf("%s: %s not seen within %v; last state %+v", slot, what, d, l)
	}
	return l
}

// poll reads the lab's state until cond holds, for at most d, and reports
// whether it did.
func (b *labBox) poll(t *testing.T, d time.Duration, cond func(lab.State) bool) (lab.State, bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := b.world(t)
		if cond(s) {
			return s, true
		}
		if time.Now().After(deadline) {
			return s, false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// outCall reports whether the module has an outgoing call to number.
func outCall(g lab.GSMState, number string) bool {
	return slices.ContainsFunc(g.Calls, func(c lab.GSMCall) bool { return c.Direction == "out" && c.Number == number })
}

// recordPath returns the scenario path of a call record as
// "element:outcome" steps.
func recordPath(t *testing.T, r store.CallRecord) []string {
	t.Helper()
	var d struct {
		Path []call.PathStep `json:"path"`
	}
	if err := json.Unmarshal(r.Details, &d); err != nil {
		t.Fatalf("call record details %s: %v", r.Details, err)
	}
	var out []string
	for _, s := range d.Path {
		out = append(out, s.Step+":"+s.Outcome)
	}
	return out
}

// isStep returns a match for path steps of element id.
func isStep(id string) func(string) bool {
	return func(s string) bool { return len(s) > len(id) && s[:len(id)+1] == id+":" }
}
