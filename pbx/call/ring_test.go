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

func TestRing(t *testing.T) {
	never := calltest.Phone{AnswerAfter: calltest.Never}
	tests := []struct {
		name         string
		phones       map[string]calltest.Phone
		targets      []call.Target
		timeout      time.Duration
		callerLeaves time.Duration // the caller hangs up this long after the call starts; 0: never
		wantErr      error         // nil: answered
		wantWinner   string
		wantAt       time.Duration         // when Ring returned
		wantOthers   map[string]call.Cause // the other dialled legs, hung up by the switch with this cause
	}{
		{
			name:    "one target answers",
			phones:  map[string]calltest.Phone{"101": {AnswerAfter: 3 * time.Second}},
			targets: []call.Target{sip("101")}, timeout: 30 * time.Second,
			wantWinner: "sip/101", wantAt: 3 * time.Second,
		},
		{
			name: "forking: the first answer wins and the others are cancelled",
			phones: map[string]calltest.Phone{
				"101": {AnswerAfter: 5 * time.Second}, "102": {AnswerAfter: 2 * time.Second}, "103": never,
			},
			targets: []call.Target{sip("101"), sip("102"), sip("103")}, timeout: 30 * time.Second,
			wantWinner: "sip/102", wantAt: 2 * time.Second,
			wantOthers: map[string]call.Cause{"sip/101": call.CauseNormal, "sip/103": call.CauseNormal},
		},
		{
			name:    "all busy",
			phones:  map[string]calltest.Phone{"101": {Busy: true}, "102": {Busy: true}},
			targets: []call.Target{sip("101"), sip("102")}, timeout: 30 * time.Second,
			wantErr: call.CauseBusy,
		},
		{
			name:    "busy and unreachable is busy",
			phones:  map[string]calltest.Phone{"101": {Busy: true}},
			targets: []call.Target{sip("101"), sip("109")}, timeout: 30 * time.Second,
			wantErr: call.CauseBusy,
		},
		{
			name:    "nobody answers before the timeout",
			phones:  map[string]calltest.Phone{"101": never, "102": never},
			targets: []call.Target{sip("101"), sip("102")}, timeout: 20 * time.Second,
			wantErr: call.CauseNoAnswer, wantAt: 20 * time.Second,
			wantOthers: map[string]call.Cause{"sip/101": call.CauseNoAnswer, "sip/102": call.CauseNoAnswer},
		},
		{
			name:    "none can be dialled",
			phones:  map[string]calltest.Phone{},
			targets: []call.Target{sip("109"), {Kind: "gsm", Address: "1"}}, timeout: 30 * time.Second,
			wantErr: call.CauseUnavailable,
		},
		{
			name:    "rejected by the channel",
			phones:  map[string]calltest.Phone{"101": {Reject: call.CauseRejected}},
			targets: []call.Target{sip("101")}, timeout: 30 * time.Second,
			wantErr: call.CauseRejected,
		},
		{
			name:    "no targets",
			targets: nil, timeout: 30 * time.Second,
			wantErr: call.CauseUnavailable,
		},
		{
			name:    "the caller hangs up while they ring",
			phones:  map[string]calltest.Phone{"101": never, "102": never},
			targets: []call.Target{sip("101"), sip("102")}, timeout: 60 * time.Second, callerLeaves: 4 * time.Second,
			wantErr: call.ErrLegEnded, wantAt: 4 * time.Second,
			wantOthers: map[string]call.Cause{"sip/101": call.CauseNormal, "sip/102": call.CauseNormal},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				type result struct {
					leg call.Leg
					err error
					at  time.Duration
				}
				done := make(chan result, 1)
				start := time.Now()
				r := newRig(t, func(ctx context.Context, c call.Control) {
					leg, err := c.Ring(ctx, tt.targets, tt.timeout)
					done <- result{leg, err, time.Since(start)}
				}, tt.phones)
				caller := r.call("200", "100")
				if tt.callerLeaves > 0 {
					time.Sleep(tt.callerLeaves)
					caller.HangsUp(call.CauseNormal)
				}
				res := recv(t, done)
				synctest.Wait()

				if !errors.Is(res.err, tt.wantErr) {
					t.Fatalf("Ring = %v; want %v", res.err, tt.wantErr)
				}
				if res.at != tt.wantAt {
					t.Errorf("Ring returned after %v; want %v", res.at, tt.wantAt)
				}
				if tt.wantErr == nil {
					if res.leg.Channel() != tt.wantWinner {
						t.Errorf("Ring answered by %s; want %s", res.leg.Channel(), tt.wantWinner)
					}
					if st := caller.State(); !st.Progressed {
						t.Errorf("caller was not told the call rings: %+v", st)
					}
				}
				for _, l := range r.sip.Legs() {
					if l.Channel() == tt.wantWinner {
						continue
					}
					want, ok := tt.wantOthers[l.Channel()]
					st := l.State()
					if ok && (!st.Ended || !st.ByUs || st.Cause != want) {
						t.Errorf("%s: %+v; want hung up by the switch with %v", l.Channel(), st, want)
					}
				}
				for _, f := range r.sip.From() {
					if f.Number != "200" {
						t.Errorf("dialled with caller ID %+v; want the caller's", f)
					}
				}
				r.shutdown()
				if recs := r.recs.All(); len(recs) != 1 {
					t.Errorf("%d call records; want 1", len(recs))
				}
			})
		})
	}
}

// Two targets that answer at the same moment: one wins, the other is hung
// up, and they never both stay up.
func TestRingTwoAnswersAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		never := calltest.Phone{AnswerAfter: calltest.Never}
		got := make(chan call.Leg, 1)
		r := newRig(t, func(ctx context.Context, c call.Control) {
			leg, _ := c.Ring(ctx, []call.Target{sip("101"), sip("102")}, time.Minute)
			got <- leg
			<-ctx.Done()
		}, map[string]calltest.Phone{"101": never, "102": never})
		caller := r.call("200", "100")
		synctest.Wait()
		r.sip.Last("102").Answers()
		r.sip.Last("101").Answers()
		leg := recv(t, got)
		synctest.Wait()
		if leg == nil {
			t.Fatal("Ring returned no leg")
		}
		loser := r.sip.Last("101")
		if leg.Channel() == "sip/101" {
			loser = r.sip.Last("102")
		}
		if st := loser.State(); !st.Ended || !st.ByUs || st.Cause != call.CauseNormal {
			t.Errorf("loser %s: %+v; want hung up by the switch, normal", loser.Channel(), st)
		}
		caller.HangsUp(call.CauseNormal)
		synctest.Wait()
		for _, l := range r.sip.Legs() {
			if st := l.State(); !st.Ended {
				t.Errorf("%s still up after the caller left: %+v", l.Channel(), st)
			}
		}
		r.shutdown()
	})
}
