package dialplan_test

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestPhoneHoldsAndTransfers: 101's SIP phone calls 103 and puts it on
// hold: 103 hears music on hold instead of 101; taking the call back,
// the two talk again. Holding again, 101 asks for 103 to be transferred to
// 102 (REFER): 103 hears ringback while 101 stays in the call; once 102
// answers, 101 is told the transfer is done and hung up, and 103 talks to
// 102.
func TestPhoneHoldsAndTransfers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{})
		o.sip.Set("102", calltest.Phone{AnswerAfter: 3 * time.Second})
		o.fxs.Set("102", never)
		a := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		o.sw.Incoming(calltest.HoldsItself(a), "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		hear(t, a, b)

		a.Flashes() // hold
		time.Sleep(time.Second)
		if !sound(b, 20) {
			t.Error("103 on hold hears no music")
		}
		if n := a.State().Recalls; n != 0 {
			t.Errorf("101 was asked for a second number %d times; want none", n)
		}
		said := calltest.Tone(4321)
		a.Says(said)
		time.Sleep(100 * time.Millisecond)
		if contains(b.Heard(), said) {
			t.Error("103 on hold hears 101")
		}

		a.Flashes() // resume
		time.Sleep(time.Second)
		hear(t, a, b)
		hear(t, b, a)

		a.Flashes()
		time.Sleep(time.Second)
		a.Transfers("102")
		time.Sleep(time.Second)
		if st := a.State(); st.Ended || len(st.Transferred) != 0 {
			t.Errorf("101 while 102 rings: %+v; want up, told nothing yet", st)
		}
		desk := o.sip.Last("102")
		if desk == nil || desk.Remote().Number != "102" {
			t.Fatal("102 was not rung")
		}
		if !sound(b, 20) {
			t.Error("103 hears no ringback while 102 rings")
		}
		time.Sleep(3 * time.Second)
		if !desk.State().Answered {
			t.Fatal("102 did not answer")
		}
		if st := a.State(); !st.Ended || !st.ByUs || !slices.Equal(st.Transferred, []call.Cause{0}) {
			t.Errorf("101 after 102 answered: %+v; want told the transfer is done, then hung up by the switch", st)
		}
		talkThenHangUp(t, b, desk)
	})
}

// TestCalleePhoneHoldsAndTransfers: 101 on an analog phone calls 103,
// whose SIP phone holds the call and transfers 101 to 102 (REFER): 101
// hears music, then ringback; once 102 answers, 103 is told the transfer
// is done and hung up, and 101 talks to 102. When 102 hangs up, the call
// is over for 101 too, rather than going back to 103's finished hold.
func TestCalleePhoneHoldsAndTransfers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{HoldsItself: true})
		o.sip.Set("102", calltest.Phone{AnswerAfter: 2 * time.Second})
		o.fxs.Set("102", never)
		a := calltest.NewLeg("fxs/101", call.Party{Number: "101"})
		o.sw.Incoming(a, "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		hear(t, a, b)

		b.Flashes() // hold
		time.Sleep(time.Second)
		if !sound(a, 20) {
			t.Error("101 on hold hears no music")
		}
		if n := b.State().Recalls; n != 0 {
			t.Errorf("103 was asked for a second number %d times; want none", n)
		}
		b.Transfers("102")
		time.Sleep(time.Second)
		desk := o.sip.Last("102")
		if desk == nil || desk.Remote().Number != "102" {
			t.Fatal("102 was not rung")
		}
		time.Sleep(2 * time.Second)
		if !desk.State().Answered {
			t.Fatal("102 did not answer")
		}
		if st := b.State(); !st.Ended || !st.ByUs || !slices.Equal(st.Transferred, []call.Cause{0}) {
			t.Errorf("103 after 102 answered: %+v; want told the transfer is done, then hung up by the switch", st)
		}
		talkThenHangUp(t, a, desk)
		if n := len(o.sip.Legs()); n != 2 {
			t.Errorf("%d SIP legs dialled; want 103 and 102 only", n)
		}
	})
}

// TestPhoneHoldsFailedTransfer: 101's SIP phone holds 103 and asks for it
// to be transferred to 102, which is busy: 101 is told so and stays in the
// call, 103 hears music on hold again, and when 101 takes the call back
// (its next flash) the two talk.
func TestPhoneHoldsFailedTransfer(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{})
		o.sip.Set("102", calltest.Phone{Busy: true})
		o.fxs.Set("102", calltest.Phone{Busy: true})
		a := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		o.sw.Incoming(calltest.HoldsItself(a), "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		hear(t, a, b)

		a.Flashes() // hold
		time.Sleep(time.Second)
		a.Transfers("102")
		time.Sleep(2 * time.Second)
		if st := a.State(); st.Ended || !slices.Equal(st.Transferred, []call.Cause{call.CauseBusy}) {
			t.Fatalf("101 after its transfer to a busy 102: %+v; want up, told busy", st)
		}
		if !sound(b, 20) {
			t.Error("103 hears no music on hold after the failed transfer")
		}
		a.Flashes() // resume
		time.Sleep(time.Second)
		talkThenHangUp(t, a, b)
	})
}

// contains reports whether frames holds f.
func contains(frames []call.Frame, f call.Frame) bool {
	for _, g := range frames {
		if g == f {
			return true
		}
	}
	return false
}

// TestPhoneAttendedTransfer: 101's SIP phone talks to 103 in one call and
// to 102 in another, and asks to join them (REFER with Replaces, which
// its channel reports on both of its legs): 101 is hung up in both calls,
// 103 and 102 talk through the pair that joins the calls, and when 102
// hangs up, 103 is hung up too.
func TestPhoneAttendedTransfer(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{})
		o.sip.Set("102", calltest.Phone{})
		o.fxs.Set("102", never)
		first := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		o.sw.Incoming(calltest.HoldsItself(first), "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		first.Flashes() // 101 holds 103
		second := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		o.sw.Incoming(calltest.HoldsItself(second), "102")
		time.Sleep(time.Second)
		c := o.sip.Last("102")
		hear(t, second, c)

		first.TransfersReplacing("102", second.ID())
		second.TransfersReplacing("102", second.ID())
		time.Sleep(time.Second)
		for _, l := range []*calltest.Leg{first, second} {
			if st := l.State(); !st.Ended || !st.ByUs {
				t.Errorf("101's leg after the transfer: %+v; want hung up by the switch", st)
			}
		}
		hear(t, b, c)
		hear(t, c, b)
		c.HangsUp(call.CauseNormal)
		time.Sleep(time.Second)
		if !b.State().Ended {
			t.Error("103 still up after 102, whom it was joined to, hung up")
		}
	})
}

// TestPhoneAttendedTransferAlone: when the other call never reports its
// side of the transfer, the held party is hung up after the wait instead
// of hearing silence for ever.
func TestPhoneAttendedTransferAlone(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{})
		first := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		o.sw.Incoming(calltest.HoldsItself(first), "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		first.TransfersReplacing("102", "sip/101/gone")
		time.Sleep(5 * time.Second)
		if b.State().Ended {
			t.Fatal("103 hung up before the wait for the other call passed")
		}
		time.Sleep(10 * time.Second)
		if !b.State().Ended {
			t.Error("103 still up long after the other call failed to take the transfer")
		}
	})
}
