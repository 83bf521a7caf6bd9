package scenario

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// Per-route options (store.RouteOptions): after-hours handling and the
// quality rating after the call.

// VarRating is the call variable that keeps the caller's rating of the
// call, "1" to "5", when the route asks for one and the caller gave it.
const VarRating = "rating"

// The rating question (phrases.rating): the keys it takes and how long it
// waits for one.
const (
	ratingKeys    = "12345"
	ratingTimeout = 5 * time.Second
)

// afterHoursElement is the ID of the element an after-hours action runs
// as, which names it in the call's path.
const afterHoursElement = "after_hours"

// afterHours returns the scenario a call on route rt runs instead of the
// route's own when it comes in outside the working interval of the route's
// schedule, or nil when the route's scenario runs: the route has no
// options, no action, or no schedule, or the call is in hours. When the
// schedule cannot tell, the route's scenario runs, so that a broken
// schedule never turns callers away.
func (x *execution) afterHours(ctx context.Context, rt store.InboundRoute, info call.CallInfo) *loaded {
	o, ok := x.snap.options[rt.ID]
	if !ok || o.AfterHoursAction == store.AfterHoursNone || o.AfterHoursAction == "" || rt.ScheduleID == nil {
		return nil
	}
	if x.eng.o.Schedules == nil {
		x.log.Warn("scenario: no schedules service; route "+rt.Name+" runs its scenario at any time", "call", info.ID)
		return nil
	}
	interval, err := x.eng.o.Schedules.IntervalAt(ctx, *rt.ScheduleID, x.now())
	if err != nil {
		x.log.Warn("scenario: the schedule cannot tell the hours; route "+rt.Name+" runs its scenario", "call", info.ID, "schedule", *rt.ScheduleID, "err", err)
		return nil
	}
	if interval == o.Interval() {
		return nil
	}
	el := Element{ID: afterHoursElement, Label: "After hours (" + interval + ")"}
	switch o.AfterHoursAction {
	case store.AfterHoursScenario:
		el.Type, el.Params = KindScenario, &GoTo{ScenarioID: derefID(o.AfterHoursScenarioID)}
	case store.AfterHoursVoicemail:
		el.Type, el.Params = KindVoicemail, &VoicemailBox{Mailbox: o.AfterHoursMailbox}
	case store.AfterHoursForward:
		trunk := x.snap.forwardTrunk(rt, info.Channel)
		if trunk == "" {
			x.log.Error("scenario: no SIP trunk to forward through after hours; hanging up", "call", info.ID, "route", rt.Name)
			el.Type, el.Params = KindHangup, &Hangup{Cause: "unavailable"}
			break
		}
		el.Type, el.Params = KindExternal, &External{Trunk: trunk, Number: o.AfterHoursNumber}
	default: // store.AfterHoursHangup, and any action this firmware does not know
		el.Type, el.Params = KindHangup, &Hangup{}
	}
	l := &loaded{name: "after hours of " + rt.Name, doc: &Document{Schema: SchemaVersion, Elements: []Element{el}}}
	l.index()
	l.entry = &l.doc.Elements[0] // no Incoming element: the action runs at once
	return l
}

func derefID(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// forwardTrunk returns the SIP trunk an after-hours forward of a call on
// route rt goes out through: the route's own trunk, else the trunk the
// call came in on, else the first enabled trunk, else the first trunk; ""
// when the box has none.
func (s *snapshot) forwardTrunk(rt store.InboundRoute, channel string) string {
	if rt.SIPTrunkID != nil {
		if name, ok := s.trunks[*rt.SIPTrunkID]; ok {
			return name
		}
	}
	if kind, name, _ := strings.Cut(channel, "/"); kind == "trunk" && name != "" {
		return name
	}
	return s.defaultTrunk
}

// rateCall asks the caller, whose callee has just hung up, to rate the call
// by a key from 1 to 5, and keeps the key as VarRating. Nothing pressed in
// time, or another key, leaves no rating; the caller leaving ends it.
func (x *execution) rateCall(ctx context.Context) {
	// A key pressed during the question stops it and stays queued, so
	// that CollectDigits reads it.
	if _, err := x.play(ctx, &Sound{Text: phrasesIn(x.lang).rating, Language: x.lang}, ratingKeys); err != nil {
		return
	}
	key, err := x.c.CollectDigits(ctx, call.DigitOpts{Max: 1, FirstTimeout: ratingTimeout})
	switch {
	case errors.Is(err, call.ErrNoInput):
		x.log.Info("scenario: the caller did not rate the call", "call", x.c.Info().ID)
	case err != nil:
	case len(key) == 1 && key[0] >= '1' && key[0] <= '5':
		x.set(VarRating, key)
	default:
		x.log.Info("scenario: the caller pressed a key that is not a rating", "call", x.c.Info().ID, "key", key)
	}
}
