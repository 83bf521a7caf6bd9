package sip

import (
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// TestHoldResumeSipp has a sipp caller put the box on hold with a
// re-INVITE (a=sendonly) and resume it (a=sendrecv), playing a 1 s tone
// before, during and after the hold to a sipp callee that echoes it. The
// caller checks the box's answers (a=recvonly, then a=sendrecv); the
// caller's leg must receive all three tones but send back only the echoes
// of the two outside the hold: media towards the held party stops and
// resumes. The hold and the resume each reach the switch as a flash,
// which the dial plan turns into music on hold for the other party.
func TestHoldResumeSipp(t *testing.T) {
	needSipp(t)
	pcap := writePcap(t, time.Second)
	st := newStore(t)
	c, sw := startCallChannel(t, st, 5*time.Second, nil)
	callee := phoneAt(t, c, "102", "answer", 0)
	caller := dial(t, c, "101", "102", map[string]any{"Mode": "hold", "Pcap": pcap, "HoldMS": 1300})
	r := sw.wait(t)
	expectExit(t, "caller", caller, 0)
	expectExit(t, "callee", callee, 0)
	if !r.answered || !r.relayed || r.err != nil {
		t.Fatalf("call: answered %v, relayed %v, err %v; want an answered, relayed call", r.answered, r.relayed, r.err)
	}
	if r.flashes["sip/101"] != 2 || r.flashes["sip/102"] != 0 {
		t.Errorf("flashes %v; want 2 from sip/101 (hold, resume) and none from sip/102", r.flashes)
	}
	// 50 packets a tone.
	if r.caller.PacketsRecv < 140 {
		t.Errorf("caller's leg received %d packets; want the three tones (150)", r.caller.PacketsRecv)
	}
	if r.callee.PacketsSent < 140 {
		t.Errorf("callee's leg sent %d packets; want the three tones relayed (150), the hold being one way", r.callee.PacketsSent)
	}
	if s := r.caller.PacketsSent; s < 80 || s > 115 {
		t.Errorf("caller's leg sent %d packets; want the echo of the two tones outside the hold (100), none while held", s)
	}
	waitFor(t, "every leg to end", 5*time.Second, func() bool { return c.calls.Load() == 0 && c.dialogs.Len() == 0 })
}

// TestBlindTransferSipp has the callee (a sipp phone, 102) transfer the
// caller (sipp, 101) to 103 with REFER: the box answers 202 and NOTIFY
// "100 Trying", the switch sees EventTransfer, rings 103, which answers,
// reports the transfer done (NOTIFY "200 OK", subscription terminated),
// bridges the caller with 103 and hangs up 102. The caller's tone then reaches 103, which echoes it back.
func TestBlindTransferSipp(t *testing.T) {
	needSipp(t)
	pcap := writePcap(t, time.Second)
	st := newStore(t)
	c, sw := startCallChannel(t, st, 5*time.Second, nil)
	target := phoneAt(t, c, "103", "answer", 0)
	transferor := phoneWith(t, c, "102", map[string]any{"Mode": "refer", "ReferTo": "103", "HoldMS": 0})
	caller := dial(t, c, "101", "102", map[string]any{"Mode": "hangup", "Pcap": pcap, "HoldMS": 2000})
	r := sw.wait(t)
	expectExit(t, "caller", caller, 0)
	expectExit(t, "transferor", transferor, 0)
	expectExit(t, "transfer target", target, 0)
	if r.err != nil || !slices.Equal(r.transfers, []string{"103"}) {
		t.Fatalf("transfers %v, err %v; want one to 103", r.transfers, r.err)
	}
	if r.parties != [2]string{"sip/101", "sip/103"} {
		t.Errorf("bridged at the end: %v; want [sip/101 sip/103]", r.parties)
	}
	if r.callee.PacketsRecv < 20 || r.callee.PacketsSent < 20 || r.caller.PacketsRecv < 20 {
		t.Errorf("RTP did not flow between caller and target: caller leg %+v, target leg %+v", r.caller, r.callee)
	}
	waitFor(t, "every leg to end", 5*time.Second, func() bool { return c.calls.Load() == 0 && c.dialogs.Len() == 0 })
}

// TestBlindTransferFailsSipp: a blind transfer (REFER) whose target is
// busy, not registered, or no extension at all fails; the transferor
// (sipp, 102) is told so in the REFER's final NOTIFY after "100 Trying"
// (RFC 3515, RFC 5589 section 6.2): 486 Busy Here, 480 Temporarily
// Unavailable, 404 Not Found. Its dialog is not torn down: the caller and
// 102 talk on until the caller hangs up.
func TestBlindTransferFailsSipp(t *testing.T) {
	needSipp(t)
	tests := []struct {
		name, target string // target's sipp mode; "" for no phone
		referTo      string
		result       string
		cause        call.Cause
	}{
		{"busy", "busy", "103", "486 Busy Here", call.CauseBusy},
		{"not registered", "", "103", "480 Temporarily Unavailable", call.CauseUnavailable},
		{"no such extension", "", "109", "404 Not Found", call.CauseNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcap := writePcap(t, time.Second)
			st := newStore(t)
			c, sw := startCallChannel(t, st, 5*time.Second, nil)
			var target *sippRun
			if tt.target != "" {
				target = phoneAt(t, c, "103", tt.target, 0)
			}
			transferor := phoneWith(t, c, "102", map[string]any{"Mode": "refer", "ReferTo": tt.referTo, "ReferResult": tt.result, "HoldMS": 0})
			caller := dial(t, c, "101", "102", map[string]any{"Mode": "hangup", "Pcap": pcap, "HoldMS": 3000})
			r := sw.wait(t)
			expectExit(t, "caller", caller, 0)
			expectExit(t, "transferor", transferor, 0)
			if target != nil {
				expectExit(t, "transfer target", target, 0)
			}
			if r.err != nil || len(r.transfers) != 0 || !slices.Equal(r.failed, []call.Cause{tt.cause}) {
				t.Fatalf("transfers %v, failed %v, err %v; want none done, one failed with %v", r.transfers, r.failed, r.err, tt.cause)
			}
			if r.parties != [2]string{"sip/101", "sip/102"} || r.cause != call.CauseNormal {
				t.Errorf("bridged at the end: %v, ended %v; want [sip/101 sip/102] ended by the caller", r.parties, r.cause)
			}
			waitFor(t, "every leg to end", 5*time.Second, func() bool { return c.calls.Load() == 0 && c.dialogs.Len() == 0 })
		})
	}
}

// TestAttendedTransferUnknownDialogSipp: a REFER whose Refer-To carries
// Replaces (an attended transfer, RFC 3891) for a dialog the box does not
// have is refused with 481, reaches the switch as no transfer, and the
// call goes on until the caller hangs up.
func TestAttendedTransferUnknownDialogSipp(t *testing.T) {
	needSipp(t)
	pcap := writePcap(t, time.Second)
	st := newStore(t)
	c, sw := startCallChannel(t, st, 5*time.Second, nil)
	transferor := phoneWith(t, c, "102", map[string]any{"Mode": "replaces", "ReferTo": "103", "HoldMS": 0})
	caller := dial(t, c, "101", "102", map[string]any{"Mode": "hangup", "Pcap": pcap, "HoldMS": 2000})
	r := sw.wait(t)
	expectExit(t, "caller", caller, 0)
	expectExit(t, "transferor", transferor, 0)
	if r.err != nil || len(r.transfers) != 0 || r.cause != call.CauseNormal {
		t.Errorf("transfers %v, cause %v, err %v; want none, a normal end", r.transfers, r.cause, r.err)
	}
	waitFor(t, "every leg to end", 5*time.Second, func() bool { return c.calls.Load() == 0 && c.dialogs.Len() == 0 })
}

// TestDigitsSipp has a sipp caller send digit 5 as SIP INFO
// (application/dtmf-relay) and digit 7 as RFC 4733 events in its RTP: both
// reach the switch as EventDigit on the caller's leg, in order. The events
// are relayed to the callee, whose echo brings 7 back on the callee's leg.
func TestDigitsSipp(t *testing.T) {
	needSipp(t)
	pcap := writeDigitPcap(t, 7)
	st := newStore(t)
	c, sw := startCallChannel(t, st, 5*time.Second, nil)
	callee := phoneAt(t, c, "102", "answer", 0)
	caller := dial(t, c, "101", "102", map[string]any{"Mode": "info", "Pcap": pcap, "HoldMS": 1000})
	r := sw.wait(t)
	expectExit(t, "caller", caller, 0)
	expectExit(t, "callee", callee, 0)
	if got := r.digits["sip/101"]; got != "57" {
		t.Errorf("digits on the caller's leg = %q; want %q (INFO 5, then RFC 4733 7)", got, "57")
	}
	if got := r.digits["sip/102"]; got != "7" {
		t.Errorf("digits on the callee's leg = %q; want %q (the relayed event echoed)", got, "7")
	}
}
