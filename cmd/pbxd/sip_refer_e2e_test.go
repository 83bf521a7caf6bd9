package main

import (
	"context"
	"strconv"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// TestE2ESIPReferOutcome: a SIP phone (sipp, 102, internal calls only)
// calls 101 and asks the box with REFER to transfer 101 blind. The REFER's
// NOTIFYs say "100 Trying" and then how the transfer ended, with the
// subscription terminated (RFC 3515, RFC 5589 section 6): 200 OK when the
// target answered, after which the box hangs 102 up; 486 when the target
// is busy, 403 when the outbound rules do not let 102 call the number,
// and 404 for a number that is no extension and that no rule matches,
// after which 101 and 102 are still in the call.
func TestE2ESIPReferOutcome(t *testing.T) {
	t.Parallel()
	needTool(t, "sipp", "sip-tester")
	b := startBox(t, func(ctx context.Context, st *store.Store) error {
		for _, n := range []string{"101", "103"} {
			if err := addPhone(ctx, st, n, store.OutboundNational); err != nil {
				return err
			}
		}
		if err := addPhone(ctx, st, "102", store.OutboundInternal); err != nil {
			return err
		}
		tr := store.SIPTrunk{Name: "Provider", Host: "127.0.0.1", Port: freePort(t), Transport: "udp", Enabled: true}
		if err := st.SIPTrunks().Create(ctx, &tr); err != nil {
			return err
		}
		return st.OutboundRules().Create(ctx, &store.OutboundRule{
			Name: "national", Prefix: "8", Strip: 1, Prepend: "+7", Level: store.OutboundNational, SIPTrunkID: &tr.ID,
		})
	})
	tests := []struct {
		name, referTo string
		target        string // 103's sipp mode (testdata/phone.xml); "" for none
		result        string // the final NOTIFY's status line
	}{
		{"answered", "103", "hangup", "200 OK"},
		{"busy", "103", "busy", "486 Busy Here"},
		{"refused by the outbound rules", "84951234567", "", "403 Forbidden"},
		{"a number that exists nowhere", "5555", "", "404 Not Found"},
	}
	callee, desk, transferor := registerPhone(t, b, "101"), registerPhone(t, b, "103"), registerPhone(t, b, "102")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answering := callee.answer(t, "answer", nil)
			var target *sippRun
			if tt.target != "" {
				target = desk.answer(t, tt.target, map[string]any{"HoldMS": 1000})
			}
			sf := scenario(t, "refer_call.xml", map[string]any{"From": "102", "ReferTo": tt.referTo,
				"Result": tt.result, "Fails": tt.result != "200 OK"})
			startSipp(t, "102 transfers", b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(transferor.port),
				"-s", "101", "-au", "102", "-ap", phonePassword, "-mi", "127.0.0.1", "-mp", strconv.Itoa(freePorts(t, 4))).expect(t, 0)
			answering.expect(t, 0)
			if target != nil {
				target.expect(t, 0)
			}
		})
	}
}
