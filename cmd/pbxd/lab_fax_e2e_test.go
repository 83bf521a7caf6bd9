package main

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// cngEvery is the cadence of the T.30 calling tone: 0.5 s of 1100 Hz, then
// 3 s of silence.
const cngEvery = 3500 * time.Millisecond

// cngLevel is the level the exchange plays the CNG at, in dBm0.
const cngLevel = -15.0

// faxOffice is 101 Alice on FXS port 1 and the fax machine, 104, on FXS
// port 4 in fax mode; FXO line 1 takes its calls through a voice menu
// (press 1 for Alice) that waits for a key.
func faxOffice(ctx context.Context, st *store.Store) error {
	if err := addOfficePhones(ctx, st, 1, store.OutboundInternal, store.CallerIDETSIAfterRing); err != nil {
		return err
	}
	fax := store.Extension{Number: "104", Name: "Fax", OnDuty: true, Outbound: store.OutboundInternal}
	line := store.FXOLine{Port: 1, Name: "City", Country: "RU", Enabled: true}
	sc := store.Scenario{Name: "City line", Document: json.RawMessage(`{"schema": 1, "elements": [
		{"id": "in", "type": "incoming", "next": {"next": "menu"}},
		{"id": "menu", "type": "menu", "params": {"prompt": {"text": "Press 1 for Alice."}, "keys": ["1"], "timeout": 30, "repeats": 1},
			"next": {"1": "alice", "no_input": "bye", "invalid": "bye"}},
		{"id": "alice", "type": "internal", "params": {"extension": "101"}},
		{"id": "bye", "type": "hangup"}]}`)}
	for _, err := range []error{
		st.Extensions().Create(ctx, &fax),
		st.FXSPorts().Create(ctx, &store.FXSPort{Port: 4, ExtensionID: &fax.ID, Mode: store.FXSFax,
			CallerID: store.CallerIDOff, Country: "RU"}),
		st.FXOLines().Create(ctx, &line),
		st.Scenarios().Create(ctx, &sc),
	} {
		if err != nil {
			return err
		}
	}
	return st.InboundRoutes().Create(ctx, &store.InboundRoute{Name: "City line", Source: store.SourceFXO, FXOLineID: &line.ID, ScenarioID: sc.ID})
}

// cngCaller is a calling fax machine behind one of the lab's lines (line:
// "lines/fxo1", "gsm/gsm1"): it plays CNG in its cadence while a test
// waits for something to happen.
type cngCaller struct {
	b    *labBox
	t    *testing.T
	line string
	sent time.Time // the last burst
}

// while returns cond, playing a burst of CNG first whenever the last one
// began a cadence ago, for waitPhone to poll.
func (c *cngCaller) while(cond func(lab.PhoneState) bool) func(lab.PhoneState) bool {
	return func(p lab.PhoneState) bool {
		if time.Since(c.sent) >= cngEvery {
			c.b.act(c.t, c.line+"/tone", map[string]any{"hz": 1100, "dbm0": cngLevel, "ms": 500})
			c.sent = time.Now()
		}
		return cond(p)
	}
}

// waitHeard waits until the phone on slot hears the CNG at the level the
// caller plays it, playing it meanwhile.
func (c *cngCaller) waitHeard(slot string) {
	c.t.Helper()
	cng := func(p lab.PhoneState) bool {
		return p.ToneHz != nil && math.Abs(*p.ToneHz-1100) < 20 && p.LevelDBm0 != nil && math.Abs(*p.LevelDBm0-cngLevel) < 2
	}
	heard := c.b.waitPhone(c.t, slot, "the CNG tone", 10*time.Second, c.while(cng))
	c.t.Logf("%s hears %s", slot, hearing(heard.Hearing))
}

// TestE2ELabFaxToFaxPort is the seventh flow: the PSTN rings FXO
// line 1 and its scenario answers with a voice menu; the caller is a fax
// machine, whose CNG the line hears, so the call leaves the menu for the
// fax port, FXS 4 in fax mode: its phone rings, answers, and hears the CNG
// through the call; the call record ends on fxs/4 with "fax detected" in
// its path.
func TestE2ELabFaxToFaxPort(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, faxOffice)

	b.act(t, "lines/fxo1/ring", map[string]string{"caller_id": "+74951234567"})
	b.waitLine(t, "fxo1", "the menu's answer", 15*time.Second, func(l lab.LineState) bool { return l.State == "talking" })
	fax := &cngCaller{b: b, t: t, line: "lines/fxo1"}
	b.waitPhone(t, "fxs4", "ringing while the line plays CNG", 20*time.Second, fax.while(func(p lab.PhoneState) bool { return p.Ringing }))
	if p := phoneIn(t, b.world(t), "fxs1"); p.Ringing {
		t.Error("fxs1 rings too; only the fax port should")
	}
	b.act(t, "phones/fxs4/offhook", nil)
	// A fax port passes the line's audio untouched.
	fax.waitHeard("fxs4")

	b.act(t, "phones/fxs4/onhook", nil)
	b.waitLine(t, "fxo1", "the box's release", 10*time.Second, func(l lab.LineState) bool { return !l.Seized })
	r := b.waitRecords(t, 1)[0]
	if r.Source != "fxo/1" || r.Destination != "fxs/4" || r.AnsweredAt.IsZero() {
		t.Errorf("call record %s; want fxo/1 answered on fxs/4", describe(r))
	}
	if path := recordPath(t, r); !slices.Contains(path, "menu:fax detected") {
		t.Errorf("call record path %q; want the menu to end with \"fax detected\"", path)
	}
}
