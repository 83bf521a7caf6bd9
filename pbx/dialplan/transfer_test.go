package dialplan_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// sound reports whether any of the last n frames leg's far end heard is not
// silence.
func sound(leg *calltest.Leg, n int) bool {
	h := leg.Heard()
	for _, f := range h[max(0, len(h)-n):] {
		for _, v := range f {
			if v != 0 {
				return true
			}
		}
	}
	return false
}

// talkThenHangUp checks that a and b hear each other, then hangs b up and
// checks that the call ends for a too.
func talkThenHangUp(t *testing.T, a, b *calltest.Leg) {
	t.Helper()
	hear(t, a, b)
	hear(t, b, a)
	b.HangsUp(call.CauseNormal)
	time.Sleep(time.Second)
	if !a.State().Ended {
		t.Errorf("%s still up after %s hung up", a.Channel(), b.Channel())
	}
}

// TestFlashBlindTransfer: 101 calls 103, which flashes: 101 hears music on
// hold, 103 dials 102 and hangs up while it rings; 101 hears ringback and
// talks to 102 once it answers.
func TestFlashBlindTransfer(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{})
		o.sip.Set("102", never)
		o.fxs.Set("102", never)
		a := o.call("sip/101", "101", "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		hear(t, a, b)
		b.Flashes()
		time.Sleep(time.Second)
		if !sound(a, 20) {
			t.Error("the held caller hears no music on hold")
		}
		if n := b.State().Recalls; n != 1 {
			t.Fatalf("103 was asked for a second number %d times; want 1", n)
		}
		b.Dials("102")
		time.Sleep(time.Second)
		desk, analog := o.sip.Last("102"), o.fxs.Last("102")
		if desk == nil || analog == nil {
			t.Fatal("102 was not rung")
		}
		b.HangsUp(call.CauseNormal)
		time.Sleep(10 * time.Second)
		if a.State().Ended || desk.State().Ended {
			t.Fatalf("after 103 hung up: 101 %+v, 102 %+v; want both up", a.State(), desk.State())
		}
		if !sound(a, 300) { // 6 s: the ringback cadence is 1 s on, 4 s off
			t.Error("101 hears no ringback while 102 rings")
		}
		desk.Answers()
		time.Sleep(time.Second)
		if st := analog.State(); !st.Ended {
			t.Errorf("102's FXS phone still rings after its SIP phone answered")
		}
		talkThenHangUp(t, a, desk)
	})
}

// TestFlashAttendedTransfer: 101 calls 103 and flashes itself: 103 is held,
// 101 dials 102, which answers; flashes swap 101 between them; 101 hangs up
// and 103 talks to 102.
func TestFlashAttendedTransfer(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.sip.Set("103", calltest.Phone{})
		o.sip.Set("102", calltest.Phone{AnswerAfter: 2 * time.Second})
		o.fxs.Set("102", never)
		a := o.call("sip/101", "101", "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		a.Flashes()
		time.Sleep(time.Second)
		a.Dials("102")
		time.Sleep(time.Second)
		if !sound(a, 40) {
			t.Error("101 hears no ringback while 102 rings")
		}
		time.Sleep(2 * time.Second)
		c := o.sip.Last("102")
		if !c.State().Answered {
			t.Fatal("102 did not answer")
		}
		hear(t, a, c)
		hear(t, c, a)
		if !sound(b, 20) {
			t.Error("103 on hold hears no music")
		}
		a.Flashes() // back to 103, 102 held
		time.Sleep(time.Second)
		hear(t, a, b)
		hear(t, b, a)
		if !sound(c, 20) {
			t.Error("102 on hold hears no music")
		}
		a.Flashes() // 102 again
		time.Sleep(time.Second)
		hear(t, a, c)
		a.HangsUp(call.CauseNormal)
		time.Sleep(time.Second)
		if b.State().Ended || c.State().Ended {
			t.Fatalf("after 101 hung up: 103 %+v, 102 %+v; want both up", b.State(), c.State())
		}
		talkThenHangUp(t, b, c)
	})
}

// TestFlashBackToHeld: what takes a flashing party back to the held one,
// after which the two talk again.
func TestFlashBackToHeld(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		act  func(o *office, b *calltest.Leg)
	}{
		{"flash again", func(o *office, b *calltest.Leg) { b.FlashesAgain() }},
		{"number above 103's level", func(o *office, b *calltest.Leg) { b.Dials("9123456") }},
		{"unknown number", func(o *office, b *calltest.Leg) { b.Dials("555") }},
		{"busy", func(o *office, b *calltest.Leg) {
			o.sip.Set("102", calltest.Phone{Busy: true})
			o.fxs.Set("102", calltest.Phone{Busy: true})
			b.Dials("102")
		}},
		{"no answer", func(o *office, b *calltest.Leg) { b.Dials("102"); time.Sleep(time.Minute) }},
		{"flash while it rings", func(o *office, b *calltest.Leg) {
			b.Dials("102")
			time.Sleep(time.Second)
			b.Flashes()
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.sip.Set("103", calltest.Phone{})
				o.sip.Set("102", never)
				o.fxs.Set("102", never)
				a := o.call("sip/101", "101", "103")
				time.Sleep(time.Second)
				b := o.sip.Last("103")
				b.Flashes()
				time.Sleep(time.Second)
				tc.act(o, b)
				time.Sleep(time.Second)
				for _, l := range []*calltest.Leg{o.sip.Last("102"), o.fxs.Last("102")} {
					if l != nil && !l.State().Ended {
						t.Errorf("%s still rings", l.Channel())
					}
				}
				talkThenHangUp(t, b, a)
			})
		})
	}
}

// TestFlashTransferFollowsNoAnswerForward: 101 calls 103, which flashes
// and dials 102; 102 forwards on no answer after 5 s to 106 (an analog
// phone), so after 5 s of ringing 106 rings, as a call dialled to 102
// would go, answers, and talks to 103; when 103 hangs up, 101 and 106
// talk: an attended transfer to the forward.
func TestFlashTransferFollowsNoAnswerForward(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		f := store.ExtensionForward{ExtensionID: o.ids["102"], NoAnswer: "106", NoAnswerSecs: 5}
		o.must(o.st.ExtensionForwards().Create(context.Background(), &f))
		o.applied()
		o.sip.Set("103", calltest.Phone{})
		o.sip.Set("102", never)
		o.fxs.Set("102", never)
		o.fxs.Set("106", calltest.Phone{AnswerAfter: time.Second})
		a := o.call("sip/101", "101", "103")
		time.Sleep(time.Second)
		b := o.sip.Last("103")
		hear(t, a, b)
		b.Flashes()
		time.Sleep(time.Second)
		b.Dials("102")
		time.Sleep(4 * time.Second)
		if o.fxs.Last("106") != nil {
			t.Fatal("106 rang before 102's ring time of 5 s passed")
		}
		time.Sleep(3 * time.Second)
		third := o.fxs.Last("106")
		if third == nil || !third.State().Answered {
			t.Fatal("102's forward on no answer, 106, was not rung and answered")
		}
		if st := o.sip.Last("102").State(); !st.Ended {
			t.Errorf("102 still rings after its forward rang: %+v", st)
		}
		hear(t, b, third)
		b.HangsUp(call.CauseNormal)
		time.Sleep(time.Second)
		talkThenHangUp(t, a, third)
	})
}
