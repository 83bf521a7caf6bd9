package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// receptionScenario rings extension 101 for 30 s, then hangs up: the web
// UI's browser test of the call path uses the same.
const receptionScenario = `{"schema": 1, "elements": [
 {"id": "in", "type": "incoming", "next": {"next": "alice"}},
 {"id": "alice", "type": "internal", "params": {"extension": "101", "ring_time": 30}, "next": {"next": "bye"}},
 {"id": "bye", "type": "hangup"}
]}`

// receptionLine is lineOffice with receptionScenario on FXO line 1.
func receptionLine(ctx context.Context, st *store.Store) error {
	ids, err := lineOffice(ctx, st)
	if err != nil {
		return err
	}
	sc := store.Scenario{Name: "Reception", Document: json.RawMessage(receptionScenario)}
	if err := st.Scenarios().Create(ctx, &sc); err != nil {
		return err
	}
	city := ids["fxo1"]
	return st.InboundRoutes().Create(ctx, &store.InboundRoute{Name: "City line", Source: store.SourceFXO, FXOLineID: &city, ScenarioID: sc.ID})
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
