package dialplan

import (
	"fmt"

	"github.com/hookflash/firmware/pbx/call"
)

// ringExtension is the route to extension x: x itself, or, while x
// forwards its calls (*72), the forward's number: another extension (rung
// as it is, without following its own forward, so that two extensions
// forwarding to each other make no loop) or an outside number under the
// outbound rules, with x's outbound level.
func (cfg *config) ringExtension(x extension, up LineUp) Route {
	if x.forward == "" {
		return x.ring()
	}
	var r Route
	if to, ok := cfg.exts[x.forward]; ok {
		r = to.ring()
	} else {
		r = cfg.outbound(x.number, x.level, x.forward, up)
	}
	r.Why = fmt.Sprintf("extension %s forwards to %s: %s", x.number, x.forward, r.Why)
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
