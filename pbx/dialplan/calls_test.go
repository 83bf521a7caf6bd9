package dialplan_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

var never = calltest.Phone{AnswerAfter: calltest.Never}

// hear checks that a frame said at one leg's far end reaches the other's.
func hear(t *testing.T, from, to *calltest.Leg) {
	t.Helper()
	f := calltest.Tone(int16(len(from.Heard()) + 321))
	from.Says(f)
	time.Sleep(100 * time.Millisecond)
	for _, g := range to.Heard() {
		if g == f {
			return
		}
	}
	t.Errorf("%s does not hear %s", to.Channel(), from.Channel())
}

func TestExtensionToExtension(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("102", never)
		o.fxs.Set("102", calltest.Phone{AnswerAfter: 3 * time.Second})
		a := o.call("sip/101", "101", "102")
		time.Sleep(4 * time.Second)
		desk, analog := o.sip.Last("102"), o.fxs.Last("102")
		if desk == nil || analog == nil {
			t.Fatal("102's SIP phone and FXS port were not both rung")
		}
		if st := desk.State(); !st.Ended || !st.ByUs {
			t.Errorf("the SIP phone kept ringing after the FXS phone answered: %+v", st)
		}
		hear(t, a, analog)
		hear(t, analog, a)
		analog.HangsUp(call.CauseNormal)
		time.Sleep(100 * time.Millisecond) // the pump stops within a frame
		if st := a.State(); !st.Ended || st.Cause != call.CauseNormal {
			t.Errorf("caller after the callee hung up: %+v; want hung up, normal", st)
		}
		recs := o.records()
		if len(recs) != 1 {
			t.Fatalf("%d records; want 1", len(recs))
		}
		if r := recs[0]; r.Direction != "internal" || r.Source != "sip/101" || r.Destination != "fxs/102" ||
			r.Cause != "normal" || r.Callee != "102" {
			t.Errorf("record %+v", r)
		}
	})
}

func TestOutbound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		provider calltest.Phone
		want     string // address the trunk dialled and that answered
	}{
		{"through the first trunk", calltest.Phone{AnswerAfter: 5 * time.Second}, "Provider/+74951234567"},
		{"through the backup when the first is down", calltest.Phone{Reject: call.CauseUnavailable}, "Backup/+74951234567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.trunk.Set("Provider/+74951234567", tt.provider)
				o.trunk.Set("Backup/+74951234567", calltest.Phone{AnswerAfter: time.Second})
				a := o.call("sip/101", "101", "91234567")
				time.Sleep(6 * time.Second)
				out := o.trunk.Last(tt.want)
				if out == nil || !out.State().Answered {
					t.Fatalf("%s was not dialled and answered; dialled %d legs", tt.want, len(o.trunk.Legs()))
				}
				if from := o.trunk.From(); from[len(from)-1].Number != "101" {
					t.Errorf("dialled out with caller ID %+v; want the extension's", from)
				}
				hear(t, a, out)
				a.HangsUp(call.CauseNormal)
				recs := o.records()
				if len(recs) != 1 || recs[0].Direction != "outbound" || recs[0].Destination != "trunk/"+tt.want {
					t.Errorf("records %+v; want one outbound to trunk/%s", recs, tt.want)
				}
			})
		})
	}
}

func TestOutboundRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, channel, number, called string
	}{
		{"internal extension, city number", "sip/103", "103", "91234567"},
		{"national extension, international number", "sip/101", "101", "81044123456"},
		{"unassigned FXS port", "fxs/3", "", "91234567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.trunk.Set("Provider/+74951234567", calltest.Phone{})
				o.trunk.Set("Provider/+44123456", calltest.Phone{})
				a := o.call(tt.channel, tt.number, tt.called)
				recv(t, a.Done())
				if st := a.State(); st.Cause != call.CauseRejected || st.Answered {
					t.Errorf("caller: %+v; want refused with rejected, unanswered", st)
				}
				if n := len(o.trunk.Legs()); n != 0 {
					t.Errorf("%d legs dialled on the trunk; want none", n)
				}
				recs := o.records()
				if len(recs) != 1 || recs[0].Cause != "rejected" {
					t.Errorf("records %+v; want one, rejected", recs)
				}
			})
		})
	}
}

func TestInbound(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		did       string
		wantRing  bool
		wantCause call.Cause
	}{
		{"DID of an extension rings it", "103", true, 0},
		{"DID without an extension", "+74950000000", false, call.CauseNotFound},
		{"DID matching an outbound rule goes nowhere", "91234567", false, call.CauseNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.sip.Set("103", calltest.Phone{AnswerAfter: time.Second})
				o.trunk.Set("Provider/+74951234567", calltest.Phone{})
				a := o.call("trunk/Provider", "+79161234567", tt.did)
				time.Sleep(2 * time.Second)
				if tt.wantRing {
					b := o.sip.Last("103")
					if b == nil || !b.State().Answered {
						t.Fatal("103 did not ring and answer")
					}
					hear(t, b, a)
					a.HangsUp(call.CauseNormal)
				} else if st := a.State(); !st.Ended || st.Cause != tt.wantCause {
					t.Errorf("caller: %+v; want hung up with %v", st, tt.wantCause)
				}
				if n := len(o.trunk.Legs()); n != 0 {
					t.Errorf("%d legs dialled out; want none", n)
				}
				recs := o.records()
				if len(recs) != 1 || recs[0].Direction != "inbound" {
					t.Errorf("records %+v; want one inbound", recs)
				}
			})
		})
	}
}

// TestConfigChange: changes apply to new calls without a restart, and a
// call in progress carries on through them.
func TestConfigChange(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		o := newOffice(t)
		o.sip.Set("101", calltest.Phone{})
		o.trunk.Set("Provider/+74951234567", calltest.Phone{})

		talking := o.call("sip/102", "102", "101")
		time.Sleep(time.Second)
		desk := o.sip.Last("101")

		refused := o.call("sip/103", "103", "91234567")
		recv(t, refused.Done())
		if st := refused.State(); st.Cause != call.CauseRejected {
			t.Fatalf("before the change: %+v; want rejected", st)
		}

		ext, err := o.st.Extensions().Get(ctx, o.ids["103"])
		o.must(err)
		ext.Outbound = store.OutboundLocal
		o.must(o.st.Extensions().Update(ctx, &ext))
		o.must(o.st.Extensions().Delete(ctx, o.ids["101"]))
		o.applied()

		allowed := o.call("sip/103", "103", "91234567")
		time.Sleep(time.Second)
		if out := o.trunk.Last("Provider/+74951234567"); out == nil || !out.State().Answered || allowed.State().Ended {
			t.Errorf("after allowing 103 out, its call did not go out")
		}
		gone := o.call("sip/102", "102", "101")
		recv(t, gone.Done())
		if st := gone.State(); st.Cause != call.CauseNotFound {
			t.Errorf("call to a deleted extension: %+v; want not found", st)
		}
		if talking.State().Ended || desk.State().Ended {
			t.Fatal("the call in progress ended with the change")
		}
		hear(t, talking, desk)
		talking.HangsUp(call.CauseNormal)
		allowed.HangsUp(call.CauseNormal)
	})
}

// TestTransfer: the callee transfers the caller (blind, a SIP REFER),
// routed as a call of its own: to an outside number its extension may not
// call the transfer is refused, the callee told so (403 in a SIP NOTIFY)
// and the call goes on; to an extension it goes through and the
// transferring party is told so and hung up.
func TestTransfer(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{})
		o.sip.Set("101", calltest.Phone{AnswerAfter: 2 * time.Second})
		o.trunk.Set("Provider/+74951234567", calltest.Phone{})
		a := o.call("trunk/Provider", "+79161234567", "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")

		b.Transfers("91234567") // 103 may call internal numbers only
		time.Sleep(time.Second)
		if b.State().Ended || len(o.trunk.Legs()) != 0 {
			t.Fatal("a transfer out of the box was carried out for an extension that may not call out")
		}
		if got := b.State().Transferred; !slices.Equal(got, []call.Cause{call.CauseRejected}) {
			t.Errorf("103 was told %v of its refused transfer; want [%v]", got, call.CauseRejected)
		}
		hear(t, a, b)

		b.Transfers("101")
		time.Sleep(3 * time.Second)
		c := o.sip.Last("101")
		if c == nil || !c.State().Answered {
			t.Fatal("101 was not rung and answered")
		}
		if st := b.State(); !st.Ended || !st.ByUs || !slices.Equal(st.Transferred, []call.Cause{call.CauseRejected, 0}) {
			t.Errorf("transferring party: %+v; want told the transfer is done, and hung up by the switch", st)
		}
		hear(t, a, c)
		hear(t, c, a)
		c.HangsUp(call.CauseNormal)
		recs := o.records()
		if len(recs) != 1 || recs[0].Destination != "sip/101" {
			t.Errorf("records %+v; want one ending at sip/101", recs)
		}
	})
}
