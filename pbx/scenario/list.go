package scenario

import (
	"context"
	"strings"
)

// Outcomes of a list.
const (
	OutcomeMatch   = "match"
	OutcomeNoMatch = "no_match"
)

// List checks the caller's number against a black or white list: match
// when an entry equals it, or an entry marked prefix starts it (a leading
// + is ignored on both sides); no_match otherwise, and for a caller
// without a number.
type List struct {
	ListID int64 `json:"list_id"`
}

func (p *List) Outcomes() []string { return []string{OutcomeMatch, OutcomeNoMatch} }

func (p *List) check(v *checker) { v.refID("list_id", RefList, p.ListID) }

func (p *List) run(ctx context.Context, x *execution) (string, bool, error) {
	n := strings.TrimPrefix(x.vars[VarCaller], "+")
	if n == "" {
		return OutcomeNoMatch, false, nil
	}
	for _, e := range x.snap.lists[p.ListID] {
		pat := strings.TrimPrefix(e.Pattern, "+")
		if pat == n || e.Prefix && pat != "" && strings.HasPrefix(n, pat) {
			return OutcomeMatch, false, nil
		}
	}
	return OutcomeNoMatch, false, nil
}
