package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestCallOutcomes: each cause of an unanswered call has the outcome the
// call log shows, and the log's outcome filter selects by the same rule.
func TestCallOutcomes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		cause, want string
	}{
		{"no_answer", OutcomeUnanswered},
		{"normal", OutcomeUnanswered},
		{"busy", OutcomeBusy},
		{"unavailable", OutcomeFailed},
		{"congestion", OutcomeFailed},
		{"rejected", OutcomeFailed},
		{"not_found", OutcomeFailed},
	}
	for i, tt := range tests {
		r := CallRecord{StartedAt: start.Add(time.Duration(i) * time.Minute), EndedAt: start.Add(time.Duration(i)*time.Minute + time.Second),
			Caller: "101", Callee: "5555", Source: "sip/101", Cause: tt.cause}
		if got := r.Outcome(); got != tt.want {
			t.Errorf("Outcome() of a call that ended %s = %q; want %q", tt.cause, got, tt.want)
		}
		if err := s.CallRecords().Create(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, outcome := range []string{OutcomeUnanswered, OutcomeBusy, OutcomeFailed} {
		recs, _, err := s.FindCalls(ctx, CallQuery{Outcome: outcome})
		if err != nil {
			t.Fatal(err)
		}
		var want, got []string
		for _, tt := range tests {
			if tt.want == outcome {
				want = append(want, tt.cause)
			}
		}
		for i := len(recs) - 1; i >= 0; i-- { // oldest first, as tests
			got = append(got, recs[i].Cause)
		}
		if !slices.Equal(got, want) {
			t.Errorf("FindCalls(outcome %s) found causes %q; want %q", outcome, got, want)
		}
	}
}
