package dialplan_test

import (
	"slices"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/pbx/call"
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
			{"no rule matches", "sip/101", "101", "5555", nil, call.CauseUnavailable},
			{"nothing after the prefix", "sip/101", "101", "9", nil, call.CauseUnavailable},
			{"DID equal to an extension", "trunk/Provider", "+79161234567", "102", []string{"sip/102 fxs/102"}, 0},
			{"DID without an extension", "trunk/Provider", "+79161234567", "+74950000000", nil, call.CauseUnavailable},
			{"a trunk's call never goes out again", "trunk/Provider", "+79161234567", "91234567", nil, call.CauseUnavailable},
			{"GSM call to an extension", "gsm/1", "+79161234567", "101", []string{"sip/101"}, 0},
		}
		for _, tt := range tests {
			r := o.plan.Route(tt.channel, tt.caller, tt.called)
			var got []string
			for _, a := range r.Attempts {
				s := ""
				for i, tg := range a {
					if i > 0 {
						s += " "
					}
					s += tg.String()
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) || r.Cause != tt.wantCause {
				t.Errorf("%s: Route(%s, %s, %s) = %q, %v (%s); want %q, %v",
					tt.name, tt.channel, tt.caller, tt.called, got, r.Cause, r.Why, tt.want, tt.wantCause)
			}
			if r.Why == "" {
				t.Errorf("%s: Route gives no reason", tt.name)
			}
		}
	})
}
