package dialplan

import (
	"fmt"
	"strings"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// ringExtension is the route to extension x: x itself, or, while x
// forwards its calls (*72), the forward's number: another extension (rung
// as it is, without following its own forward, so that two extensions
// forwarding to each other make no loop) or an outside number under the
// outbound rules, with x's outbound level. Otherwise x's forwards on
// conditions apply: on do-not-disturb (as busy) and without a phone at
// once, on busy, no answer and unreachable when ringing ends so.
func (cfg *config) ringExtension(x extension, up LineUp) Route {
	if x.forward != "" {
		return cfg.forwardTo(x, x.forward, "forwards", up)
	}
	r := x.ring()
	switch {
	case r.Cause == call.CauseBusy && x.busyTo != "":
		return cfg.forwardTo(x, x.busyTo, "is on do-not-disturb and forwards", up)
	case r.Cause == call.CauseUnavailable && x.unreachableTo != "":
		return cfg.forwardTo(x, x.unreachableTo, "has no phone and forwards", up)
	case r.Cause != 0:
		return r
	}
	on := func(number, when string) *Route {
		if number == "" {
			return nil
		}
		f := cfg.forwardTo(x, number, when, up)
		return &f
	}
	r.onBusy = on(x.busyTo, "is busy and forwards")
	r.onUnreachable = on(x.unreachableTo, "is unreachable and forwards")
	if r.onNoAnswer = on(x.noAnswerTo, "did not answer and forwards"); r.onNoAnswer != nil {
		r.ringFor = x.noAnswerRing
	}
	var when []string
	if x.busyTo != "" {
		when = append(when, "on busy to "+x.busyTo)
	}
	if x.noAnswerTo != "" {
		when = append(when, fmt.Sprintf("on no answer after %v to %s", x.noAnswerRing, x.noAnswerTo))
	}
	if x.unreachableTo != "" {
		when = append(when, "when unreachable to "+x.unreachableTo)
	}
	if len(when) > 0 {
		r.Why += ", which forwards " + strings.Join(when, ", ")
	}
	return r
}

// forwardTo is the route of a call to extension x forwarded to number:
// another extension, rung as it is without following its own forwards,
// or an outside number under the outbound rules with x's outbound level.
// how says in the route's Why what x does ("forwards").
func (cfg *config) forwardTo(x extension, number, how string, up LineUp) Route {
	var r Route
	if to, ok := cfg.exts[number]; ok {
		r = to.ring()
	} else {
		r = cfg.outbound(x.number, x.level, number, up)
	}
	r.Why = fmt.Sprintf("extension %s %s to %s: %s", x.number, how, number, r.Why)
	r.forwarded = true
	return r
}

// forwardable says why extension x may not forward its calls to number, or
// returns "" when it may: number is another extension, or an outside number
// that an outbound rule takes and x's outbound level allows.
func (cfg *config) forwardable(x extension, number string) string {
	if number == x.number {
		return "an extension cannot forward to itself"
	}
	if _, ok := cfg.exts[number]; ok {
		return ""
	}
	switch r := cfg.outbound(x.number, x.level, number, nil); r.Cause {
	case 0, call.CauseCongestion: // congestion: no line is up now, but one may be later
		return ""
	default:
		return r.Why
	}
}

// Forwardable says why the extension numbered ext may not forward its
// calls to number under the configuration doc, as *72 would refuse it, or
// returns "" when it may: number is another extension, or an outside
// number that an outbound rule takes and ext's outbound level allows.
// The web API checks an admin's forwards with it.
func Forwardable(doc *store.Config, ext, number string) (string, error) {
	cfg, err := build(doc)
	if err != nil {
		return "", err
	}
	x, ok := cfg.exts[ext]
	if !ok {
		return fmt.Sprintf("no extension has the number %s", ext), nil
	}
	return cfg.forwardable(x, number), nil
}
