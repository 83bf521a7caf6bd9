package call_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestRingEarlyMedia: the caller is told the call rings as soon as the
// target is dialled, before the target says anything; a target's early
// media reaches the caller while it rings, and stops reaching it once the
// target answered and the bridge took over.
func TestRingEarlyMedia(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, ringAndBridge(sip("101")), map[string]calltest.Phone{"101": {AnswerAfter: calltest.Never}})
		caller := r.call("200", "101")
		synctest.Wait()
		if st := caller.State(); !st.Progressed || st.Early {
			t.Fatalf("caller after the dial, before the target rings: %+v; want told it rings, no early media", st)
		}
		target := r.sip.Last("101")
		announcement := calltest.Tone(1200)
		target.Rings(true)
		for range 10 {
			target.Says(announcement)
		}
		time.Sleep(300 * time.Millisecond)
		synctest.Wait()
		if st := caller.State(); !st.Early || st.Answered {
			t.Errorf("caller while the target plays early media: %+v; want early media, unanswered", st)
		}
		if !contains(caller.Heard(), announcement) {
			t.Errorf("the caller did not hear the target's early media")
		}

		target.Answers()
		time.Sleep(100 * time.Millisecond) // the relay stops within a frame
		synctest.Wait()
		if st := caller.State(); !st.Answered {
			t.Errorf("caller after the answer: %+v; want answered", st)
		}
		talk := calltest.Tone(900)
		target.Says(talk)
		time.Sleep(100 * time.Millisecond)
		synctest.Wait()
		if !contains(caller.Heard(), talk) {
			t.Errorf("the caller did not hear the answered target through the bridge")
		}
		if target.PCM().Misuse() != 0 || caller.PCM().Misuse() != 0 {
			t.Errorf("early media pumped a relayed leg")
		}
		r.shutdown()
	})
}

// TestRingEarlyMediaFirstTarget: of two targets with early media, the
// caller hears the first; when it gives up ringing, the other's is heard.
func TestRingEarlyMediaFirstTarget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, ringAndBridge(sip("101"), sip("102")), map[string]calltest.Phone{
			"101": {AnswerAfter: calltest.Never}, "102": {AnswerAfter: calltest.Never},
		})
		caller := r.call("200", "101")
		synctest.Wait()
		first, second := r.sip.Last("101"), r.sip.Last("102")
		a, b := calltest.Tone(1100), calltest.Tone(1300)
		first.Rings(true)
		synctest.Wait()
		second.Rings(true)
		for range 5 {
			first.Says(a)
			second.Says(b)
		}
		time.Sleep(200 * time.Millisecond)
		synctest.Wait()
		if heard := caller.Heard(); !contains(heard, a) || contains(heard, b) {
			t.Errorf("the caller heard first %v, second %v; want only the first target's early media", contains(heard, a), contains(heard, b))
		}
		first.HangsUp(call.CauseBusy)
		synctest.Wait()
		second.Rings(true) // a new indication from the one still ringing
		for range 5 {
			second.Says(b)
		}
		time.Sleep(200 * time.Millisecond)
		synctest.Wait()
		if !contains(caller.Heard(), b) {
			t.Errorf("the caller did not hear the second target's early media after the first left")
		}
		r.shutdown()
	})
}

// melodyWhileRinging holds the caller with melody while it rings 101, as a
// scenario plays a route's waiting melody, and bridges whoever answers.
func melodyWhileRinging(melody call.Frame) func(context.Context, call.Control) {
	return func(ctx context.Context, c call.Control) {
		tr := c.(call.Transferrer)
		stop := tr.Hold(tr.CallerLeg(), music{melody})
		leg, err := c.Ring(ctx, []call.Target{sip("101")}, time.Minute)
		stop()
		if err == nil {
			c.Bridge(ctx, leg)
		}
	}
}

// TestHoldUnansweredCallerIsEarlyMedia: a melody played to a caller that
// is not answered goes as early media: the caller hears it without being
// answered, the target's own early media stands back while it plays, and
// the call is answered, in its record too, only when the target answers.
func TestHoldUnansweredCallerIsEarlyMedia(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		melody := calltest.Tone(1500)
		r := newRig(t, melodyWhileRinging(melody), map[string]calltest.Phone{"101": {AnswerAfter: calltest.Never}})
		caller := r.call("200", "101")
		synctest.Wait()
		target := r.sip.Last("101")
		announcement := calltest.Tone(1200)
		target.Rings(true)
		for range 10 {
			target.Says(announcement)
		}
		time.Sleep(3 * time.Second)
		synctest.Wait()
		if st := caller.State(); !st.Early || st.Answered {
			t.Errorf("caller while the melody plays: %+v; want early media, unanswered", st)
		}
		if heard := caller.Heard(); !contains(heard, melody) || contains(heard, announcement) {
			t.Errorf("the caller heard the melody %v, the target's early media %v; want only the melody",
				contains(heard, melody), contains(heard, announcement))
		}
		target.Answers()
		time.Sleep(time.Second)
		synctest.Wait()
		if st := caller.State(); !st.Answered {
			t.Errorf("caller after the target answered: %+v; want answered", st)
		}
		caller.HangsUp(call.CauseNormal)
		r.shutdown()
		rec := r.recs.All()[0]
		if d := rec.AnsweredAt.Sub(rec.StartedAt); d < 3*time.Second {
			t.Errorf("the record's answer time is %v into the call; want the target's answer, 3 s in", d)
		}
	})
}

// TestHoldCallerWithoutEarlyMedia: a caller whose channel cannot take
// early media (a GSM call that still rings) is neither answered nor
// played to by a melody before the answer.
func TestHoldCallerWithoutEarlyMedia(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		melody := calltest.Tone(1500)
		r := newRig(t, melodyWhileRinging(melody), map[string]calltest.Phone{"101": {AnswerAfter: 2 * time.Second}})
		caller := &noEarlyLeg{calltest.NewLeg("gsm/1", call.Party{Number: "+79160000000"})}
		r.sw.Incoming(caller, "101")
		time.Sleep(time.Second)
		synctest.Wait()
		if st := caller.State(); st.Answered || contains(caller.Heard(), melody) {
			t.Errorf("caller without early media while 101 rings: answered %v, heard the melody %v; want neither",
				st.Answered, contains(caller.Heard(), melody))
		}
		time.Sleep(2 * time.Second)
		caller.HangsUp(call.CauseNormal)
		r.shutdown()
	})
}

// noEarlyLeg is a caller whose channel refuses early media.
type noEarlyLeg struct{ *calltest.Leg }

func (l *noEarlyLeg) Progress(ctx context.Context, early bool) error {
	if early {
		return errors.New("no early media before the answer")
	}
	return l.Leg.Progress(ctx, early)
}
