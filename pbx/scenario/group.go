package scenario

import (
	"context"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Ring group strategies.
const (
	StrategyAll        = "all"        // every member at once for the whole wait
	StrategyInTurn     = "in_turn"    // one member after another, Step each, round and round
	StrategyIncreasing = "increasing" // the first, then the first two, ...: one more each Step, the others ringing on
)

// Group is a department: its members are rung by strategy until one
// answers or Total seconds have passed, when it goes on by next. Members on
// do-not-disturb, off duty or without a phone are skipped; a busy member is
// passed at once (the phone reports busy when it is rung).
//
// With GroupID the element rings a stored ring group (store.RingGroup),
// whose members, strategy and times are set once for every scenario that
// uses it; the element's own fields are then left empty.
type Group struct {
	GroupID  int64    `json:"group_id,omitempty"`
	Members  []string `json:"members"`        // extension numbers, in order
	Strategy string   `json:"strategy"`       // StrategyAll, StrategyInTurn or StrategyIncreasing
	Step     int      `json:"step,omitempty"` // seconds each turn rings, MinGroupStep to MaxGroupStep; not for StrategyAll
	Total    int      `json:"total"`          // seconds, MinGroupWait to MaxGroupWait
}

func (p *Group) Outcomes() []string { return []string{OutcomeNext} }

func (p *Group) check(v *checker) {
	if p.GroupID != 0 {
		if len(p.Members) > 0 || p.Strategy != "" || p.Step != 0 || p.Total != 0 {
			v.param("group_id", "a stored ring group brings its own members, strategy and times: leave those empty")
		}
		v.refID("group_id", RefGroup, p.GroupID)
		return
	}
	if len(p.Members) == 0 {
		v.param("members", "a group needs at least one member")
	}
	seen := map[string]bool{}
	for _, m := range p.Members {
		if seen[m] {
			v.param("members", "extension %s is listed twice", m)
		}
		seen[m] = true
		v.ref("members", RefExtension, m)
	}
	switch p.Strategy {
	case StrategyAll:
		if p.Step != 0 {
			v.param("step", "ringing everyone at once takes no step; leave it empty")
		}
	case StrategyInTurn, StrategyIncreasing:
		v.seconds("step", p.Step, MinGroupStep, MaxGroupStep, false)
	default:
		v.param("strategy", "must be %s, %s or %s", StrategyAll, StrategyInTurn, StrategyIncreasing)
	}
	v.seconds("total", p.Total, MinGroupWait, MaxGroupWait, false)
}

// available returns the members that can be rung now, in order. A group
// rings who is there: members' forwards are not followed (a member on
// do-not-disturb is skipped, not forwarded), unlike Internal's.
func (p *Group) available(x *execution) []extension {
	var out []extension
	for _, m := range p.Members {
		if ext, ok := x.snap.exts[m]; ok && ext.onDuty && !ext.dnd && len(ext.targets()) > 0 {
			out = append(out, ext)
		}
	}
	return out
}

func (p *Group) run(ctx context.Context, x *execution) (string, bool, error) {
	if p.GroupID != 0 {
		g, ok := x.snap.groups[p.GroupID]
		if !ok { // deleted since the scenario was checked
			x.log.Error("scenario: the element's ring group is gone; going on", "element", x.el.ID, "group_id", p.GroupID)
			x.set(VarCause, call.CauseUnavailable.String())
			return OutcomeNext, false, nil
		}
		p = g
	}
	members := p.available(x)
	total := secs(p.Total)
	if len(members) == 0 {
		x.set(VarCause, call.CauseUnavailable.String())
		return OutcomeNext, false, nil
	}
	wr, waves := x.c.(call.WaveRinger)
	if p.Strategy == StrategyAll || p.Strategy == StrategyIncreasing && !waves {
		var ts []call.Target
		for _, m := range members {
			ts = append(ts, m.targets()...)
		}
		answered, _, err := x.connect(ctx, ts, total)
		return x.ringOutcome(ctx, answered, 0, err, p.Total)
	}
	if p.Strategy == StrategyIncreasing {
		// Each member joins those already ringing, who ring on: a phone
		// is never hung up and rung again within the group's wait.
		ws := make([][]call.Target, len(members))
		for i, m := range members {
			ws[i] = m.targets()
		}
		answered, _, err := x.connectBy(ctx, func() (call.Leg, error) { return wr.RingWaves(ctx, ws, secs(p.Step), total) })
		return x.ringOutcome(ctx, answered, 0, err, p.Total)
	}
	start := x.now()
	instant := 0 // turns in a row that took no time: everyone busy or unreachable
	for turn := 0; ; turn++ {
		left := total - x.now().Sub(start)
		if left <= 0 || instant >= len(members) {
			break
		}
		ts := members[turn%len(members)].targets()
		began := x.now()
		answered, _, err := x.connect(ctx, ts, min(secs(p.Step), left))
		if answered || err != nil {
			return x.ringOutcome(ctx, answered, 0, err, p.Total)
		}
		if x.now().Sub(began) < time.Second {
			instant++
		} else {
			instant = 0
		}
	}
	return OutcomeNext, false, nil
}
