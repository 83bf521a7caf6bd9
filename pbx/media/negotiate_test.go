package media

import (
	"net/netip"
	"strings"
	"testing"
)

func TestAnswerOffer(t *testing.T) {
	local := netip.MustParseAddrPort("192.0.2.1:20000")
	const head = "v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\n"
	tests := []struct {
		name     string
		offer    string
		want     Direction
		codec    string
		pt       uint8
		te       int16
		dir      Direction // our answer's direction
		canSend  bool
		expect   bool // expect RTP from the remote
		streams  string
		errMatch string
	}{
		{name: "yealink: its G722, though listed fourth", offer: string(crlf(yealinkOffer)), codec: "G722", pt: 9, te: 101, dir: SendRecv, canSend: true, expect: true,
			streams: "m=audio 20000 RTP/AVP 9 101"},
		{name: "PCMA first", offer: head + "m=audio 4000 RTP/AVP 8 0 96\na=rtpmap:96 telephone-event/8000\n",
			codec: "PCMA", pt: 8, te: 96, dir: SendRecv, canSend: true, expect: true, streams: "m=audio 20000 RTP/AVP 8 96"},
		{name: "G.722 preferred wherever offered", offer: head + "m=audio 4000 RTP/AVP 0 8 9 101\na=rtpmap:101 telephone-event/8000\n",
			codec: "G722", pt: 9, te: 101, dir: SendRecv, canSend: true, expect: true, streams: "m=audio 20000 RTP/AVP 9 101"},
		{name: "G.722 with a dynamic number", offer: head + "m=audio 4000 RTP/AVP 8 98\na=rtpmap:98 G722/8000\n",
			codec: "G722", pt: 98, te: -1, dir: SendRecv, canSend: true, expect: true, streams: "m=audio 20000 RTP/AVP 98"},
		{name: "G.722 at 16000 is not RFC 3551's: G.711", offer: head + "m=audio 4000 RTP/AVP 98 8\na=rtpmap:98 G722/16000\n",
			codec: "PCMA", pt: 8, te: -1, dir: SendRecv, canSend: true, expect: true},
		{name: "G.729 only first, no telephone-event", offer: head + "m=audio 4000 RTP/AVP 18 8\n",
			codec: "PCMA", pt: 8, te: -1, dir: SendRecv, canSend: true, expect: true, streams: "m=audio 20000 RTP/AVP 8\r"},
		{name: "dynamic PCMU", offer: head + "m=audio 4000 RTP/AVP 97\na=rtpmap:97 PCMU/8000\n",
			codec: "PCMU", pt: 97, te: -1, dir: SendRecv, canSend: true, expect: true},
		{name: "stereo PCMU skipped", offer: head + "m=audio 4000 RTP/AVP 97 0\na=rtpmap:97 PCMU/8000/2\n",
			codec: "PCMU", pt: 0, te: -1, dir: SendRecv, canSend: true, expect: true},
		{name: "hold: sendonly", offer: head + "m=audio 4000 RTP/AVP 0\na=sendonly\n",
			codec: "PCMU", pt: 0, te: -1, dir: RecvOnly, canSend: false, expect: true},
		{name: "hold: recvonly offer", offer: head + "m=audio 4000 RTP/AVP 0\na=recvonly\n",
			codec: "PCMU", pt: 0, te: -1, dir: SendOnly, canSend: true, expect: false},
		{name: "hold: inactive at session level", offer: "v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\na=inactive\nm=audio 4000 RTP/AVP 0\n",
			codec: "PCMU", pt: 0, te: -1, dir: Inactive, canSend: false, expect: false},
		{name: "hold: c=0.0.0.0", offer: "v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0\n",
			codec: "PCMU", pt: 0, te: -1, dir: SendRecv, canSend: false, expect: false},
		{name: "we hold: sendrecv offer", offer: head + "m=audio 4000 RTP/AVP 0\n", want: SendOnly,
			codec: "PCMU", pt: 0, te: -1, dir: SendOnly, canSend: true, expect: false},
		{name: "video refused, audio second", offer: head + "m=video 5000 RTP/AVP 96\na=rtpmap:96 H264/90000\nm=audio 4000 RTP/AVP 0\n",
			codec: "PCMU", pt: 0, te: -1, dir: SendRecv, canSend: true, expect: true, streams: "m=video 0 RTP/AVP 96\r\nm=audio 20000 RTP/AVP 0"},
		{name: "second audio refused", offer: head + "m=audio 4000 RTP/AVP 0\nm=audio 4002 RTP/AVP 8\n",
			codec: "PCMU", pt: 0, te: -1, dir: SendRecv, canSend: true, expect: true, streams: "m=audio 0 RTP/AVP 8"},
		{name: "no common codec", offer: head + "m=audio 4000 RTP/AVP 18 96\na=rtpmap:96 opus/48000/2\n",
			errMatch: "no common codec: the offer has G729, opus; this box takes PCMU, PCMA or G722"},
		{name: "SRTP", offer: head + "m=audio 4000 RTP/SAVP 0\n", errMatch: "RTP/SAVP; only RTP/AVP is supported"},
		{name: "audio disabled", offer: head + "m=audio 0 RTP/AVP 0\n", errMatch: "disables its audio stream"},
		{name: "no audio", offer: head + "m=video 5000 RTP/AVP 96\n", errMatch: "no audio stream"},
		{name: "no streams", offer: head, errMatch: "no audio stream"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			offer, err := parseSDP([]byte(tc.offer))
			if err != nil {
				t.Fatalf("parseSDP: %v", err)
			}
			ans, neg, err := answerOffer(offer, local, tc.want)
			if tc.errMatch != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errMatch) {
					t.Fatalf("answerOffer error = %v; want %q", err, tc.errMatch)
				}
				return
			}
			if err != nil {
				t.Fatalf("answerOffer: %v", err)
			}
			if neg.codec.name != tc.codec || neg.sendPT != tc.pt || neg.recvPT != tc.pt || neg.sendTE != tc.te {
				t.Errorf("negotiated %s pt %d/%d te %d; want %s pt %d te %d", neg.codec.name, neg.sendPT, neg.recvPT, neg.sendTE, tc.codec, tc.pt, tc.te)
			}
			if neg.localDir != tc.dir {
				t.Errorf("answer direction %v; want %v", neg.localDir, tc.dir)
			}
			if neg.canSend() != tc.canSend || neg.expectRecv() != tc.expect {
				t.Errorf("canSend %v expectRecv %v; want %v %v", neg.canSend(), neg.expectRecv(), tc.canSend, tc.expect)
			}
			ans.origin = [6]string{"a", "1", "1", "IN", "IP4", "192.0.2.1"}
			body := string(ans.marshal())
			if tc.streams != "" && !strings.Contains(body, tc.streams) {
				t.Errorf("answer\n%s\nlacks %q", body, tc.streams)
			}
			if !strings.Contains(body, "a="+tc.dir.String()) {
				t.Errorf("answer\n%s\nlacks a=%s", body, tc.dir)
			}
		})
	}
}

func TestApplyAnswer(t *testing.T) {
	local := netip.MustParseAddrPort("192.0.2.1:20000")
	const head = "v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\n"
	tests := []struct {
		name     string
		answer   string
		codec    string
		sendPT   uint8
		sendTE   int16
		recvTE   int16
		remote   string
		errMatch string
	}{
		{name: "PCMA with te 96", answer: head + "m=audio 4000 RTP/AVP 8 96\na=rtpmap:96 telephone-event/8000\n",
			codec: "PCMA", sendPT: 8, sendTE: 96, recvTE: 101, remote: "10.0.0.1:4000"},
		{name: "G722 taken", answer: head + "m=audio 4000 RTP/AVP 9 101\na=rtpmap:101 telephone-event/8000\n",
			codec: "G722", sendPT: 9, sendTE: 101, recvTE: 101, remote: "10.0.0.1:4000"},
		{name: "PCMU, no te", answer: head + "m=audio 4000 RTP/AVP 0\n", codec: "PCMU", sendPT: 0, sendTE: -1, recvTE: -1, remote: "10.0.0.1:4000"},
		{name: "refused", answer: head + "m=audio 0 RTP/AVP 0\n", errMatch: "refused the audio stream"},
		{name: "not offered", answer: head + "m=audio 4000 RTP/AVP 18\n", errMatch: "the answer chose G729, none of which was offered"},
		{name: "two streams", answer: head + "m=audio 4000 RTP/AVP 0\nm=video 0 RTP/AVP 96\n", errMatch: "has 2 media streams; the offer had 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ans, err := parseSDP([]byte(tc.answer))
			if err != nil {
				t.Fatal(err)
			}
			neg, err := applyAnswer(buildOffer(local, SendRecv, nil), ans)
			if tc.errMatch != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errMatch) {
					t.Fatalf("applyAnswer error = %v; want %q", err, tc.errMatch)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if neg.codec.name != tc.codec || neg.sendPT != tc.sendPT || neg.sendTE != tc.sendTE || neg.recvTE != tc.recvTE || neg.remote.String() != tc.remote {
				t.Errorf("got %s pt %d te %d/%d remote %v; want %s %d %d/%d %s", neg.codec.name, neg.sendPT, neg.sendTE, neg.recvTE, neg.remote,
					tc.codec, tc.sendPT, tc.sendTE, tc.recvTE, tc.remote)
			}
		})
	}
}

func TestAnswerTo(t *testing.T) {
	tests := []struct{ offered, want, got Direction }{
		{SendRecv, SendRecv, SendRecv}, {SendRecv, SendOnly, SendOnly}, {SendOnly, SendRecv, RecvOnly},
		{SendOnly, SendOnly, Inactive}, {RecvOnly, SendRecv, SendOnly}, {RecvOnly, RecvOnly, Inactive},
		{Inactive, SendRecv, Inactive}, {0, 0, SendRecv},
	}
	for _, tc := range tests {
		if got := answerTo(tc.offered, tc.want); got != tc.got {
			t.Errorf("answerTo(%v, %v) = %v; want %v", tc.offered, tc.want, got, tc.got)
		}
	}
}

// TestSessionOfferAnswer walks a session's SDP states (RFC 3264): offer,
// answer, a re-offer for hold from either side, an unchanged SDP sent
// again, and the origin version.
func TestSessionOfferAnswer(t *testing.T) {
	e := newTestEngine(t, nil)
	a, b := newTestSession(t, e), newTestSession(t, e)

	offer := a.Offer()
	if !strings.Contains(string(offer), "m=audio "+itoaPort(a.LocalAddr())+" RTP/AVP 9 0 8 101\r\n") {
		t.Fatalf("offer:\n%s", offer)
	}
	ans, err := b.Answer(offer)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetRemote(ans); err != nil {
		t.Fatal(err)
	}
	if a.Codec() != "G722" || b.Codec() != "G722" {
		t.Fatalf("codecs %q %q; want G722, the first in our offer", a.Codec(), b.Codec())
	}
	// The same answer again (183 then 200): nothing changes.
	if err := a.SetRemote(ans); err != nil {
		t.Fatalf("SetRemote of the same answer again: %v", err)
	}

	// a puts b on hold with a re-offer.
	a.SetDirection(SendOnly)
	hold := a.Offer()
	if !strings.Contains(string(hold), "a=sendonly") || !strings.Contains(string(hold), "o=hookflash "+a.sessID+" 2 ") {
		t.Fatalf("hold offer (want sendonly, version 2):\n%s", hold)
	}
	ans2, err := b.Answer(hold)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ans2), "a=recvonly") || !strings.Contains(string(ans2), " 2 IN IP4") {
		t.Fatalf("answer to hold (want recvonly, version 2):\n%s", ans2)
	}
	if err := a.SetRemote(ans2); err != nil {
		t.Fatal(err)
	}
	if st := b.state.Load(); st.canSend() || !st.expectRecv() {
		t.Errorf("held b: canSend %v expectRecv %v; want false true", st.canSend(), st.expectRecv())
	}
	if st := a.state.Load(); !st.canSend() || st.expectRecv() {
		t.Errorf("holding a: canSend %v expectRecv %v; want true false", st.canSend(), st.expectRecv())
	}

	// b's re-INVITE arrives through SetRemote (b resumes as offerer).
	a.SetDirection(SendRecv)
	resume := b.Offer()
	if err := a.SetRemote(resume); err != nil {
		t.Fatalf("SetRemote of a re-offer: %v", err)
	}
	if _, err := a.Answer(resume); err != nil {
		t.Fatal(err)
	}
	if st := a.state.Load(); !st.canSend() || !st.expectRecv() {
		t.Errorf("resumed a: canSend %v expectRecv %v", st.canSend(), st.expectRecv())
	}

	// A broken re-offer changes nothing.
	if _, err := a.Answer([]byte("v=0\nbroken\n")); err == nil {
		t.Fatal("broken SDP accepted")
	}
	if a.Codec() != "G722" {
		t.Errorf("codec after broken SDP %q", a.Codec())
	}
}

func itoaPort(a netip.AddrPort) string { return a.String()[len(a.Addr().String())+1:] }
