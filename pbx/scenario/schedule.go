package scenario

import (
	"context"
	"slices"
)

// Interval names every schedule has.
const (
	IntervalWorking    = "working"
	IntervalNonWorking = "non-working"
)

// Schedule sends the call by the interval of a schedule it comes in: one
// outcome per interval name. Intervals lists the schedule's intervals
// (working, non-working and up to three named ones), which the web UI fills
// in from the schedule. When the schedule cannot tell, or names an interval
// not listed, the call goes by non-working.
type Schedule struct {
	ScheduleID int64    `json:"schedule_id"`
	Intervals  []string `json:"intervals"`
}

func (p *Schedule) Outcomes() []string { return p.Intervals }

func (p *Schedule) check(v *checker) {
	v.refID("schedule_id", RefSchedule, p.ScheduleID)
	if !slices.Contains(p.Intervals, IntervalWorking) || !slices.Contains(p.Intervals, IntervalNonWorking) {
		v.param("intervals", "must include %q and %q", IntervalWorking, IntervalNonWorking)
	}
	if len(p.Intervals) > 5 {
		v.param("intervals", "a schedule has at most 5 intervals: working, non-working and three more")
	}
	seen := map[string]bool{}
	for _, n := range p.Intervals {
		if n == "" || len(n) > 40 || seen[n] {
			v.param("intervals", "interval names are 1 to 40 characters and differ; %q is not", n)
		}
		seen[n] = true
	}
}

func (p *Schedule) run(ctx context.Context, x *execution) (string, bool, error) {
	if x.eng.o.Schedules == nil {
		x.log.Warn("scenario: no schedules service; taking non-working", "element", x.el.ID)
		return IntervalNonWorking, false, nil
	}
	name, err := x.eng.o.Schedules.IntervalAt(ctx, p.ScheduleID, x.now())
	if ctx.Err() != nil {
		return "", true, ctx.Err()
	}
	if err != nil || !slices.Contains(p.Intervals, name) {
		x.log.Warn("scenario: schedule gave no listed interval; taking non-working", "element", x.el.ID, "interval", name, "err", err)
		return IntervalNonWorking, false, nil
	}
	return name, false, nil
}
