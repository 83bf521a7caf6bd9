package call_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// music is a FrameSource that plays one frame forever.
type music struct{ f call.Frame }

func (m music) ReadFrame(f *call.Frame) error { *f = m.f; return nil }

var holdMusic = calltest.Tone(321)

// transferHandler bridges the caller to 102; when 102 flashes it holds the
// caller with music and consults 103. 102 hanging up while 103 rings or
// talks transfers; 102 flashing while talking to 103 swaps whom it talks
// to. It reports each phase on phases.
func transferHandler(phases chan<- string) func(context.Context, call.Control) {
	return func(ctx context.Context, c call.Control) {
		tr := c.(call.Transferrer)
		b, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
		if err != nil {
			return
		}
		end, err := c.Bridge(ctx, b)
		if err != nil || end.Event.Kind != call.EventFlash {
			return
		}
		ctx = context.WithoutCancel(ctx)
		a := tr.CallerLeg()
		resume := tr.Hold(a, music{holdMusic})
		k, err := tr.Consult(ctx, b.Remote(), []call.Target{sip("103")}, time.Minute)
		if err != nil {
			return
		}
		phases <- "consulting"
		third, ev, err := k.Wait(ctx, b, a)
		if err != nil {
			return
		}
		if third == nil { // 102 left: blind
			phases <- "blind " + ev.Event.Kind.String()
			if third, _, err = k.Wait(ctx, a); third == nil || err != nil {
				return
			}
			resume()
			tr.Join(ctx, a, third)
			return
		}
		phases <- "attended"
		held, talking := a, third
		for {
			ev, err := tr.Join(ctx, b, talking)
			if err != nil {
				return
			}
			resume()
			switch {
			case ev.Leg == b && ev.Event.Kind == call.EventFlash:
				resume = tr.Hold(talking, music{holdMusic})
				held, talking = talking, held
				phases <- "toggled"
			case ev.Leg == b && ev.Event.Kind == call.EventHangup:
				phases <- "transferred"
				tr.Join(ctx, held, talking)
				return
			default:
				return
			}
		}
	}
}

// TestBlindTransferAfterFlash: 102 flashes, 101 hears music on hold, 102
// hangs up while 103 rings, and 101 talks to 103 once it answers.
func TestBlindTransferAfterFlash(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		phases := make(chan string, 8)
		r := newRig(t, transferHandler(phases), map[string]calltest.Phone{
			"102": {}, "103": {AnswerAfter: calltest.Never},
		})
		a := r.call("101", "102")
		time.Sleep(time.Second)
		b := r.sip.Last("102")
		b.Flashes()
		if got := recv(t, phases); got != "consulting" {
			t.Fatalf("phase %q; want consulting", got)
		}
		time.Sleep(200 * time.Millisecond)
		if !contains(a.Heard(), holdMusic) {
			t.Errorf("the held caller did not hear the music on hold")
		}
		b.HangsUp(call.CauseNormal)
		if got := recv(t, phases); got != "blind hangup" {
			t.Fatalf("phase %q; want blind hangup", got)
		}
		c := r.sip.Last("103")
		time.Sleep(5 * time.Second)
		if c.State().Ended {
			t.Fatalf("103 stopped ringing when 102 hung up: %+v", c.State())
		}
		c.Answers()
		time.Sleep(200 * time.Millisecond)
		hello := calltest.Tone(1111)
		a.Says(hello)
		time.Sleep(100 * time.Millisecond)
		if !contains(c.Heard(), hello) {
			t.Errorf("what 101 said did not reach 103 after the transfer")
		}
		c.HangsUp(call.CauseNormal)
		synctest.Wait()
		r.shutdown()
	})
}

// TestAttendedTransferToggle: 102 flashes and consults 103, which answers;
// a flash swaps back to 101 (103 now hears the music), another flash swaps
// to 103 again, and 102's hang-up joins 101 and 103.
func TestAttendedTransferToggle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		phases := make(chan string, 8)
		r := newRig(t, transferHandler(phases), map[string]calltest.Phone{"102": {}, "103": {}})
		a := r.call("101", "102")
		time.Sleep(time.Second)
		b := r.sip.Last("102")
		b.Flashes()
		for _, want := range []string{"consulting", "attended"} {
			if got := recv(t, phases); got != want {
				t.Fatalf("phase %q; want %s", got, want)
			}
		}
		c := r.sip.Last("103")
		says := func(from, to *calltest.Leg, v int16) bool {
			f := calltest.Tone(v)
			from.Says(f)
			time.Sleep(100 * time.Millisecond)
			return contains(to.Heard(), f)
		}
		if !says(b, c, 2001) {
			t.Errorf("102 and 103 do not talk after 103 answered")
		}
		if says(a, c, 2002) {
			t.Errorf("the held 101 is heard by 103")
		}
		b.Flashes()
		if got := recv(t, phases); got != "toggled" {
			t.Fatalf("phase %q; want toggled", got)
		}
		time.Sleep(200 * time.Millisecond)
		if !says(a, b, 2003) {
			t.Errorf("102 does not talk to 101 after the first toggle")
		}
		if !contains(c.Heard(), holdMusic) {
			t.Errorf("103 did not hear the music on hold")
		}
		b.Flashes()
		if got := recv(t, phases); got != "toggled" {
			t.Fatalf("phase %q; want toggled", got)
		}
		if !says(b, c, 2004) {
			t.Errorf("102 does not talk to 103 after the second toggle")
		}
		b.HangsUp(call.CauseNormal)
		if got := recv(t, phases); got != "transferred" {
			t.Fatalf("phase %q; want transferred", got)
		}
		if !says(a, c, 2005) || !says(c, a, 2006) {
			t.Errorf("101 and 103 do not talk after 102 hung up")
		}
		a.HangsUp(call.CauseNormal)
		synctest.Wait()
		r.shutdown()
	})
}
