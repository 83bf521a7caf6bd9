package media

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
)

// crlf turns a readable SDP written with \n into CRLF lines.
func crlf(s string) []byte {
	return []byte(strings.ReplaceAll(strings.TrimLeft(s, "\n"), "\n", "\r\n"))
}

// A Yealink-style offer: session-level c=, PCMU, PCMA, G.729,
// telephone-event, ptime, sendrecv.
const yealinkOffer = `
v=0
o=- 20035 20035 IN IP4 192.168.1.50
s=SDP data
c=IN IP4 192.168.1.50
t=0 0
m=audio 11796 RTP/AVP 0 8 18 9 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:18 G729/8000
a=fmtp:18 annexb=no
a=rtpmap:9 G722/8000
a=fmtp:101 0-15
a=rtpmap:101 telephone-event/8000
a=ptime:20
a=sendrecv
`

func TestParseSDP(t *testing.T) {
	tests := []struct {
		name      string
		sdp       []byte
		conn      string // effective connection address of media 0
		port      int
		fmts      string
		dir       Direction
		rtcp      string
		ptime     int
		firstName string
	}{
		{"yealink", crlf(yealinkOffer), "192.168.1.50", 11796, "0 8 18 9 101", SendRecv, "192.168.1.50:11797", 20, "PCMU"},
		{"lf line ends, media-level c, no rtpmap for static types",
			[]byte("v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 8 0\nc=IN IP4 10.0.0.2\na=sendonly\n"),
			"10.0.0.2", 4000, "8 0", SendOnly, "10.0.0.2:4001", 0, "PCMA"},
		{"session-level inactive, rtcp attribute, ptime 20.0",
			crlf("v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\na=inactive\nm=audio 4000 RTP/AVP 0\na=rtcp:5000 IN IP4 10.0.0.9\na=ptime:20.0\n"),
			"10.0.0.1", 4000, "0", Inactive, "10.0.0.9:5000", 20, "PCMU"},
		{"IPv6 and multicast-style suffix",
			crlf("v=0\no=x 1 2 IN IP6 ::1\ns=-\nc=IN IP6 2001:db8::5\nt=0 0\nm=audio 4000/2 RTP/AVP 0\n"),
			"2001:db8::5", 4000, "0", SendRecv, "[2001:db8::5]:4001", 0, "PCMU"},
		{"c= after t= (a Lucent box's order; pion/sdp#163 refuses it)",
			crlf("v=0\no=LucentFS5000 1560282872 1560282872 IN IP4 10.0.0.1\ns=-\nt=0 0\nc=IN IP4 10.243.83.56\nm=audio 4000 RTP/AVP 0\n"),
			"10.243.83.56", 4000, "0", SendRecv, "10.243.83.56:4001", 0, "PCMU"},
		{"hold with 0.0.0.0",
			crlf("v=0\no=x 1 3 IN IP4 10.0.0.1\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0\n"),
			"0.0.0.0", 4000, "0", SendRecv, "0.0.0.0:4001", 0, "PCMU"},
		{"dynamic payload type with rtpmap and leading blank line",
			[]byte("\r\nv=0\r\no=x 1 2 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 96\r\na=rtpmap:96 pcma/8000\r\n"),
			"10.0.0.1", 4000, "96", SendRecv, "10.0.0.1:4001", 0, "pcma"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := parseSDP(tc.sdp)
			if err != nil {
				t.Fatalf("parseSDP: %v", err)
			}
			if len(d.media) != 1 {
				t.Fatalf("%d media; want 1", len(d.media))
			}
			m := &d.media[0]
			if got := d.connAddr(0).String(); got != tc.conn {
				t.Errorf("conn = %s; want %s", got, tc.conn)
			}
			if m.port != tc.port || strings.Join(m.fmts, " ") != tc.fmts {
				t.Errorf("m= port %d fmts %q; want %d %q", m.port, strings.Join(m.fmts, " "), tc.port, tc.fmts)
			}
			if got := d.direction(0); got != tc.dir {
				t.Errorf("direction = %v; want %v", got, tc.dir)
			}
			if _, rtcp := remoteAddrs(d, 0); rtcp.String() != tc.rtcp {
				t.Errorf("rtcp = %v; want %v", rtcp, tc.rtcp)
			}
			if m.ptime != tc.ptime {
				t.Errorf("ptime = %d; want %d", m.ptime, tc.ptime)
			}
			if m.maps[0].name != tc.firstName {
				t.Errorf("first format %q; want %q", m.maps[0].name, tc.firstName)
			}
		})
	}
}

func TestParseSDPYealinkFormats(t *testing.T) {
	d, err := parseSDP(crlf(yealinkOffer))
	if err != nil {
		t.Fatal(err)
	}
	want := []sdpMap{
		{pt: 0, name: "PCMU", clock: 8000}, {pt: 8, name: "PCMA", clock: 8000},
		{pt: 18, name: "G729", clock: 8000, fmtp: "annexb=no"}, {pt: 9, name: "G722", clock: 8000},
		{pt: 101, name: "telephone-event", clock: 8000, fmtp: "0-15"},
	}
	for i, w := range want {
		if got := d.media[0].maps[i]; got != w {
			t.Errorf("map %d = %+v; want %+v", i, got, w)
		}
	}
}

func TestParseSDPErrors(t *testing.T) {
	const head = "v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\n"
	tests := []struct {
		name, sdp, want string
	}{
		{"empty", "", "empty body"},
		{"blank", " \r\n\r\n", "empty body"},
		{"no v", "o=x 1 2 IN IP4 10.0.0.1\n", "starts with v=0"},
		{"v=1", "v=1\n", "starts with v=0"},
		{"v twice", "v=0\nv=0\n", "line 2"},
		{"not type=value", "v=0\nhello\n", `line 2: "hello" is not a <type>=<value> line`},
		{"upper-case type", "v=0\nO=x\n", "not a <type>=<value> line"},
		{"no origin", "v=0\ns=-\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\n", "no origin line"},
		{"short origin", "v=0\no=x 1 2\n", "line 2: origin"},
		{"host name", head + "m=audio 4000 RTP/AVP 0\nc=IN IP4 pbx.example.com\n", "line 7: connection address \"pbx.example.com\" is not an IP address"},
		{"bad connection", "v=0\no=x 1 2 IN IP4 10.0.0.1\nc=IN 10.0.0.1\n", "want IN IP4 <address>"},
		{"family mismatch", "v=0\no=x 1 2 IN IP4 10.0.0.1\nc=IN IP4 ::1\n", "does not match address type IP4"},
		{"port", head + "m=audio 70000 RTP/AVP 0\n", "line 6: media port \"70000\""},
		{"port text", head + "m=audio x RTP/AVP 0\n", "media port"},
		{"no formats", head + "m=audio 4000 RTP/AVP\n", "want <media> <port> <proto> <format>"},
		{"payload type", head + "m=audio 4000 RTP/AVP 0 200\n", `media format "200"`},
		{"rtpmap", head + "m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus\n", "line 7: rtpmap"},
		{"rtpmap clock", head + "m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/fast\n", "clock rate"},
		{"rtpmap pt", head + "m=audio 4000 RTP/AVP 96\na=rtpmap:x opus/48000\n", "payload type"},
		{"ptime", head + "m=audio 4000 RTP/AVP 0\na=ptime:0\n", "ptime"},
		{"rtcp", head + "m=audio 4000 RTP/AVP 0\na=rtcp:abc\n", "rtcp"},
		{"no connection", "v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0\n", "no connection address"},
		{"too big", "v=0\n" + strings.Repeat("a=x\n", maxSDPSize/4), "bytes; at most"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSDP([]byte(tc.sdp))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parseSDP(%q) error = %v; want one containing %q", clip(tc.sdp), err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "media: sdp") {
				t.Errorf("error %q lacks the media: sdp prefix", err)
			}
		})
	}
}

func TestMarshalSDPRoundTrip(t *testing.T) {
	d := buildOffer(netip.MustParseAddrPort("192.0.2.1:20000"), SendOnly, nil)
	d.origin = [6]string{"hookflash", "1", "2", "IN", "IP4", "192.0.2.1"}
	b := d.marshal()
	want := "v=0\r\no=hookflash 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
		"m=audio 20000 RTP/AVP 9 0 8 101\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
		"a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendonly\r\n"
	if string(b) != want {
		t.Fatalf("marshal =\n%s\nwant\n%s", b, want)
	}
	d2, err := parseSDP(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d2.marshal(), b) {
		t.Errorf("re-marshal differs:\n%s", d2.marshal())
	}
}

// FuzzParseSDP checks that the parser never panics and that what it
// accepts writes back to an SDP that parses to the same thing
// (marshal(parse(marshal(parse(x)))) == marshal(parse(x))), and that the
// negotiator survives it as an offer and as an answer.
func FuzzParseSDP(f *testing.F) {
	f.Add(crlf(yealinkOffer))
	f.Add([]byte("v=0\no=x 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 8\na=sendonly\nm=video 5000 RTP/AVP 96\na=rtpmap:96 H264/90000\n"))
	f.Add([]byte("v=0\no=x 1 2 IN IP6 ::1\ns=-\nc=IN IP6 ::1\nt=0 0\nm=audio 4000 RTP/SAVP 0\na=rtcp:4001\n"))
	f.Add([]byte("v=0\r\no=- 0 0 IN IP4 1.2.3.4\r\nm=audio 0 RTP/AVP 0\r\n"))
	local := netip.MustParseAddrPort("192.0.2.1:20000")
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseSDP(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "media: sdp") {
				t.Fatalf("error %q lacks the media: sdp prefix", err)
			}
			return
		}
		m1 := d.marshal()
		d2, err := parseSDP(m1)
		if err != nil {
			t.Fatalf("marshalled SDP does not parse: %v\n%q", err, m1)
		}
		if m2 := d2.marshal(); !bytes.Equal(m1, m2) {
			t.Fatalf("round trip differs:\n%q\n%q", m1, m2)
		}
		ans, neg, err := answerOffer(d, local, SendRecv)
		if err == nil {
			if neg.codec == nil || len(ans.media) != len(d.media) {
				t.Fatalf("answer has %d media for %d, codec %v", len(ans.media), len(d.media), neg.codec)
			}
			ans.origin = [6]string{"a", "1", "1", "IN", "IP4", "192.0.2.1"}
			if _, err := parseSDP(ans.marshal()); err != nil {
				t.Fatalf("our answer does not parse: %v\n%s", err, ans.marshal())
			}
		}
		offer := buildOffer(local, SendRecv, nil)
		if neg, err := applyAnswer(offer, d); err == nil && neg.codec == nil {
			t.Fatal("applyAnswer accepted without a codec")
		}
	})
}
