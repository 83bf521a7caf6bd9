package call_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestEvents: a call from ring to hang-up produces started, ringing,
// answered, bridged and ended, in that order, with consecutive numbers.
func TestEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, ringAndBridge(sip("102")),
			map[string]calltest.Phone{"102": {AnswerAfter: 2 * time.Second, HangUpAfter: 5 * time.Second}})
		events, cancel := r.sw.Subscribe()
		defer cancel()
		recv(t, r.call("101", "102").Done())
		r.shutdown()
		type ev struct {
			kind    call.CallEventKind
			channel string
			cause   call.Cause
		}
		want := []ev{
			{call.CallStarted, "sip/101", 0},
			{call.CallRinging, "sip/102", 0},
			{call.CallAnswered, "sip/102", 0},
			{call.CallBridged, "sip/102", 0},
			{call.CallEnded, "sip/101", call.CauseNormal},
		}
		for i, w := range want {
			var e call.CallEvent
			select {
			case e = <-events:
			default:
				t.Fatalf("event %d missing; want %v", i, w.kind)
			}
			if got := (ev{e.Kind, e.Channel, e.Cause}); got != w {
				t.Errorf("event %d = %v %s %v; want %v %s %v", i, got.kind, got.channel, got.cause, w.kind, w.channel, w.cause)
			}
			if e.Seq != uint64(i+1) || e.CallID == "" || e.Caller.Number != "101" || e.Called != "102" {
				t.Errorf("event %d = %+v; want seq %d of call to 102 from 101", i, e, i+1)
			}
		}
		select {
		case e := <-events:
			t.Errorf("unexpected event %+v", e)
		default:
		}
	})
}

// TestSlowSubscriber: a subscriber that never reads loses events but holds
// up no call, and can tell from Seq where events are missing.
func TestSlowSubscriber(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, ringAndBridge(sip("102")), map[string]calltest.Phone{"102": {Busy: true}})
		slow, cancel := r.sw.Subscribe()
		defer cancel()
		const calls = 50
		for range calls {
			caller := r.call("101", "102")
			recv(t, caller.Done())
		}
		r.shutdown()
		if n := len(r.recs.All()); n != calls {
			t.Fatalf("%d call records; want %d", n, calls)
		}
		n := 0
		for len(slow) > 0 {
			e := recv(t, slow)
			n++
			if e.Seq != uint64(n) {
				t.Fatalf("event %d has Seq %d", n, e.Seq)
			}
		}
		if n != 64 {
			t.Errorf("slow subscriber kept %d events; want the first 64", n)
		}
	})
}

// TestNoLeaks: after calls of every kind end, the switch has no goroutine
// left.
func TestNoLeaks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		phones := map[string]calltest.Phone{
			"102": {AnswerAfter: time.Second, HangUpAfter: 5 * time.Second},
			"103": {Busy: true},
			"104": {AnswerAfter: calltest.Never},
			"105": {AnswerAfter: time.Second, HangUpAfter: 3 * time.Second, Media: calltest.Relay},
		}
		r := newRig(t, ringAndBridge(sip("102"), sip("103"), sip("104"), sip("105")), phones)
		baseline := bubbleGoroutines()
		var callers []*calltest.Leg
		for range 5 {
			callers = append(callers, r.call("101", "102"))
		}
		time.Sleep(2 * time.Second)
		if n := bubbleGoroutines(); n <= baseline {
			t.Fatalf("%d goroutines during the calls, %d before", n, baseline)
		}
		callers[0].HangsUp(call.CauseNormal)
		for _, c := range callers {
			recv(t, c.Done())
		}
		synctest.Wait()
		if n := bubbleGoroutines(); n != baseline {
			t.Errorf("%d goroutines after the calls ended; want %d as before", n, baseline)
		}
		if n := len(r.sw.Active()); n != 0 {
			t.Errorf("%d calls still active", n)
		}
	})
}

func TestShutdown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, ringAndBridge(sip("102")), map[string]calltest.Phone{"102": {}})
		a1, a2 := r.call("101", "102"), r.call("103", "102")
		time.Sleep(time.Second)
		if n := len(r.sw.Active()); n != 2 {
			t.Fatalf("%d calls active; want 2", n)
		}
		r.shutdown()
		for _, l := range append([]*calltest.Leg{a1, a2}, r.sip.Legs()...) {
			if st := l.State(); !st.Ended || !st.ByUs || st.Cause != call.CauseNormal {
				t.Errorf("%s after Shutdown: %+v; want hung up normal", l.Channel(), st)
			}
		}
		if n := len(r.recs.All()); n != 2 {
			t.Errorf("%d call records; want 2", n)
		}
		late := r.call("104", "102")
		if st := late.State(); !st.Ended || st.Cause != call.CauseCongestion {
			t.Errorf("call after Shutdown: %+v; want refused with congestion", st)
		}
	})
}

func TestMaxCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := calltest.NewDialer("sip", map[string]calltest.Phone{"102": {AnswerAfter: calltest.Never}})
		sw := call.New(call.Options{Dialers: map[string]call.Dialer{"sip": d}, Handler: ringAndBridge(sip("102")),
			MaxCalls: 1, Logger: quietLogger()})
		first := calltest.NewLeg("sip/101", call.Party{Number: "101"})
		sw.Incoming(first, "102")
		second := calltest.NewLeg("sip/103", call.Party{Number: "103"})
		sw.Incoming(second, "102")
		if st := second.State(); !st.Ended || st.Cause != call.CauseCongestion {
			t.Errorf("second call: %+v; want refused with congestion", st)
		}
		if st := first.State(); st.Ended {
			t.Errorf("first call ended: %+v", st)
		}
		sw.Shutdown(context.Background())
	})
}

// TestHandlerEnds: however the handler finishes, the caller is hung up and
// the record says why.
func TestHandlerEnds(t *testing.T) {
	tests := []struct {
		name      string
		handler   func(context.Context, call.Control)
		wantCause call.Cause
	}{
		{"nil handler", nil, call.CauseUnavailable},
		{"returns without answering", func(context.Context, call.Control) {}, call.CauseUnavailable},
		{"returns after answering", func(ctx context.Context, c call.Control) { c.Answer(ctx) }, call.CauseNormal},
		{"hangs up with a cause", func(ctx context.Context, c call.Control) { c.Hangup(ctx, call.CauseRejected) }, call.CauseRejected},
		{"panics", func(context.Context, call.Control) { panic("scenario bug") }, call.CauseCongestion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, tt.handler, nil)
				caller := r.call("101", "102")
				recv(t, caller.Done())
				r.shutdown()
				if st := caller.State(); !st.ByUs || st.Cause != tt.wantCause {
					t.Errorf("caller: %+v; want hung up by the switch with %v", st, tt.wantCause)
				}
				recs := r.recs.All()
				if len(recs) != 1 || recs[0].Cause != tt.wantCause.String() {
					t.Errorf("records %+v; want one with cause %v", recs, tt.wantCause)
				}
			})
		})
	}
}

// TestControlState: Info, variables and steps reach the status page and the
// record.
func TestControlState(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		answered := make(chan struct{})
		r := newRig(t, func(ctx context.Context, c call.Control) {
			c.SetVar(call.VarRoute, "Main DID")
			c.SetVar("lang", "ru")
			c.Step("greeting", "played")
			if got := c.Var("lang"); got != "ru" {
				t.Errorf("Var(lang) = %q", got)
			}
			leg, err := c.Ring(ctx, []call.Target{sip("102")}, time.Minute)
			if err != nil {
				t.Errorf("Ring: %v", err)
				return
			}
			close(answered)
			c.Bridge(ctx, leg)
		}, map[string]calltest.Phone{"102": {AnswerAfter: 3 * time.Second}})
		start := time.Now()
		caller := r.call("101", "102")
		synctest.Wait()
		act := r.sw.Active()
		if len(act) != 1 || act[0].Caller.Number != "101" || act[0].Called != "102" || act[0].Channel != "sip/101" ||
			act[0].Peer != "" || !act[0].Answered.IsZero() || !act[0].Started.Equal(start) {
			t.Errorf("Active() while ringing = %+v", act)
		}
		recv(t, answered)
		synctest.Wait()
		act = r.sw.Active()
		if len(act) != 1 || act[0].Peer != "sip/102" || !act[0].Answered.Equal(start.Add(3*time.Second)) {
			t.Errorf("Active() when bridged = %+v", act)
		}
		caller.HangsUp(call.CauseNormal)
		r.shutdown()
		recs := r.recs.All()
		if len(recs) != 1 || recs[0].Route != "Main DID" {
			t.Fatalf("records %+v; want one with route Main DID", recs)
		}
		for _, want := range []string{`"lang":"ru"`, `"step":"greeting","outcome":"played"`, `"step":"bridge sip/102","outcome":"caller hung up: normal"`} {
			if !strings.Contains(string(recs[0].Details), want) {
				t.Errorf("details %s lack %s", recs[0].Details, want)
			}
		}
	})
}

// bubbleGoroutines counts the goroutines in synctest bubbles: the test's
// own, as tests here do not run in parallel.
func bubbleGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, line := range strings.Split(string(buf), "\n") {
		if strings.HasPrefix(line, "goroutine ") && strings.Contains(line, "synctest bubble") {
			count++
		}
	}
	return count
}

// TestStuckHandler: when every leg has hung up, the call ends even though
// its handler does not return.
func TestStuckHandler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, func(ctx context.Context, c call.Control) {
			c.Answer(ctx)
			time.Sleep(time.Hour) // ignores ctx
		}, nil)
		caller := r.call("101", "102")
		time.Sleep(time.Second)
		caller.HangsUp(call.CauseNormal)
		time.Sleep(3 * time.Second)
		if n := len(r.sw.Active()); n != 0 {
			t.Errorf("%d calls active 3 s after every leg hung up; want 0", n)
		}
		if recs := r.recs.All(); len(recs) != 1 || recs[0].Cause != "normal" {
			t.Errorf("records %+v; want one, normal", recs)
		}
		time.Sleep(time.Hour)
	})
}
