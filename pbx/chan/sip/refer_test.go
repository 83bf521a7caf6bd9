package sip

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// answerSwitch answers every call and hands its leg to the test.
type answerSwitch struct{ legs chan call.Leg }

func (s *answerSwitch) Incoming(a call.Leg, called string) {
	a.Answer(context.Background())
	s.legs <- a
}

// TestReferPendingThenHangup walks a REFER's subscription on a raw phone:
// 202 and NOTIFY "100 Trying" (active); a second REFER while the first is
// pending gets 491; the box hanging the transferor up before any outcome
// is reported sends the final NOTIFY "487 Request Terminated"
// (terminated) before its BYE.
func TestReferPendingThenHangup(t *testing.T) {
	sw := &answerSwitch{legs: make(chan call.Leg, 1)}
	c, err := New(Opts{Addr: "127.0.0.1:0", Store: newStore(t), Logger: testLogger(t), Workers: 1,
		Media: func() (MediaSession, error) { return newNullMedia(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background(), sw); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(context.Background()) })
	p := newRawPhone(t, c, "101")

	// The call: INVITE, 401, ACK, INVITE with credentials, 200, ACK.
	const callID = "refer-1"
	ruri := "sip:500@127.0.0.1"
	p.appendRequest("INVITE", ruri, "<"+ruri+">", callID, 1, "r1", "", benchSDP)
	p.send()
	m := p.await("SIP/2.0 401", "1 INVITE")
	auth := p.authorization(m, "INVITE", ruri)
	p.appendRequest("ACK", ruri, string(rawHeader(m, "To")), callID, 1, "r1", "", "")
	p.send()
	p.appendRequest("INVITE", ruri, "<"+ruri+">", callID, 2, "r2", auth, benchSDP)
	p.send()
	to := string(rawHeader(p.await("SIP/2.0 200", "2 INVITE"), "To"))
	p.appendRequest("ACK", ruri, to, callID, 2, "r3", "", "")
	p.send()
	in := <-sw.legs
	waitFor(t, "the ACK to confirm the dialog", 5*time.Second, func() bool { return in.(*leg).State() == stateConfirmed })

	refer := func(cseq int, branch string) {
		p.appendRequest("REFER", ruri, to, callID, cseq, branch, "Refer-To: <sip:103@127.0.0.1>\r\n", "")
		p.send()
	}
	// notify takes a NOTIFY, checks its sipfrag and subscription state,
	// and answers it.
	notify := func(frag, state string) {
		t.Helper()
		m := p.await("NOTIFY ", "")
		if body := m[bytes.Index(m, []byte("\r\n\r\n"))+4:]; !bytes.HasPrefix(body, []byte(frag)) {
			t.Errorf("NOTIFY body %q; want %q", body, frag)
		}
		if st := rawHeader(m, "Subscription-State"); !bytes.HasPrefix(st, []byte(state)) {
			t.Errorf("NOTIFY Subscription-State %q; want %s...", st, state)
		}
		p.out = appendReply(p.out[:0], m, "200 OK", "")
		p.out = append(p.out, "Content-Length: 0\r\n\r\n"...)
		p.send()
	}

	refer(3, "r4")
	p.await("SIP/2.0 202", "3 REFER")
	notify("SIP/2.0 100 Trying\r\n", "active")
	if ev := <-in.Events(); ev.Kind != call.EventTransfer || ev.Target != "103" {
		t.Fatalf("event %+v; want a transfer to 103", ev)
	}
	refer(4, "r5")
	p.await("SIP/2.0 491", "4 REFER")

	go in.Hangup(context.Background(), call.CauseNormal)
	notify("SIP/2.0 487 Request Terminated\r\n", "terminated")
	m = p.await("BYE ", "")
	p.out = appendReply(p.out[:0], m, "200 OK", "")
	p.out = append(p.out, "Content-Length: 0\r\n\r\n"...)
	p.send()
	for range in.Events() {
	}
}
