package scenario

import (
	"context"
	"strconv"

	"github.com/hookflash/firmware/pbx/call"
)

// Incoming is where every scenario starts; it goes on by next at once.
type Incoming struct{}

func (p *Incoming) Outcomes() []string { return []string{OutcomeNext} }

func (p *Incoming) check(v *checker) {}

func (p *Incoming) run(ctx context.Context, x *execution) (string, bool, error) {
	return OutcomeNext, false, nil
}

// GoTo continues the call in another scenario, from its Incoming call
// element, as the configuration had it when the call came in.
type GoTo struct {
	ScenarioID int64 `json:"scenario_id"`
}

func (p *GoTo) Outcomes() []string { return nil }

func (p *GoTo) check(v *checker) { v.refID("scenario_id", RefScenario, p.ScenarioID) }

func (p *GoTo) run(ctx context.Context, x *execution) (string, bool, error) {
	l, err := x.snap.scenarioFor(p.ScenarioID)
	if err != nil {
		x.log.Error("scenario: going on in the default scenario", "element", x.el.ID, "err", err)
	}
	x.scen, x.el = l, l.entry
	return "scenario " + strconv.FormatInt(l.id, 10), false, nil
}

// hangupCauses are the causes a Hangup element may give.
var hangupCauses = map[string]call.Cause{
	"normal": call.CauseNormal, "busy": call.CauseBusy, "no_answer": call.CauseNoAnswer,
	"unavailable": call.CauseUnavailable, "congestion": call.CauseCongestion, "rejected": call.CauseRejected,
	"not_found": call.CauseNotFound,
}

// Hangup ends the call with a cause ("normal" when empty; "busy",
// "rejected", "unavailable", "congestion", "no_answer", "not_found": the
// caller hears that the number exists nowhere). It is final.
type Hangup struct {
	Cause string `json:"cause,omitempty"`
}

func (p *Hangup) Outcomes() []string { return nil }

func (p *Hangup) check(v *checker) {
	if _, ok := hangupCauses[p.Cause]; !ok && p.Cause != "" {
		v.param("cause", "must be one of normal, busy, rejected, unavailable, congestion, no_answer, not_found")
	}
}

func (p *Hangup) run(ctx context.Context, x *execution) (string, bool, error) {
	cause := hangupCauses[p.Cause]
	if cause == 0 {
		cause = call.CauseNormal
	}
	x.c.Hangup(ctx, cause)
	return cause.String(), true, nil
}
