package scenario

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call/calltest"
)

// TestIncreasingGroupDryRunMatchesRealRun: a member who joins the ringing
// late and answers does so at the same second in a real call and in a dry
// run, and both take the same path.
func TestIncreasingGroupDryRunMatchesRealRun(t *testing.T) {
	t.Parallel()
	src := doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
		`{"id": "g", "type": "group", "params": {"members": ["101", "102", "104"], "strategy": "increasing", "step": 10, "total": 60}, "next": {"next": "bye"}}`, bye)
	tests := []struct {
		name     string
		phones   map[string]calltest.Phone
		answerAt time.Duration // 0: nobody answers
	}{
		{"the second answers 12 s after joining", map[string]calltest.Phone{"101": never, "102": {AnswerAfter: 12 * time.Second}, "104": never}, 22 * time.Second},
		{"the first busy, the third answers", map[string]calltest.Phone{"101": {Busy: true}, "102": never, "104": {AnswerAfter: 5 * time.Second}}, 15 * time.Second},
		{"nobody answers", map[string]calltest.Phone{"101": never, "102": never, "104": never}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var real []string
			var realAnswer time.Duration
			synctest.Test(t, func(t *testing.T) {
				o, path := run(t, baseConfig(), src, func(o *office, caller *calltest.Leg) {
					for n, p := range tt.phones {
						o.phones(p, n)
					}
				})
				real = path
				if r := o.recs.All()[0]; !r.AnsweredAt.IsZero() {
					realAnswer = r.AnsweredAt.Sub(r.StartedAt)
				}
			})
			if realAnswer != tt.answerAt {
				t.Errorf("real call answered after %v; want %v", realAnswer, tt.answerAt)
			}
			dry := DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did, At: tuesdayNoon, Phones: map[string]DryPhone{}}
			for n, p := range tt.phones {
				dry.Phones["sip/"+n] = DryPhone{AnswerAfter: p.AnswerAfter, Never: p.AnswerAfter == calltest.Never, Busy: p.Busy}
			}
			eng := New(Opts{Schedules: workingHours, Logger: quiet()})
			eng.Load(context.Background(), withScenario(baseConfig(), 1, src, did), 1)
			tr, err := eng.DryRun(context.Background(), dry)
			if err != nil {
				t.Fatal(err)
			}
			if got := tracePath(tr); !slices.Equal(got, real) {
				t.Errorf("dry run path %q; real run %q", got, real)
			}
			if tt.answerAt > 0 {
				mark := "+" + tt.answerAt.String() + " ring"
				if !slices.ContainsFunc(tr.Events, func(e string) bool { return strings.Contains(e, mark) && strings.Contains(e, "answers") }) {
					t.Errorf("dry run events %q; want an answer at %s", tr.Events, mark)
				}
			}
		})
	}
}
