package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/lab"
)

// TestE2ELabFaxAfterAnswer: the GSM network calls SIM 1, whose scenario
// rings Alice on FXS 1; she answers, but the caller is a fax machine: its
// CNG, which the GSM channel does not listen for, is heard by the switch
// in the bridge's PCM, so Alice is hung up (she hears busy), the fax port
// (FXS 4 in fax mode) rings, answers, and hears the CNG through the call;
// the call record ends on fxs/4 with "fax detected" and Alice leaving in
// its path.
func TestE2ELabFaxAfterAnswer(t *testing.T) {
	t.Parallel()
	b := startGSMBox(t, faxOffice, false, "101")

	b.act(t, "gsm/gsm1/call", map[string]string{"from": mobileCaller})
	b.waitPhone(t, "fxs1", "ringing", 15*time.Second, func(p lab.PhoneState) bool { return p.Ringing })
	b.act(t, "phones/fxs1/offhook", nil)
	b.waitGSM(t, "gsm1", "the box answering the call", 5*time.Second, callActive)
	if p := phoneIn(t, b.world(t), "fxs4"); p.Ringing {
		t.Fatal("fxs4 rings before any fax tone")
	}

	fax := &cngCaller{b: b, t: t, line: "gsm/gsm1"} // a fax machine behind the GSM network
	b.waitPhone(t, "fxs4", "ringing while the mobile plays CNG", 20*time.Second, fax.while(func(p lab.PhoneState) bool { return p.Ringing }))
	b.waitPhone(t, "fxs1", "busy tone once the fax port took the call", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsBusy })
	b.act(t, "phones/fxs1/onhook", nil)
	b.act(t, "phones/fxs4/offhook", nil)
	// The GSM path and the fax port carry the CNG as PCM.
	fax.waitHeard("fxs4")

	b.act(t, "phones/fxs4/onhook", nil)
	b.waitGSM(t, "gsm1", "the box's release", 10*time.Second, func(g lab.GSMState) bool { return len(g.Calls) == 0 })
	r := b.waitRecords(t, 1)[0]
	if r.Source != "gsm/1" || r.Destination != "fxs/4" || r.AnsweredAt.IsZero() {
		t.Errorf("call record %s; want gsm/1 answered on fxs/4", describe(r))
	}
	path := recordPath(t, r)
	i := slices.Index(path, "ring:answered")
	j := slices.IndexFunc(path, func(s string) bool { return strings.HasPrefix(s, "fax detected:fxs/1 leaves") })
	if i < 0 || j < i {
		t.Errorf("call record path %q; want ring:answered, then fax detected with fxs/1 leaving", path)
	}
}
