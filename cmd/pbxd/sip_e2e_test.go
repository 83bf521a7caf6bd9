package main

import (
	"cmp"
	"context"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// TestE2ECallsBetweenPhones has two sipp phones, registered with digest
// authentication as extensions 101 and 102, call each other through a
// pbxd process. Answered calls carry RTP both ways: the caller plays a
// second of tone, the callee echoes every packet back, so the callee leg's
// received count proves that the callee got what the box relayed, and the
// caller leg's sent count that the echo went on to the caller. Each case
// ends in one call record with the right cause; a number that exists
// nowhere is refused 404 and recorded not found.
func TestE2ECallsBetweenPhones(t *testing.T) {
	t.Parallel()
	needTool(t, "sipp", "sip-tester")
	pcap := tonePcap(t, time.Second)
	tests := []struct {
		name           string
		called         string // "102" when empty
		callee, caller string // modes of testdata/phone.xml ("" for no phone) and call.xml
		code           int    // the caller's final response, when refused
		answered       bool
		cause          string
	}{
		{name: "caller hangs up", callee: "answer", caller: "hangup", answered: true, cause: "normal"},
		{name: "callee hangs up", callee: "hangup", caller: "wait", answered: true, cause: "normal"},
		{name: "caller cancels while it rings", callee: "ring", caller: "cancel", cause: "normal"},
		{name: "callee busy", callee: "busy", caller: "refused", code: 486, cause: "busy"},
		// The dial plan rings for dialplan.DefaultRingTimeout (30 s); pbxd
		// has no setting for it yet, so this case takes that long.
		{name: "no answer", callee: "ring", caller: "refused", code: 480, cause: "no_answer"},
		{name: "a number that exists nowhere", called: "5555", caller: "refused", code: 404, cause: "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := startBox(t, func(ctx context.Context, st *store.Store) error {
				if err := addPhone(ctx, st, "101", store.OutboundInternal); err != nil {
					return err
				}
				return addPhone(ctx, st, "102", store.OutboundInternal)
			})
			called := cmp.Or(tt.called, "102")
			caller := registerPhone(t, b, "101")
			var answering *sippRun
			if tt.callee != "" {
				answering = registerPhone(t, b, "102").answer(t, tt.callee, map[string]any{"HoldMS": 1500})
			}
			calling := caller.dial(t, called, tt.caller, map[string]any{"Code": tt.code, "Pcap": pcap, "HoldMS": 1500})
			calling.expect(t, 0)
			if answering != nil {
				answering.expect(t, 0)
			}

			r := b.waitRecords(t, 1)[0]
			dest := ""
			if tt.answered {
				dest = "sip/102"
			}
			if r.Direction != "internal" || r.Source != "sip/101" || r.Caller != "101" || r.Callee != called ||
				r.Destination != dest || r.AnsweredAt.IsZero() == tt.answered || r.Cause != tt.cause {
				t.Errorf("call record %s; want internal from sip/101 (101) to %s, destination %q, answered %v, cause %q",
					describe(r), called, dest, tt.answered, tt.cause)
			}
			if tt.answered {
				checkBothWays(t, r)
			}
		})
	}
}
