package media

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
)

// A first offer lists the codec Prefer names first, so a callee that
// takes the first codec it speaks (as phones do) picks the caller's and
// the bridge can relay; a narrowband caller's callee is offered G.711
// first; a re-offer keeps the codec in use first.
func TestPreferOrdersTheFirstOffer(t *testing.T) {
	e := newTestEngine(t, nil)
	tests := []struct {
		prefer, fmts string
	}{
		{"", "9 0 8 101"},
		{"PCMA", "8 9 0 101"},
		{"pcmu", "0 9 8 101"},
		{"G722", "9 0 8 101"},
		{call.CodecPCM, "0 9 8 101"},
		{"opus", "9 0 8 101"},
	}
	for _, tt := range tests {
		a := newTestSession(t, e)
		a.Prefer(tt.prefer)
		if offer := a.Offer(); !strings.Contains(string(offer), "m=audio "+itoaPort(a.LocalAddr())+" RTP/AVP "+tt.fmts+"\r\n") {
			t.Errorf("Prefer(%q): offer lists\n%s\nwant formats %s", tt.prefer, offer, tt.fmts)
		}
	}

	// A phone takes PCMA, the first it speaks; a later re-offer keeps
	// PCMA first, whatever Prefer says.
	a := newTestSession(t, e)
	a.Prefer("PCMA")
	a.Offer()
	answer := fmt.Sprintf("v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"+
		"m=audio %d RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n", 40000)
	if err := a.SetRemote([]byte(answer)); err != nil {
		t.Fatal(err)
	}
	if a.Codec() != "PCMA" {
		t.Fatalf("codec %q after the phone's answer; want PCMA", a.Codec())
	}
	a.Prefer("G722")
	if re := string(a.Offer()); !strings.Contains(re, " RTP/AVP 8 9 0 101\r\n") {
		t.Errorf("re-offer lists\n%s\nwant PCMA first", re)
	}
}
