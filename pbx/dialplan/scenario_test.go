package dialplan_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/recording"
	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/store"
)

// The scenario engine runs inbound calls with the plan under it, as pbxd
// wires them: calls from extensions go to the plan, and the transfers a
// callee asks for that the scenario does not carry out itself go to the
// plan's Transferred.

// inboundDID is the number the office's inbound route takes.
const inboundDID = "+74950001111"

// withScenario makes the office's switch run the scenario engine: an
// inbound route from inboundDID (recorded when record is true, into dir)
// to a scenario that rings extension ext until the caller hangs up, with
// the route's options opts, if given.
func (o *office) withScenario(ext string, record bool, dir string, opts ...store.RouteOptions) {
	o.t.Helper()
	ctx := context.Background()
	sc := store.Scenario{Name: "Ring " + ext, Document: json.RawMessage(`{"schema": 1, "elements": [
		{"id": "in", "type": "incoming", "next": {"next": "ring"}},
		{"id": "ring", "type": "internal", "params": {"extension": "` + ext + `"}}]}`)}
	o.must(o.st.Scenarios().Create(ctx, &sc))
	rt := store.InboundRoute{Name: "Main number", Source: store.SourceDID, DID: inboundDID, ScenarioID: sc.ID, RecordCalls: record}
	o.must(o.st.InboundRoutes().Create(ctx, &rt))
	for _, ro := range opts {
		ro.RouteID = rt.ID
		o.must(o.st.RouteOptions().Create(ctx, &ro))
	}
	o.applied()
	eng := scenario.New(scenario.Opts{
		Dialplan:  o.plan.Handle,
		Transfers: o.plan,
		Record: func(callID string, started time.Time) (scenario.Recording, error) {
			return recording.Create(dir, callID, started)
		},
		Logger: quiet(),
	})
	cfg, err := o.st.Export(ctx)
	o.must(err)
	rev, err := o.st.Revision(ctx)
	o.must(err)
	eng.Load(ctx, cfg, rev)
	o.handler = eng.Handle
}

// pathOf returns the steps of a call record's path as "step: outcome".
func pathOf(t *testing.T, r store.CallRecord) []string {
	t.Helper()
	var d struct {
		Path []call.PathStep `json:"path"`
	}
	if err := json.Unmarshal(r.Details, &d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range d.Path {
		out = append(out, s.Step+": "+s.Outcome)
	}
	return out
}

// hasStep reports whether path has a step that starts with prefix.
func hasStep(path []string, prefix string) bool {
	for _, s := range path {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// TestScenarioReferOutside: a caller from the trunk is put through by the
// scenario to an extension's SIP phone, which asks to transfer the call to
// an outside number (a REFER to 84951234567). That goes through the
// outbound rules, at the transferring extension's outbound level: 101
// (national) may, so the trunk is dialled with the rule's number, 101 is
// hung up and the caller talks to the outside party; 103 (internal) may
// not, so nothing is dialled, the call's path says the transfer was
// rejected, and the caller and 103 talk on.
func TestScenarioReferOutside(t *testing.T) {
	t.Parallel()
	const outside = "Provider/+74951234567"
	tests := []struct {
		ext     string
		allowed bool
	}{
		{"101", true},
		{"103", false},
	}
	for _, tt := range tests {
		t.Run(tt.ext, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.withScenario(tt.ext, false, t.TempDir())
				o.sip.Set(tt.ext, calltest.Phone{})
				o.trunk.Set(outside, calltest.Phone{AnswerAfter: 2 * time.Second})
				caller := o.call("trunk/Provider", "+79160000000", inboundDID)
				time.Sleep(time.Second)
				callee := o.sip.Last(tt.ext)
				if callee == nil || !callee.State().Answered {
					t.Fatalf("the scenario did not put the caller through to %s", tt.ext)
				}
				hear(t, caller, callee)

				callee.Transfers("84951234567")
				time.Sleep(3 * time.Second)
				far := o.trunk.Last(outside)
				if tt.allowed {
					if far == nil || !far.State().Answered {
						t.Fatalf("the outside number %s was not dialled and answered", outside)
					}
					if st := callee.State(); !st.Ended || !st.ByUs || !slices.Equal(st.Transferred, []call.Cause{0}) {
						t.Errorf("%s after its transfer: %+v; want told it is done, and hung up by the switch", tt.ext, st)
					}
					talkThenHangUp(t, caller, far)
				} else {
					if far != nil {
						t.Fatalf("%s may not call out, yet its transfer dialled %s", tt.ext, outside)
					}
					if st := callee.State(); st.Ended || !slices.Equal(st.Transferred, []call.Cause{call.CauseRejected}) {
						t.Fatalf("%s after its refused transfer: %+v; want up, told it was rejected", tt.ext, st)
					}
					talkThenHangUp(t, caller, callee)
				}
				recs := o.records()
				if len(recs) != 1 {
					t.Fatalf("%d call records; want 1", len(recs))
				}
				path := pathOf(t, recs[0])
				refused := hasStep(path, "transfer: blind to 84951234567: rejected: ")
				if refused == tt.allowed {
					t.Errorf("path %q: refused %v; want %v", path, refused, !tt.allowed)
				}
			})
		})
	}
}

// TestScenarioReferNoSuchNumber: the SIP phone the scenario put a trunk
// caller through to asks to transfer the call to a number that is no
// extension and that no outbound rule matches. Nothing is dialled, the
// phone is told the number is not found (its REFER's final NOTIFY says
// 404), the caller and 101 talk on, and the call's path says why.
func TestScenarioReferNoSuchNumber(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.withScenario("101", false, t.TempDir())
		o.sip.Set("101", calltest.Phone{})
		caller := o.call("trunk/Provider", "+79160000000", inboundDID)
		time.Sleep(time.Second)
		callee := o.sip.Last("101")
		if callee == nil || !callee.State().Answered {
			t.Fatal("the scenario did not put the caller through to 101")
		}
		callee.Transfers("5555")
		time.Sleep(3 * time.Second)
		if st := callee.State(); st.Ended || !slices.Equal(st.Transferred, []call.Cause{call.CauseNotFound}) {
			t.Fatalf("101 after its transfer to 5555: %+v; want up, told not found", st)
		}
		talkThenHangUp(t, caller, callee)
		recs := o.records()
		if len(recs) != 1 {
			t.Fatalf("%d call records; want 1", len(recs))
		}
		if path := pathOf(t, recs[0]); !hasStep(path, "transfer: blind to 5555: not_found: ") {
			t.Errorf("path %q; want the transfer to 5555 not found", path)
		}
	})
}

// TestScenarioBlindTransferToExtension: the scenario puts a trunk caller
// through to 101, whose phone asks for a blind transfer to extension 102
// (REFER). 101 stays in the call while 102 rings. When 102 answers, 101 is
// told the transfer is done and hung up, and the caller talks to 102; when
// 102 is busy, 101 is told so and the caller and 101 talk on.
func TestScenarioBlindTransferToExtension(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		desk, analog calltest.Phone // 102's SIP and FXS phones
		cause        call.Cause     // reported to 101; 0: done
	}{
		{"answered", calltest.Phone{AnswerAfter: 2 * time.Second}, never, 0},
		{"busy", calltest.Phone{Busy: true}, calltest.Phone{Busy: true}, call.CauseBusy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.withScenario("101", false, t.TempDir())
				o.sip.Set("101", calltest.Phone{})
				o.sip.Set("102", tt.desk)
				o.fxs.Set("102", tt.analog)
				caller := o.call("trunk/Provider", "+79160000000", inboundDID)
				time.Sleep(time.Second)
				callee := o.sip.Last("101")
				if callee == nil || !callee.State().Answered {
					t.Fatal("the scenario did not put the caller through to 101")
				}
				callee.Transfers("102")
				time.Sleep(time.Second)
				if st := callee.State(); st.Ended {
					t.Fatalf("101 a second after its transfer request: %+v; want still up", st)
				}
				time.Sleep(2 * time.Second)
				st := callee.State()
				if !slices.Equal(st.Transferred, []call.Cause{tt.cause}) {
					t.Errorf("101 was told %v; want [%v]", st.Transferred, tt.cause)
				}
				if tt.cause != 0 {
					if st.Ended {
						t.Fatalf("101 after its failed transfer: %+v; want still up", st)
					}
					talkThenHangUp(t, caller, callee)
					return
				}
				desk := o.sip.Last("102")
				if !st.Ended || !st.ByUs || desk == nil || !desk.State().Answered {
					t.Fatalf("after 102 answered: 101 %+v; want hung up by the switch, and 102 answered", st)
				}
				talkThenHangUp(t, caller, desk)
			})
		})
	}
}

// TestScenarioAttendedTransferRecorded: a recorded call from the trunk is
// put through to 101's SIP phone, which holds it, calls 102 on a call of
// its own, and joins the two (REFER with Replaces on both of its legs).
// The caller then talks to 102, and that part of the call is in the
// call's recording too, 102 on the right: the recording follows the
// caller. The call record shows the transfer and links the recording.
func TestScenarioAttendedTransferRecorded(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		o := newOffice(t)
		o.withScenario("101", true, dir)
		o.sip.Set("101", calltest.Phone{})
		o.sip.Set("102", calltest.Phone{})
		o.fxs.Set("102", never)
		caller := o.call("trunk/Provider", "+79160000000", inboundDID)
		time.Sleep(10 * time.Second) // the recording warning, then 101
		first := o.sip.Last("101")
		if first == nil || !first.State().Answered {
			t.Fatal("the scenario did not put the caller through to 101")
		}
		hear(t, caller, first)
		first.Flashes() // 101's phone holds the caller
		second := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		o.sw.Incoming(calltest.HoldsItself(second), "102")
		time.Sleep(time.Second)
		desk := o.sip.Last("102")
		hear(t, second, desk)

		first.TransfersReplacing("102", second.ID())
		second.TransfersReplacing("102", second.ID())
		time.Sleep(time.Second)
		if st := first.State(); !st.Ended || !st.ByUs {
			t.Errorf("101's leg in the recorded call after the transfer: %+v; want hung up by the switch", st)
		}
		said := calltest.Tone(2345)
		for range 10 {
			desk.Says(said)
		}
		time.Sleep(time.Second)
		if !contains(caller.Heard(), said) {
			t.Fatal("the caller does not hear 102 after the attended transfer")
		}
		desk.HangsUp(call.CauseNormal)
		time.Sleep(time.Second)
		if !caller.State().Ended {
			t.Error("the caller is still up after 102 hung up")
		}

		var rec store.CallRecord
		for _, r := range o.records() {
			if r.Source == "trunk/Provider" {
				rec = r
			}
		}
		path := pathOf(t, rec)
		if !hasStep(path, "transfer: attended: trunk/Provider joins the other call of sip/101") || !hasStep(path, "join trunk/Provider ") {
			t.Errorf("the recorded call's path %q does not show the attended transfer and the join", path)
		}
		if rec.Recording == "" {
			t.Fatal("the call record links no recording")
		}
		wav, err := os.ReadFile(filepath.Join(dir, rec.Recording))
		if err != nil {
			t.Fatal(err)
		}
		if n := rightSamples(wav[44:], 2345); n < 5*call.FrameSamples {
			t.Errorf("the recording has %d samples of 102 on the callee's side; want its 10 frames after the transfer", n)
		}
	})
}

// rightSamples counts the samples of the right channel (the caller's
// party) of 16-bit stereo PCM data that are v.
func rightSamples(data []byte, v int16) int {
	n := 0
	for i := 0; i+4 <= len(data); i += 4 {
		if int16(binary.LittleEndian.Uint16(data[i+2:])) == v {
			n++
		}
	}
	return n
}

// TestScenarioRatingAfterTransfer: on a route that rates its calls, the
// scenario puts the caller through to 101, which transfers it to an
// outside number through the dial plan (a REFER, at once or after 101's
// SIP phone held the call); when the outside party hangs up, the caller,
// still on the line, is asked to rate the call as after a plain call,
// presses 4, and is then hung up on. The rating is kept with the call
// record.
func TestScenarioRatingAfterTransfer(t *testing.T) {
	t.Parallel()
	for _, holdsFirst := range []bool{false, true} {
		t.Run(map[bool]string{false: "REFER", true: "hold then REFER"}[holdsFirst], func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) { ratingAfterTransfer(t, holdsFirst) })
		})
	}
}

func ratingAfterTransfer(t *testing.T, holdsFirst bool) {
	const outside = "Provider/+74951234567"
	o := newOffice(t)
	o.withScenario("101", false, t.TempDir(), store.RouteOptions{AfterHoursAction: store.AfterHoursNone, RateCalls: true})
	o.sip.Set("101", calltest.Phone{HoldsItself: true})
	o.trunk.Set(outside, calltest.Phone{AnswerAfter: 2 * time.Second})
	caller := o.call("trunk/Provider", "+79160000000", inboundDID)
	time.Sleep(time.Second)
	callee := o.sip.Last("101")
	if callee == nil || !callee.State().Answered {
		t.Fatal("the scenario did not put the caller through to 101")
	}
	if holdsFirst {
		callee.Flashes()
		time.Sleep(time.Second)
	}
	callee.Transfers("84951234567")
	time.Sleep(3 * time.Second)
	far := o.trunk.Last(outside)
	if far == nil || !far.State().Answered {
		t.Fatalf("the outside number %s was not dialled and answered", outside)
	}
	hear(t, caller, far)
	far.HangsUp(call.CauseNormal)
	time.Sleep(time.Second)
	if caller.State().Ended {
		t.Fatal("the caller was hung up when the outside party hung up, without the rating question")
	}
	caller.Presses("4")
	time.Sleep(time.Second)
	if st := caller.State(); !st.Ended || !st.ByUs {
		t.Errorf("the caller after rating: %+v; want hung up by the box", st)
	}
	recs := o.records()
	if len(recs) != 1 {
		t.Fatalf("%d call records; want 1", len(recs))
	}
	var d struct {
		Variables map[string]string `json:"variables"`
	}
	if err := json.Unmarshal(recs[0].Details, &d); err != nil {
		t.Fatal(err)
	}
	if got := d.Variables[scenario.VarRating]; got != "4" {
		t.Errorf("the call record's rating is %q; want 4", got)
	}
}

// TestScenarioFlashTransferFollowsForwards: the scenario puts a caller from
// the trunk through to 102's analog phone (FXS port 2), which flashes,
// dials 103 and hangs up while it rings: a blind transfer after a hook
// flash, which the scenario hands to the plan. 103 is busy and forwards
// on busy to 101, so 101 rings, answers, and talks to the caller, as a
// call dialled to 103 would go. Before the transfer, the caller heard the
// plan's music on hold, not 102.
func TestScenarioFlashTransferFollowsForwards(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		f := store.ExtensionForward{ExtensionID: o.ids["103"], Busy: "101"}
		o.must(o.st.ExtensionForwards().Create(context.Background(), &f))
		o.withScenario("102", false, t.TempDir())
		o.sip.Set("102", never)
		o.fxs.Set("102", calltest.Phone{})
		o.sip.Set("103", calltest.Phone{Busy: true})
		o.sip.Set("101", calltest.Phone{AnswerAfter: 3 * time.Second})
		caller := o.call("trunk/Provider", "+79160000000", inboundDID)
		time.Sleep(time.Second)
		desk := o.fxs.Last("102")
		if desk == nil || !desk.State().Answered {
			t.Fatal("the scenario did not put the caller through to 102's analog phone")
		}
		hear(t, caller, desk)
		desk.Flashes()
		time.Sleep(time.Second)
		if st := desk.State(); st.Recalls != 1 {
			t.Fatalf("102's phone after its flash: %+v; want a second dial tone", st)
		}
		desk.Dials("103")
		time.Sleep(time.Second)
		desk.HangsUp(call.CauseNormal)
		time.Sleep(3 * time.Second)
		boss := o.sip.Last("101")
		if boss == nil || !boss.State().Answered {
			t.Fatal("103's forward on busy, 101, was not rung and answered")
		}
		talkThenHangUp(t, caller, boss)
		recs := o.records()
		if len(recs) != 1 {
			t.Fatalf("%d call records; want 1", len(recs))
		}
		if path := pathOf(t, recs[0]); !hasStep(path, "transfer: extension 103 is busy and forwards to 101: extension 101") {
			t.Errorf("path %q does not show the forward followed", path)
		}
	})
}
