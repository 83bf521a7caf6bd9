package dialplan

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Route is what the dial plan decided for a call: either the targets to
// ring, or the cause to refuse it with.
type Route struct {
	// Attempts are rung one after the other, the targets of each at once;
	// a later attempt is a backup, rung only when the one before was
	// unavailable or congested.
	Attempts [][]call.Target
	// Cause refuses the call when it is not 0.
	Cause call.Cause
	// Why says in words what was decided, for the call's path and the log.
	Why string

	ringing string // the extension rung, whose calls *8 can pick up; "" for outside numbers
	// ringFor, when not 0, is how long the attempts ring instead of the
	// plan's ring time: the extension's ring time before a forward on no
	// answer.
	ringFor time.Duration
	// onBusy, onNoAnswer and onUnreachable are where the call goes on
	// when ringing ends so: the extension's forwards on those conditions.
	onBusy, onNoAnswer, onUnreachable *Route
	// forwarded says that the route is an extension's forward, not the
	// extension.
	forwarded bool
}

// ForwardOn returns the route the call goes on by when ringing r ended
// with cause (the extension's forward on busy, no answer or unreachable),
// or nil. The route it returns has no forwards of its own: a call is
// forwarded once.
func (r Route) ForwardOn(cause call.Cause) *Route {
	switch cause {
	case call.CauseBusy, call.CauseRejected: // a phone that declines is busy
		return r.onBusy
	case call.CauseNoAnswer:
		return r.onNoAnswer
	case call.CauseUnavailable, call.CauseNotFound: // not found: a channel that does not know the extension yet
		return r.onUnreachable
	}
	return nil
}

// RingFor returns how long r's attempts ring when the extension says so,
// instead of the ring time of whoever rings it: its own ring time before
// its forward on no answer; 0 when it does not say.
func (r Route) RingFor() time.Duration { return r.ringFor }

// Forwarded reports whether r goes to an extension's forward (forwarding
// all its calls, or on do-not-disturb or without a phone, where the
// condition is known before ringing) instead of to the extension.
func (r Route) Forwarded() bool { return r.forwarded }

// LineUp says whether a line (kind "trunk", "fxo" or "gsm", and its name)
// can take a call now: an FXO line with voltage, a GSM module registered and
// under its limits. Channels answer it; nil means every enabled line is up.
type LineUp func(kind, name string) bool

// route decides where a call from channel (the caller's leg), whose caller
// ID is caller, to the number called goes. A "mobile" channel is an
// employee's mobile phone calling in through a GSM module (fixed-mobile
// convergence): its caller ID is the extension it belongs to.
func (cfg *config) route(channel, caller, called string, up LineUp) Route {
	kind, port, _ := strings.Cut(channel, "/")
	if kind == "trunk" || kind == "fxo" || kind == "gsm" {
		if x, ok := cfg.exts[called]; ok {
			return cfg.ringExtension(x, up)
		}
		return Route{Cause: call.CauseNotFound, Why: fmt.Sprintf("no extension has the number %s", called)}
	}

	from, level := caller, 0 // an unknown caller may only call extensions
	if kind == "fxs" {
		n, _ := strconv.Atoi(port)
		from = cfg.fxsPorts[n]
	}
	if x, ok := cfg.exts[from]; ok {
		level = x.level
	}
	if x, ok := cfg.exts[called]; ok {
		return cfg.ringExtension(x, up)
	}
	return cfg.outbound(from, level, called, up)
}

// outbound is the route of an outside number called by the extension from
// (or an unknown caller, "") whose outbound level is level.
func (cfg *config) outbound(from string, level int, called string, up LineUp) Route {
	var rules []rule // the candidates: every rule with the longest matching prefix
	for _, r := range cfg.rules {
		if len(rules) > 0 && len(r.prefix) < len(rules[0].prefix) {
			break
		}
		if strings.HasPrefix(called, r.prefix) {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		return Route{Cause: call.CauseNotFound, Why: fmt.Sprintf("%s is neither an extension nor matched by an outbound rule", called)}
	}
	var out Route
	complete, allowed := false, false
	kept := "" // the first rule the level allowed but that is kept for other extensions
	for _, r := range rules {
		if len(called) <= r.strip {
			continue // nothing would be left to dial
		}
		complete = true
		if r.level > level {
			continue
		}
		if r.only != nil && !r.only[from] {
			if kept == "" {
				kept = r.name
			}
			continue
		}
		allowed = true
		number := r.prepend + called[r.strip:]
		for _, l := range r.lines {
			if !l.enabled || (up != nil && !up(l.kind, l.name)) {
				continue
			}
			dial := number
			if l.kind == "fxo" {
				dial = dialForm(l.country, number) // a PSTN line knows no "+"
			}
			out.Attempts = append(out.Attempts, []call.Target{{Kind: l.kind, Address: call.TrunkAddress(l.name, dial)}})
			if out.Why == "" {
				out.Why = fmt.Sprintf("outbound rule %q", r.name)
			}
		}
	}
	switch {
	case !complete:
		return Route{Cause: call.CauseUnavailable, Why: fmt.Sprintf("%s is incomplete", called)}
	case !allowed && kept != "":
		return Route{Cause: call.CauseRejected, Why: fmt.Sprintf(
			"extension %q may not call %s: the rule %q is kept for other extensions", from, called, kept)}
	case !allowed:
		return Route{Cause: call.CauseRejected, Why: fmt.Sprintf(
			"extension %q may not call %s: its outbound level is below the rule %q needs", from, called, rules[0].name)}
	case len(out.Attempts) == 0:
		return Route{Cause: call.CauseCongestion, Why: fmt.Sprintf("no line that is up can take %s", called)}
	}
	return out
}

// caller returns the extension calling from channel with caller ID
// caller: the one of the FXS port, or the one whose number a SIP phone
// shows. Calls from lines and trunks have none.
func (cfg *config) caller(channel, caller string) (extension, bool) {
	kind, port, _ := strings.Cut(channel, "/")
	switch kind {
	case "fxs":
		n, _ := strconv.Atoi(port)
		caller = cfg.fxsPorts[n]
	case "sip":
	default:
		return extension{}, false
	}
	x, ok := cfg.exts[caller]
	return x, ok
}

// ring is the route to an extension.
func (x extension) ring() Route {
	var ts []call.Target
	if x.sip {
		ts = append(ts, call.Target{Kind: "sip", Address: x.number})
	}
	if x.fxs {
		ts = append(ts, call.Target{Kind: "fxs", Address: x.number})
	}
	switch {
	case x.dnd:
		return Route{Cause: call.CauseBusy, Why: fmt.Sprintf("extension %s is on do-not-disturb", x.number)}
	case len(ts) == 0:
		return Route{Cause: call.CauseUnavailable, Why: fmt.Sprintf("extension %s has no phone", x.number)}
	}
	return Route{Attempts: [][]call.Target{ts}, Why: "extension " + x.number, ringing: x.number}
}
