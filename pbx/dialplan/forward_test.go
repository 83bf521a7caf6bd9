package dialplan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/store"
)

// TestConditionalForward: a call to an extension goes on to its forward
// on busy, on no answer after its own ring time, and when unreachable; on
// do-not-disturb and without a phone it goes there at once. Without the
// condition's forward the call ends as before.
func TestConditionalForward(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		ext     string
		forward store.ExtensionForward
		phone   calltest.Phone // the extension's SIP phone
		rings   string         // the FXS or trunk address rung instead; "" none
		after   time.Duration  // how long after the call it rings at the latest
		cause   call.Cause     // how the caller's call ends when nothing else rings
		why     string         // in the call's details
	}{
		{"busy", "101", store.ExtensionForward{Busy: "102"}, calltest.Phone{Busy: true}, "fxs/102", time.Second, 0, "101 is busy and forwards to 102"},
		{"declined", "101", store.ExtensionForward{Busy: "102"}, calltest.Phone{Reject: call.CauseRejected}, "fxs/102", time.Second, 0, "is busy and forwards"},
		{"no answer after its ring time", "101", store.ExtensionForward{NoAnswer: "102", NoAnswerSecs: 5}, never, "fxs/102", 6 * time.Second, 0, "did not answer and forwards to 102"},
		{"no answer to an outside number", "101", store.ExtensionForward{NoAnswer: "81234567890", NoAnswerSecs: 5}, never, "trunk/Provider/+71234567890", 6 * time.Second, 0, "forwards to 81234567890"},
		{"unreachable", "101", store.ExtensionForward{Unreachable: "102"}, calltest.Phone{Reject: call.CauseUnavailable}, "fxs/102", time.Second, 0, "is unreachable and forwards"},
		{"its phone's channel does not know it yet", "101", store.ExtensionForward{Unreachable: "102"}, calltest.Phone{Reject: call.CauseNotFound}, "fxs/102", time.Second, 0, "is unreachable and forwards"},
		{"do-not-disturb", "105", store.ExtensionForward{Busy: "102"}, never, "fxs/102", time.Second, 0, "105 is on do-not-disturb and forwards to 102"},
		{"no phone", "104", store.ExtensionForward{Unreachable: "102"}, never, "fxs/102", time.Second, 0, "104 has no phone and forwards to 102"},
		{"busy without a busy forward", "101", store.ExtensionForward{NoAnswer: "102", NoAnswerSecs: 5}, calltest.Phone{Busy: true}, "", time.Second, call.CauseBusy, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.sip.Set(tt.ext, tt.phone)
				o.sip.Set("102", never)
				o.fxs.Set("102", never)
				o.trunk.Set("Provider/+71234567890", never)
				f := tt.forward
				f.ExtensionID = o.ids[tt.ext]
				if _, err := o.st.PutForward(context.Background(), f); err != nil {
					t.Fatal(err)
				}
				o.applied()
				a := o.call("trunk/Provider", "+74951112233", tt.ext)
				if f.NoAnswer != "" && tt.rings != "" {
					// Not before the extension's own ring time.
					time.Sleep(time.Duration(f.NoAnswerSecs)*time.Second - 500*time.Millisecond)
					if o.fxs.Last("102") != nil || o.trunk.Last("Provider/+71234567890") != nil {
						t.Fatalf("the forward rang before %s's ring time ran out", tt.ext)
					}
				}
				time.Sleep(tt.after)
				if tt.rings == "" {
					if st := a.State(); !st.Ended || st.Cause != tt.cause {
						t.Fatalf("caller %+v; want the call ended %v", st, tt.cause)
					}
					if o.fxs.Last("102") != nil {
						t.Fatal("102 rang without a forward on this condition")
					}
					return
				}
				kind, addr, _ := strings.Cut(tt.rings, "/")
				d := map[string]*calltest.Dialer{"fxs": o.fxs, "trunk": o.trunk}[kind]
				if d.Last(addr) == nil {
					t.Fatalf("a call to %s did not go on to %s", tt.ext, tt.rings)
				}
				a.HangsUp(call.CauseNormal)
				recs := o.records()
				if last := recs[len(recs)-1]; !strings.Contains(string(last.Details), tt.why) {
					t.Errorf("the call's details %s do not say %q", last.Details, tt.why)
				}
			})
		})
	}
}

// TestRouteSaysConditionalForwards: the plan's answer for a call to an
// extension names the forwards that may follow.
func TestRouteSaysConditionalForwards(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		if _, err := o.st.PutForward(context.Background(), store.ExtensionForward{ExtensionID: o.ids["101"], Busy: "102", NoAnswer: "103", NoAnswerSecs: 15}); err != nil {
			t.Fatal(err)
		}
		o.applied()
		r := o.plan.Route("trunk/Provider", "+74951112233", "101")
		if want := "extension 101, which forwards on busy to 102, on no answer after 15s to 103"; r.Why != want {
			t.Errorf("Route(101).Why = %q; want %q", r.Why, want)
		}
	})
}

// TestForwardable: the web API's check of a forward says what *72 would.
func TestForwardable(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		doc, err := o.st.Export(context.Background())
		o.must(err)
		tests := []struct {
			ext, number string
			ok          bool
		}{
			{"101", "102", true},
			{"101", "81234567890", true}, // national, and 101 is national
			{"103", "91234567", false},   // 103 is internal only
			{"101", "101", false},
			{"101", "5555", false},
			{"199", "102", false}, // no such extension
		}
		for _, tt := range tests {
			why, err := dialplan.Forwardable(doc, tt.ext, tt.number)
			if err != nil {
				t.Fatal(err)
			}
			if (why == "") != tt.ok {
				t.Errorf("Forwardable(%s, %s) = %q; want ok %v", tt.ext, tt.number, why, tt.ok)
			}
		}
	})
}

// TestExtensionsRingAsThePlan: Extensions, by which the scenario engine
// rings extensions, decides a call to an extension as the plan routes a
// call from a line to it, forwards included.
func TestExtensionsRingAsThePlan(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		ctx := context.Background()
		for _, f := range []store.ExtensionForward{
			{ExtensionID: o.ids["101"], Busy: "102", NoAnswer: "81234567890", NoAnswerSecs: 15},
			{ExtensionID: o.ids["102"], Enabled: true, Number: "81234567890"},
			{ExtensionID: o.ids["103"], Enabled: true, Number: "81234567890"}, // 103 may not call it
			{ExtensionID: o.ids["105"], Busy: "101"},                          // on do-not-disturb
		} {
			if _, err := o.st.PutForward(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		o.applied()
		doc, err := o.st.Export(ctx)
		o.must(err)
		exts, err := dialplan.NewExtensions(doc)
		o.must(err)
		for _, n := range []string{"101", "102", "103", "104", "105", "106"} {
			want := o.plan.Route("trunk/Provider", "+74951112233", n)
			got, ok := exts.Ring(n, nil)
			if !ok || got.Why != want.Why || got.Cause != want.Cause || fmt.Sprint(got.Attempts) != fmt.Sprint(want.Attempts) ||
				got.RingFor() != want.RingFor() || got.Forwarded() != want.Forwarded() {
				t.Errorf("Ring(%s) = %+v, %v; want %+v", n, got, ok, want)
			}
		}
		if _, ok := exts.Ring("199", nil); ok {
			t.Error("Ring(199) found an extension")
		}
		if r, _ := exts.Ring("102", nil); !r.Forwarded() || r.ForwardOn(call.CauseNoAnswer) != nil {
			t.Errorf("Ring(102) = %+v; want the forward, with no forward of its own", r)
		}
		if r, _ := exts.Ring("101", nil); r.Forwarded() || r.RingFor() != 15*time.Second || r.ForwardOn(call.CauseBusy) == nil {
			t.Errorf("Ring(101) = %+v; want 101 for 15 s, forwarding on busy", r)
		}
	})
}
