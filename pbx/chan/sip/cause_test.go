package sip

import (
	"testing"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

// TestCauseOfResponse maps final responses of a failed INVITE to causes,
// by the status code alone and by a Reason header's Q.850 cause, which
// wins (RFC 3398, RFC 3326).
func TestCauseOfResponse(t *testing.T) {
	tests := []struct {
		code   int
		reason string // Reason header value; "" for none
		want   call.Cause
	}{
		{404, "", call.CauseNotFound},
		{410, "", call.CauseNotFound},
		{604, "", call.CauseNotFound},
		{480, "", call.CauseUnavailable},
		{484, "", call.CauseUnavailable},
		{486, "", call.CauseBusy},
		{403, "", call.CauseRejected},
		{503, "", call.CauseCongestion},
		{480, "Q.850;cause=1", call.CauseNotFound},
		{480, "Q.850;cause=22", call.CauseNotFound},
		{480, "Q.850;cause=19", call.CauseNoAnswer},
		{404, "Q.850;cause=20", call.CauseUnavailable},
	}
	for _, tt := range tests {
		res := sip.NewResponse(tt.code, "")
		if tt.reason != "" {
			res.AppendHeader(sip.NewHeader("Reason", tt.reason))
		}
		if got := causeOf(res); got != tt.want {
			t.Errorf("causeOf(%d, Reason %q) = %v; want %v", tt.code, tt.reason, got, tt.want)
		}
	}
}

// TestResponseRoundTrip: the response with which the box refuses an
// INVITE for each cause, with its Reason header, reads back as the same
// cause on the other side (another Hookflash), and a number that exists
// nowhere is refused 404 Not Found.
func TestResponseRoundTrip(t *testing.T) {
	for _, cause := range []call.Cause{call.CauseBusy, call.CauseNoAnswer, call.CauseUnavailable,
		call.CauseCongestion, call.CauseRejected, call.CauseNotFound} {
		code, reason, q := response(cause)
		res := sip.NewResponse(code, reason)
		res.AppendHeader(reasonHeader(q))
		if got := causeOf(res); got != cause {
			t.Errorf("causeOf(response(%v) = %d %s, cause %d) = %v; want %v", cause, code, reason, q, got, cause)
		}
		res.RemoveHeader("Reason")
		if got := causeOf(res); got != cause && code != sip.StatusTemporarilyUnavailable {
			t.Errorf("causeOf(response(%v) = %d %s, no Reason) = %v; want %v", cause, code, reason, got, cause)
		}
	}
	if code, reason, _ := response(call.CauseNotFound); code != 404 || reason != "Not Found" {
		t.Errorf("response(not found) = %d %s; want 404 Not Found", code, reason)
	}
}
