package sip

import (
	"strconv"
	"strings"

	"github.com/emiago/sipgo/sip"

	"github.com/hookflash/firmware/pbx/call"
)

// The mapping between SIP final responses and the switch's causes follows
// RFC 3398 (ISUP/Q.850 and SIP) where the two meet; a Reason header field
// (RFC 3326) carrying the Q.850 cause travels with the response, so that a
// peer that reads it (another Hookflash, Asterisk) tells "no answer" from
// "unavailable", which share 480.

// response returns the status code, reason phrase and Q.850 cause value
// with which an unanswered inbound leg refuses its INVITE for cause.
func response(cause call.Cause) (code int, reason string, q850 int) {
	switch cause {
	case call.CauseBusy:
		return sip.StatusBusyHere, "Busy Here", 17
	case call.CauseNoAnswer:
		return sip.StatusTemporarilyUnavailable, "No Answer", 19
	case call.CauseUnavailable:
		return sip.StatusTemporarilyUnavailable, "Temporarily Unavailable", 20
	case call.CauseCongestion:
		return sip.StatusServiceUnavailable, "Service Unavailable", 34
	case call.CauseRejected:
		return sip.StatusForbidden, "Forbidden", 21
	case call.CauseNotFound:
		return sip.StatusNotFound, "Not Found", 1
	default: // normal clearing before answer: the call went nowhere
		return sip.StatusTemporarilyUnavailable, "Temporarily Unavailable", 16
	}
}

// causeOf returns the cause an outbound leg ends with when its INVITE
// failed with res.
func causeOf(res *sip.Response) call.Cause {
	if q, ok := q850Of(res); ok {
		switch q {
		case 17:
			return call.CauseBusy
		case 18, 19:
			return call.CauseNoAnswer
		case 1, 22:
			return call.CauseNotFound
		case 3, 20, 27:
			return call.CauseUnavailable
		case 21:
			return call.CauseRejected
		case 34, 38, 41, 42, 47:
			return call.CauseCongestion
		}
	}
	switch code := res.StatusCode; {
	case code == sip.StatusBusyHere || code == 600:
		return call.CauseBusy
	case code == sip.StatusRequestTimeout:
		return call.CauseNoAnswer
	case code == sip.StatusNotFound || code == 410 || code == 604:
		return call.CauseNotFound
	case code == sip.StatusTemporarilyUnavailable || code == 484:
		return call.CauseUnavailable
	case code == sip.StatusForbidden || code == 603 || code == sip.StatusUnauthorized ||
		code == sip.StatusProxyAuthRequired || code == 488 || code == 606:
		return call.CauseRejected
	case code == sip.StatusRequestTerminated:
		return call.CauseNormal
	case code >= 500 && code < 600:
		return call.CauseCongestion
	default:
		return call.CauseRejected
	}
}

// q850Of reads the Q.850 cause of a Reason header field (RFC 3326).
func q850Of(res *sip.Response) (int, bool) {
	h := res.GetHeader("Reason")
	if h == nil {
		return 0, false
	}
	v := h.Value()
	if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(v)), "Q.850") {
		return 0, false
	}
	for _, p := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok && strings.EqualFold(k, "cause") {
			n, err := strconv.Atoi(strings.Trim(val, `"`))
			return n, err == nil
		}
	}
	return 0, false
}

// reasonHeader returns a Reason header field for Q.850 cause q.
func reasonHeader(q int) sip.Header {
	return sip.NewHeader("Reason", "Q.850;cause="+strconv.Itoa(q))
}

// worse orders the causes of failed forks to pick the one the caller
// hears (RFC 3261 section 16.7 step 6 in spirit: busy beats no answer,
// which beats the rest). Not found comes last: a fork that says so is
// outvoted by any other that knows the number.
func worse(a, b call.Cause) call.Cause {
	rank := func(c call.Cause) int {
		switch c {
		case call.CauseBusy:
			return 6
		case call.CauseRejected:
			return 5
		case call.CauseNoAnswer:
			return 4
		case call.CauseCongestion:
			return 3
		case call.CauseUnavailable:
			return 2
		case call.CauseNotFound:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}
