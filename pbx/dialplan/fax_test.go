package dialplan_test

import (
	"encoding/json"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/dialplan"
)

// faxPort is a leg on an FXS port that can be switched to carry a fax, as
// the FXS channel's legs can. Like them it detects no fax tones itself:
// the switch's ear hears them.
type faxPort struct {
	*calltest.Leg
	carried atomic.Int32
}

func (l *faxPort) CarryFax() { l.carried.Add(1) }

// TestFaxFromFXSPort: a fax machine on FXS port 2 (extension 102) calls
// 103 and sends its CNG (T.30: 1100 Hz, 0.5 s on, 3 s off) once 103
// answers. The call is not moved to the fax
// ports (it is the fax's own call): the fax keeps talking to 103, the
// caller's leg is switched to carry the fax, and the call's path and
// variables say a fax tone was heard. The same tone from a SIP phone's
// call changes nothing: only FXS ports are watched.
func TestFaxFromFXSPort(t *testing.T) {
	t.Parallel()
	for _, channel := range []string{"fxs/2", "sip/102"} {
		t.Run(channel, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.sip.Set("103", calltest.Phone{AnswerAfter: time.Second})
				caller := &faxPort{Leg: calltest.NewLeg(channel, call.Party{Number: "102"})}
				o.sw.Incoming(caller, "103")
				time.Sleep(2 * time.Second)
				callee := o.sip.Last("103")
				if callee == nil || !callee.State().Answered {
					t.Fatal("103 was not rung and answered")
				}
				caller.SaysAll(calltest.Bursts(1100, -15, 500*time.Millisecond, 3*time.Second, 4*time.Second))
				time.Sleep(5 * time.Second)
				fxs := channel == "fxs/2"
				if n := caller.carried.Load(); (n == 1) != fxs {
					t.Errorf("the caller's leg was switched to carry a fax %d times; want %d", n, map[bool]int{true: 1}[fxs])
				}
				if callee.State().Ended || caller.State().Ended || len(o.fxs.Legs()) != 0 {
					t.Fatal("the fax's call was moved or ended; want it kept with 103")
				}
				hear(t, caller.Leg, callee)
				hear(t, callee, caller.Leg)
				callee.HangsUp(call.CauseNormal)
				time.Sleep(time.Second)

				recs := o.records()
				if len(recs) != 1 {
					t.Fatalf("%d call records; want 1", len(recs))
				}
				path := pathOf(t, recs[0])
				var d struct {
					Variables map[string]string `json:"variables"`
				}
				if err := json.Unmarshal(recs[0].Details, &d); err != nil {
					t.Fatal(err)
				}
				noted := hasStep(path, "fax tone: from fxs/2") && d.Variables[dialplan.VarFax] == "fxs/2"
				if noted != fxs {
					t.Errorf("path %q, variables %v: fax tone noted %v; want %v", path, d.Variables, noted, fxs)
				}
			})
		})
	}
}
