package dialplan_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/store"
)

func TestRoute(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		tests := []struct {
			name            string
			channel, caller string
			called          string
			want            []string // attempts, targets joined by " "
			wantCause       call.Cause
		}{
			{"extension with SIP and FXS rings both", "sip/101", "101", "102", []string{"sip/102 fxs/102"}, 0},
			{"extension with SIP only", "sip/101", "101", "103", []string{"sip/103"}, 0},
			{"extension with FXS only", "sip/101", "101", "106", []string{"fxs/106"}, 0},
			{"extension without a phone", "sip/101", "101", "104", nil, call.CauseUnavailable},
			{"extension on do-not-disturb", "sip/101", "101", "105", nil, call.CauseBusy},
			{"city number with a backup trunk", "sip/101", "101", "91234567",
				[]string{"trunk/Provider/+74951234567", "trunk/Backup/+74951234567"}, 0},
			{"internal extension may not call out", "sip/103", "103", "91234567", nil, call.CauseRejected},
			{"national extension, national number", "sip/101", "101", "84951234567", []string{"trunk/Provider/+74951234567"}, 0},
			{"national extension, international number", "sip/101", "101", "81044123456", nil, call.CauseRejected},
			{"FXS port's extension is international", "fxs/1", "", "81044123456", []string{"trunk/Provider/+44123456"}, 0},
			{"unassigned FXS port calls an extension", "fxs/3", "", "101", []string{"sip/101"}, 0},
			{"unassigned FXS port may not call out", "fxs/3", "", "91234567", nil, call.CauseRejected},
			{"unknown SIP caller may not call out", "sip/999", "999", "91234567", nil, call.CauseRejected},
			{"only rule's trunk is disabled", "sip/101", "101", "7123", nil, call.CauseCongestion},
			{"no rule matches", "sip/101", "101", "5555", nil, call.CauseNotFound},
			{"nothing after the prefix", "sip/101", "101", "9", nil, call.CauseUnavailable},
			{"DID equal to an extension", "trunk/Provider", "+79161234567", "102", []string{"sip/102 fxs/102"}, 0},
			{"DID without an extension", "trunk/Provider", "+79161234567", "+74950000000", nil, call.CauseNotFound},
			{"a trunk's call never goes out again", "trunk/Provider", "+79161234567", "91234567", nil, call.CauseNotFound},
			{"GSM call to an extension", "gsm/1", "+79161234567", "101", []string{"sip/101"}, 0},
			{"mobile number: GSM1, backups GSM2 and the FXO line in its national form", "sip/101", "101", "89161234567",
				[]string{"gsm/GSM1/+79161234567", "gsm/GSM2/+79161234567", "fxo/City/89161234567"}, 0},
			{"employee's mobile calls out as its extension", "mobile/1", "106", "81044123456", []string{"trunk/Provider/+44123456"}, 0},
			{"employee's mobile of a local extension", "mobile/1", "102", "89161234567", nil, call.CauseRejected},
			{"line selection *102* takes GSM2 only", "sip/101", "101", "*102*89161234567", []string{"gsm/GSM2/89161234567"}, 0},
			{"line selection needs the level", "sip/102", "102", "*102*89161234567", nil, call.CauseRejected},
		}
		for _, tt := range tests {
			r := o.plan.Route(tt.channel, tt.caller, tt.called)
			check(t, tt.name, tt.channel, tt.caller, tt.called, r, tt.want, tt.wantCause)
		}
	})
}

// TestRouteSkipsLinesDown: a line that is down (no voltage, not
// registered, over its limits) is left out; with none up the call gets
// congestion.
func TestRouteSkipsLinesDown(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		const n = "89161234567"
		o.setDown("gsm/GSM1", true)
		check(t, "GSM1 down", "sip/101", "101", n, o.plan.Route("sip/101", "101", n),
			[]string{"gsm/GSM2/+79161234567", "fxo/City/89161234567"}, 0)
		o.setDown("gsm/GSM2", true)
		check(t, "both GSM down", "sip/101", "101", n, o.plan.Route("sip/101", "101", n), []string{"fxo/City/89161234567"}, 0)
		o.setDown("fxo/City", true)
		check(t, "every line down", "sip/101", "101", n, o.plan.Route("sip/101", "101", n), nil, call.CauseCongestion)
	})
}

// check compares a Route with the attempts (targets joined by " ") and the
// cause wanted.
func check(t *testing.T, name, channel, caller, called string, r dialplan.Route, want []string, wantCause call.Cause) {
	t.Helper()
	var got []string
	for _, a := range r.Attempts {
		var ts []string
		for _, tg := range a {
			ts = append(ts, tg.String())
		}
		got = append(got, strings.Join(ts, " "))
	}
	if !slices.Equal(got, want) || r.Cause != wantCause {
		t.Errorf("%s: Route(%s, %s, %s) = %q, %v (%s); want %q, %v", name, channel, caller, called, got, r.Cause, r.Why, want, wantCause)
	}
	if r.Why == "" {
		t.Errorf("%s: Route gives no reason", name)
	}
}

// TestDialled: an analog phone's digits are dialled at once when they make
// an extension, wait for more under an outbound rule, and are refused when
// nothing starts with them.
func TestDialled(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		tests := []struct {
			digits string
			want   dialplan.Dialled
		}{
			{"", dialplan.DialMore},
			{"1", dialplan.DialMore},
			{"10", dialplan.DialMore},
			{"102", dialplan.DialComplete},
			{"1021", dialplan.DialInvalid},
			{"5", dialplan.DialInvalid},
			{"9", dialplan.DialMore},
			{"91234567", dialplan.DialMore},
			{"81", dialplan.DialMore},
			{"89161234567", dialplan.DialMore},
			{"89161234567890123456", dialplan.DialComplete},
			{"*", dialplan.DialMore},
			{"*7", dialplan.DialMore},
			{"*78", dialplan.DialComplete},
			{"*79", dialplan.DialComplete},
			{"*73", dialplan.DialComplete},
			{"*97", dialplan.DialComplete},
			{"*8", dialplan.DialComplete},
			{"*72", dialplan.DialMore},
			{"*72102", dialplan.DialMore},
			{"*98", dialplan.DialMore},
			{"*102*8916", dialplan.DialMore},
			{"*98101", dialplan.DialMore},
			{"*781", dialplan.DialInvalid},
			{"*5", dialplan.DialInvalid},
		}
		for _, tt := range tests {
			if got := o.plan.Dialled(tt.digits); got != tt.want {
				t.Errorf("Dialled(%q) = %v; want %v", tt.digits, got, tt.want)
			}
		}
	})
}

// TestRouteRuleExtensions: a rule kept for some extensions takes only their
// calls, even from an extension whose level would allow it; the next rule
// with the same prefix and no list takes the others.
func TestRouteRuleExtensions(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		ctx := context.Background()
		addRule := func(name, trunk string, priority int, only ...string) {
			id := o.ids[trunk]
			r := store.OutboundRule{Name: name, Prefix: "6", SIPTrunkID: &id, Level: store.OutboundLocal, Priority: priority}
			o.must(o.st.OutboundRules().Create(ctx, &r))
			var exts []int64
			for _, n := range only {
				exts = append(exts, o.ids[n])
			}
			o.must(o.st.ReplaceRuleExtensions(ctx, r.ID, exts))
			o.applied()
		}
		type routeCase struct {
			name            string
			channel, caller string
			want            []string
			wantCause       call.Cause
			wantWhy         string // in Route.Why
		}
		checkAll := func(tests []routeCase) {
			t.Helper()
			for _, tt := range tests {
				r := o.plan.Route(tt.channel, tt.caller, "6123")
				check(t, tt.name, tt.channel, tt.caller, "6123", r, tt.want, tt.wantCause)
				if !strings.Contains(r.Why, tt.wantWhy) {
					t.Errorf("%s: Route(%s, %s, 6123).Why = %q; want it to contain %q", tt.name, tt.channel, tt.caller, r.Why, tt.wantWhy)
				}
			}
		}

		addRule("Boss line", "Provider", 10, "101")
		checkAll([]routeCase{
			{"the extension the rule is kept for", "sip/101", "101", []string{"trunk/Provider/6123"}, 0, `"Boss line"`},
			{"an international extension not on the list", "fxs/1", "", nil, call.CauseRejected, `the rule "Boss line" is kept for other extensions`},
			{"a local extension not on the list", "sip/102", "102", nil, call.CauseRejected, `"Boss line"`},
			{"an internal extension is refused for its level", "sip/103", "103", nil, call.CauseRejected, "outbound level"},
		})

		addRule("Everyone", "Backup", 20) // the same prefix, no list
		checkAll([]routeCase{
			{"the listed extension, the other rule as backup", "sip/101", "101", []string{"trunk/Provider/6123", "trunk/Backup/6123"}, 0, `"Boss line"`},
			{"another extension takes the rule without a list", "fxs/1", "", []string{"trunk/Backup/6123"}, 0, `"Everyone"`},
			{"a local extension too", "sip/102", "102", []string{"trunk/Backup/6123"}, 0, `"Everyone"`},
			{"an internal extension still may not", "sip/103", "103", nil, call.CauseRejected, "outbound level"},
		})
	})
}
