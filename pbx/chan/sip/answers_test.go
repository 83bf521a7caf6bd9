package sip

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// startRawChannel starts a channel on one worker, so that requests run in
// the order they arrive, with the relay switch and two raw phones, 102
// registered. edit, when not nil, changes the options first.
func startRawChannel(t *testing.T, edit func(*Opts)) (*Channel, *rawPhone, *rawPhone) {
	t.Helper()
	sw := &relaySwitch{}
	o := Opts{Addr: "127.0.0.1:0", Store: newStore(t), Logger: testLogger(t), Workers: 1,
		Media: func() (MediaSession, error) { return newNullMedia(), nil }}
	if edit != nil {
		edit(&o)
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	sw.c = c
	if err := c.Start(context.Background(), sw); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(context.Background()) })
	caller, callee := newRawPhone(t, c, "101"), newRawPhone(t, c, "102")
	callee.register()
	return c, caller, callee
}

// TestRetransmittedByeAnsweredAgain: the BYE's transaction ended with its
// 200 (respond keeps only the bytes), and a retransmission of the BYE,
// whose dialog is gone, gets that same 200 again rather than 481 (RFC
// 3261 section 17.2.2).
func TestRetransmittedByeAnsweredAgain(t *testing.T) {
	c, caller, callee := startRawChannel(t, nil)
	caller.call(callee).hangup()
	first := bytes.Clone(caller.in[:bytes.Index(caller.in, []byte("\r\n\r\n"))])
	waitFor(t, "no server transaction kept after the BYE's 200", 5*time.Second, func() bool {
		server, _ := txCounts(c)
		return server == 0
	})
	caller.send() // the BYE again
	m := caller.await("SIP/2.0 ", "3 BYE")
	if again := m[:bytes.Index(m, []byte("\r\n\r\n"))]; !bytes.Equal(again, first) {
		t.Errorf("the retransmitted BYE got\n%s\nwant the first answer again\n%s", again, first)
	}
}

// TestRetransmittedInviteAfterAck: once the ACK ended the INVITE's
// transaction, a late copy of the INVITE starts no second call and gets no
// answer.
func TestRetransmittedInviteAfterAck(t *testing.T) {
	c, caller, callee := startRawChannel(t, nil)
	rc := caller.call(callee)
	waitFor(t, "no server transaction kept after the ACK", 5*time.Second, func() bool {
		server, _ := txCounts(c)
		return server == 0
	})
	caller.out = append(caller.out[:0], rc.invite...)
	caller.send()
	// One worker runs requests in order: the OPTIONS is answered after the
	// INVITE was dealt with.
	caller.appendRequest("OPTIONS", "sip:127.0.0.1", "<sip:127.0.0.1>", "opt", 1, "opt1", "", "")
	caller.send()
	for {
		m := caller.await("SIP/2.0 ", "")
		if cseq := rawHeader(m, "CSeq"); bytes.Equal(cseq, []byte("1 OPTIONS")) {
			break
		} else if bytes.HasSuffix(cseq, []byte(" INVITE")) {
			t.Fatalf("the INVITE sent again was answered:\n%s", m)
		}
	}
	if n := c.calls.Load(); n != 2 {
		t.Errorf("%d legs after the INVITE came again; want the call's 2", n)
	}
	rc.hangup()
	idle(t, c)
}
