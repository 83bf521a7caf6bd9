package scenario

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// TestTransferFollowsForwards: 101 answers the caller and, 30 s into the
// talk, transfers it blind (a SIP REFER) to 102, whose forwards the
// transfer follows as an internal subscriber element does, once: forward
// always (to an extension or an outside number), on do-not-disturb, on
// busy, when unreachable and on no answer after 102's own ring time. An
// extension that cannot take the call and has no forward for it, or a
// forward the outbound rules refuse, refuses the transfer, and a transfer
// nobody answers fails: the caller talks on with 101, who stays in the call
// until the transfer is answered. The call's path names the transfer and the forward
// followed; a dry run in which 101's phone transfers alike takes the same
// path, notes the same transfer and forwards, and rings the same targets
// in the same order.
func TestTransferFollowsForwards(t *testing.T) {
	t.Parallel()
	const sec = time.Second
	answers := calltest.Phone{AnswerAfter: sec}
	const at = 31 * sec // 101 answers 1 s in and transfers 30 s later
	tests := []struct {
		name     string
		forwards map[string]store.ExtensionForward
		dnd      bool // 102 is on do-not-disturb
		national bool // 102 may call national numbers
		phones   map[string]calltest.Phone
		steps    []string // the path's transfer and forward steps
		rung     []rung   // after 101, to the second (the bridge ends within a frame of the request)
		stays    bool     // the caller still talks to 101 a minute after the request
		hungUp   call.Cause
	}{
		{name: "no forward", phones: map[string]calltest.Phone{"sip/102": answers},
			steps: []string{"transfer:blind to 102: extension 102", "transfer:sip/101 leaves"},
			rung:  []rung{{at, "sip/102"}}},
		{name: "forward always to an extension", forwards: map[string]store.ExtensionForward{"102": {Enabled: true, Number: "103"}},
			phones: map[string]calltest.Phone{"sip/102": answers, "sip/103": answers},
			steps:  []string{"transfer:blind to 102: extension 102 forwards to 103: extension 103", "transfer:sip/101 leaves"},
			rung:   []rung{{at, "sip/103"}}},
		{name: "forward always to an outside number", national: true,
			forwards: map[string]store.ExtensionForward{"102": {Enabled: true, Number: mobile}},
			phones:   map[string]calltest.Phone{"sip/102": answers, "trunk/" + mobileTrunk: answers},
			steps:    []string{`transfer:blind to 102: extension 102 forwards to ` + mobile + `: outbound rule "Long distance"`, "transfer:sip/101 leaves"},
			rung:     []rung{{at, "trunk/" + mobileTrunk}}},
		{name: "one hop only", forwards: map[string]store.ExtensionForward{"102": {Enabled: true, Number: "103"}, "103": {Enabled: true, Number: "104"}},
			phones: map[string]calltest.Phone{"sip/104": answers},
			steps:  []string{"transfer:blind to 102: extension 102 forwards to 103: extension 103"},
			rung:   []rung{{at, "sip/103"}}, stays: true},
		{name: "do-not-disturb", dnd: true, phones: map[string]calltest.Phone{"sip/102": answers},
			steps: []string{"transfer:blind to 102 refused: extension 102 is on do-not-disturb"}, stays: true},
		{name: "do-not-disturb with a forward on busy", dnd: true, forwards: map[string]store.ExtensionForward{"102": {Busy: "103"}},
			phones: map[string]calltest.Phone{"sip/102": answers, "sip/103": answers},
			steps:  []string{"transfer:blind to 102: extension 102 is on do-not-disturb and forwards to 103: extension 103", "transfer:sip/101 leaves"},
			rung:   []rung{{at, "sip/103"}}},
		{name: "busy", forwards: map[string]store.ExtensionForward{"102": {Busy: "103"}},
			phones: map[string]calltest.Phone{"sip/102": {Busy: true}, "sip/103": answers},
			steps: []string{"transfer:blind to 102: extension 102, which forwards on busy to 103",
				"forward:extension 102 is busy and forwards to 103: extension 103", "transfer:sip/101 leaves"},
			rung: []rung{{at, "sip/102"}, {at, "sip/103"}}},
		{name: "unreachable", national: true, forwards: map[string]store.ExtensionForward{"102": {Unreachable: mobile}},
			phones: map[string]calltest.Phone{"sip/102": {Reject: call.CauseUnavailable}, "trunk/" + mobileTrunk: answers},
			steps: []string{"transfer:blind to 102: extension 102, which forwards when unreachable to " + mobile,
				`forward:extension 102 is unreachable and forwards to ` + mobile + `: outbound rule "Long distance"`, "transfer:sip/101 leaves"},
			rung: []rung{{at, "sip/102"}, {at, "trunk/" + mobileTrunk}}},
		{name: "no answer after the extension's ring time", forwards: map[string]store.ExtensionForward{"102": {NoAnswer: "103", NoAnswerSecs: 5}},
			phones: map[string]calltest.Phone{"sip/103": answers},
			steps: []string{"transfer:blind to 102: extension 102, which forwards on no answer after 5s to 103",
				"forward:extension 102 did not answer and forwards to 103: extension 103", "transfer:sip/101 leaves"},
			rung: []rung{{at, "sip/102"}, {at + 5*sec, "sip/103"}}},
		{name: "no answer from the forward either", forwards: map[string]store.ExtensionForward{"102": {NoAnswer: "103", NoAnswerSecs: 5}},
			steps: []string{"transfer:blind to 102: extension 102, which forwards on no answer after 5s to 103",
				"forward:extension 102 did not answer and forwards to 103: extension 103"},
			rung: []rung{{at, "sip/102"}, {at + 5*sec, "sip/103"}}, stays: true},
		{name: "an outside forward refused", forwards: map[string]store.ExtensionForward{"102": {Enabled: true, Number: mobile}},
			phones: map[string]calltest.Phone{"sip/102": answers, "trunk/" + mobileTrunk: answers},
			steps: []string{`transfer:blind to 102 refused: extension 102 forwards to ` + mobile + `: extension "102" may not call ` + mobile +
				`: its outbound level is below the rule "Long distance" needs`}, stays: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := forwardOffice(tt.forwards)
				cfg.Extensions[1].DND = tt.dnd
				if tt.national {
					cfg.Extensions[1].Outbound = store.OutboundNational
				}
				phones := map[string]calltest.Phone{"sip/101": answers}
				for k, v := range tt.phones {
					phones[k] = v
				}
				var callee *calltest.Leg
				var ended call.Cause
				o, path := run(t, cfg, ringScenario("101"), func(o *office, caller *calltest.Leg) {
					o.set(phones)
					time.Sleep(at)
					callee = o.sip.Last("101")
					if callee == nil || !callee.State().Answered {
						t.Fatal("101 did not answer")
					}
					callee.Transfers("102")
					time.Sleep(time.Minute)
					if st := caller.State(); st.Ended {
						ended = st.Cause
					}
					if st := callee.State(); st.Ended == tt.stays {
						t.Errorf("101 a minute after the transfer request: %+v; want it still up: %v", st, tt.stays)
					}
				})
				want := []string{"in:next"}
				want = append(want, tt.steps...)
				want = append(want, "ring:answered")
				samePath(t, path, want...)
				wantRung := append([]rung{{0, "sip/101"}}, tt.rung...)
				got := o.rung()
				for i := range got {
					got[i].at = got[i].at.Truncate(sec)
				}
				if !slices.Equal(got, wantRung) {
					t.Errorf("rang %v; want %v", got, wantRung)
				}
				if ended != tt.hungUp {
					t.Errorf("the caller was hung up a minute after the request with %v; want %v", ended, tt.hungUp)
				}

				dry := dryPhones(tt.phones)
				dry["sip/101"] = DryPhone{AnswerAfter: sec, TransferTo: "102"}
				tr, err := o.eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did,
					At: tuesdayNoon, Phones: dry})
				if err != nil {
					t.Fatal(err)
				}
				samePath(t, tracePath(tr), "in:next", "ring:answered")
				var wantDry []string
				for _, r := range wantRung {
					wantDry = append(wantDry, r.address)
				}
				if got := dryRung(tr); !slices.Equal(got, wantDry) {
					t.Errorf("the dry run rang %q; want %q", got, wantDry)
				}
				for _, s := range tt.steps {
					note := strings.Replace(s, "transfer:", "transfer ", 1)
					note = strings.TrimPrefix(note, "forward:")
					if s == "transfer:sip/101 leaves" {
						continue // the switch's own step
					}
					if !slices.ContainsFunc(tr.Events, func(e string) bool { return strings.HasSuffix(e, note) }) {
						t.Errorf("the dry run's events %q do not say %q", tr.Events, note)
					}
				}
			})
		})
	}
}

// TestHeldTransferFails: 101 holds the caller of a route with a hold
// prompt (its flash, as a SIP phone's hold is reported) and asks for a
// blind transfer to 102, which is busy. 101 is told so and stays in the
// call, the caller hears the hold melody again, and when 101 takes the
// call back (its next flash) the two talk.
func TestHeldTransferFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, HoldPromptID: ptr(int64(2))})
		o := newOffice(t, cfg, workingHours, tuesdayNoon)
		o.eng.o.Prompts = tonePrompts{melodyLevel}
		o.phones(calltest.Phone{AnswerAfter: time.Second}, "101")
		o.phones(calltest.Phone{Busy: true}, "102")
		caller := o.call("trunk/Provider", "+79160000000", did)
		time.Sleep(2 * time.Second)
		callee := o.sip.Last("101")
		if callee == nil || !callee.State().Answered {
			t.Fatal("101 is not talking to the caller 2 s into the call")
		}
		callee.Flashes() // hold
		time.Sleep(time.Second)
		callee.Transfers("102")
		time.Sleep(time.Second)
		if st := callee.State(); st.Ended || !slices.Equal(st.Transferred, []call.Cause{call.CauseBusy}) {
			t.Fatalf("101 after its transfer to a busy 102: %+v; want up, told busy", st)
		}
		before := heardMelody(caller)
		time.Sleep(2 * time.Second)
		if heard := heardMelody(caller) - before; heard < 75 {
			t.Errorf("after the failed transfer the caller heard %d melody frames in 2 s; want the hold melody (over 75)", heard)
		}
		callee.Flashes() // takes the call back
		time.Sleep(time.Second)
		back := heardMelody(caller)
		callee.Says(calltest.Tone(777))
		time.Sleep(2 * time.Second)
		if heardMelody(caller) != back || !slices.Contains(caller.Heard(), calltest.Tone(777)) {
			t.Errorf("after 101 took the call back the caller heard %d more melody frames, heard 101: %v; want none, and 101",
				heardMelody(caller)-back, slices.Contains(caller.Heard(), calltest.Tone(777)))
		}
		callee.HangsUp(call.CauseNormal)
	})
}
