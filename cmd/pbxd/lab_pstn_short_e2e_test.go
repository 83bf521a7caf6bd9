package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// receptionScenario rings an extension for 30 s, then hangs up: the web
// UI's browser test of the call path uses the same for 101.
const receptionScenario = `{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "alice"}},
 {"id": "alice", "type": "internal", "params": {"extension": %q, "ring_time": 30}, "next": {"next": "bye"}},
 {"id": "bye", "type": "hangup"}
]}`

// receptionLine is lineOffice with receptionScenario for 101 on FXO line
// 1.
func receptionLine(ctx context.Context, st *store.Store) error {
	ids, err := lineOffice(ctx, st)
	if err != nil {
		return err
	}
	return routeLine(ctx, st, ids["fxo1"], "101")
}

// routeLine runs receptionScenario for ext on calls into FXO line id.
func routeLine(ctx context.Context, st *store.Store, id int64, ext string) error {
	sc := store.Scenario{Name: "Reception", Document: json.RawMessage(fmt.Sprintf(receptionScenario, ext))}
	if err := st.Scenarios().Create(ctx, &sc); err != nil {
		return err
	}
	return st.InboundRoutes().Create(ctx, &store.InboundRoute{Name: "City line", Source: store.SourceFXO, FXOLineID: &id, ScenarioID: sc.ID})
}

// TestE2ELabPSTNShortAnswer: the PSTN rings FXO line 1 into a scenario
// that rings FXS port 1; the phone is lifted and put down at once, before
// the box may have seized the line (shorter than the hook debounce, but
// long enough to trip the ring). The call ends on both sides within
// seconds, not when the scenario's ring time runs out, and its record is
// in the store: answered on fxs/1.
func TestE2ELabPSTNShortAnswer(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, receptionLine)

	b.act(t, "lines/fxo1/ring", lab.RingRequest{CallerID: pstnCaller})
	b.waitPhone(t, "fxs1", "ringing", 30*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	b.act(t, "phones/fxs1/offhook", nil)
	b.act(t, "phones/fxs1/onhook", nil)
	hungUp := time.Now()

	const within = 3 * time.Second
	b.waitLine(t, "fxo1", "the line on-hook, the call over", within+2*time.Second, func(l lab.LineState) bool { return !l.Seized })
	r := b.waitRecords(t, 1)[0]
	if r.Source != "fxo/1" || r.Caller != pstnCaller || r.Destination != "fxs/1" || r.Direction != call.DirectionInbound || r.AnsweredAt.IsZero() {
		t.Errorf("call record %s; want inbound fxo/1 %s answered on fxs/1", describe(r), pstnCaller)
	}
	if r.Cause != call.CauseNormal.String() {
		t.Errorf("call record cause %q; want %q", r.Cause, call.CauseNormal)
	}
	if p := phoneIn(t, b.world(t), "fxs1"); p.Bell || p.OffHook {
		t.Errorf("fxs1 after the call: bell %v, off-hook %v; want neither", p.Bell, p.OffHook)
	}
	if d := r.EndedAt.Sub(hungUp); d > within {
		t.Errorf("the call record ended %v after the phone hung up; want within %v", d.Round(10*time.Millisecond), within)
	}
}

// TestE2ELabGSMShortAnswer is the mirror case of
// TestE2ELabPSTNShortAnswer that failed the same way: a call from the GSM
// network rung on FXS port 1, lifted and put down at once while the box
// answers the GSM call, ends within seconds on both sides, and its record
// is in the store, answered. (A PSTN call that a SIP phone answers and
// hangs up at once, while the box seizes the line, ended at once before.)
func TestE2ELabGSMShortAnswer(t *testing.T) {
	t.Parallel()
	b := startGSMBox(t, analogOffice, false, "101")
	b.act(t, "gsm/gsm1/call", map[string]string{"from": mobileCaller})
	b.waitPhone(t, "fxs1", "ringing", 30*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	b.act(t, "phones/fxs1/offhook", nil)
	b.act(t, "phones/fxs1/onhook", nil)
	hungUp := time.Now()

	const within = 3 * time.Second
	b.waitGSM(t, "gsm1", "the network's call over", within+2*time.Second, func(g lab.GSMState) bool { return len(g.Calls) == 0 })
	r := b.waitRecords(t, 1)[0]
	if r.Source != "gsm/1" || r.Destination != "fxs/1" || r.Direction != call.DirectionInbound || r.AnsweredAt.IsZero() {
		t.Errorf("call record %s; want inbound from gsm/1 answered on fxs/1", describe(r))
	}
	if d := r.EndedAt.Sub(hungUp); d > within {
		t.Errorf("the call record ended %v after the phone hung up; want within %v", d.Round(10*time.Millisecond), within)
	}
}
