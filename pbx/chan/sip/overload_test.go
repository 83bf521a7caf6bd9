package sip

import (
	"bytes"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// TestOverloadLeavesNothingBehind fills the channel to its call limit,
// checks that one more call is refused with 503 and Retry-After (RFC 3261
// section 21.5.4) while a burst of new INVITEs is each answered once, and
// that once the calls are hung up no leg, dialog, sipgo transaction or
// goroutine is left behind. It counts, it does not time.
func TestOverloadLeavesNothingBehind(t *testing.T) {
	c, caller, callee := startRawChannel(t, func(o *Opts) { o.MaxCalls, o.Queue = 4, 4 })
	caller.call(callee).hangup()
	idle(t, c)
	baseline := runtime.NumGoroutine()

	// Two calls are four legs: the limit.
	held := []*rawCall{caller.call(callee), caller.call(callee)}

	// A third is refused before its caller is even challenged.
	ruri := "sip:102@127.0.0.1"
	caller.appendRequest("INVITE", ruri, "<"+ruri+">", "over", 1, "over1", "", benchSDP)
	caller.send()
	m := caller.await("SIP/2.0 ", "1 INVITE")
	if !bytes.HasPrefix(m, []byte("SIP/2.0 503 ")) || len(rawHeader(m, "Retry-After")) == 0 {
		t.Fatalf("the INVITE beyond the call limit got\n%s\nwant 503 with Retry-After", m)
	}
	caller.appendRequest("ACK", ruri, string(rawHeader(m, "To")), "over", 1, "over1", "", "")
	caller.send()

	// A burst of new INVITEs on one worker with a short queue: each gets
	// one final response, a challenge or 503.
	const burst = 100
	for i := range burst {
		n := strconv.Itoa(i)
		caller.appendRequest("INVITE", ruri, "<"+ruri+">", "burst"+n, 1, "burst"+n, "", benchSDP)
		caller.send()
	}
	answered := map[string]bool{}
	caller.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for len(answered) < burst {
		n, err := caller.conn.Read(caller.in)
		if err != nil {
			t.Fatalf("%d of %d INVITEs of the burst answered: %v", len(answered), burst, err)
		}
		m := caller.in[:n]
		if bytes.HasPrefix(m, []byte("SIP/2.0 401 ")) || bytes.HasPrefix(m, []byte("SIP/2.0 503 ")) {
			answered[string(rawHeader(m, "Call-ID"))] = true
		}
	}

	for _, rc := range held {
		rc.hangup()
	}
	caller.call(callee).hangup() // the box takes calls again

	idle(t, c)
	waitFor(t, "goroutines back to their number before the calls", 10*time.Second, func() bool {
		return runtime.NumGoroutine() <= baseline
	})
}

// idle waits until the channel holds no leg, dialog or transaction.
func idle(t *testing.T, c *Channel) {
	t.Helper()
	waitFor(t, "the channel to hold nothing", 10*time.Second, func() bool {
		server, client := txCounts(c)
		return c.calls.Load() == 0 && c.dialogs.Len() == 0 && c.offers.Len() == 0 && server == 0 && client == 0
	})
}
