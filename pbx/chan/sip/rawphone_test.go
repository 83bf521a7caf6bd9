package sip

import (
	"bytes"
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/icholy/digest"

	"github.com/hookflash/firmware/pbx/call"
)

// rawPhone is a SIP phone on a bare UDP socket that writes its messages by
// hand and reads them with byte searches, so that a benchmark counts the
// channel's work and allocations rather than a second SIP stack's. It
// speaks just enough of RFC 3261 for the benchmarks' calls.
type rawPhone struct {
	tb   testing.TB
	user string
	conn *net.UDPConn
	box  *net.UDPAddr
	addr string // our host:port
	in   []byte
	out  []byte
	n    int // calls placed, for unique Call-IDs and branches
}

func newRawPhone(tb testing.TB, c *Channel, user string) *rawPhone {
	tb.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	box, err := net.ResolveUDPAddr("udp", c.Addr())
	if err != nil {
		tb.Fatal(err)
	}
	return &rawPhone{tb: tb, user: user, conn: conn, box: box, addr: conn.LocalAddr().String(), in: make([]byte, 65536)}
}

// send writes p.out to the box.
func (p *rawPhone) send() {
	if _, err := p.conn.WriteToUDP(p.out, p.box); err != nil {
		p.tb.Fatal(err)
	}
}

// await reads until a message whose first line starts with start and, when
// cseq is not empty, whose CSeq header is cseq; others (retransmissions,
// provisional responses) are skipped. The message stays valid until the
// next read.
func (p *rawPhone) await(start, cseq string) []byte {
	p.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		n, err := p.conn.Read(p.in)
		if err != nil {
			p.tb.Fatalf("%s waiting for %q (CSeq %q): %v", p.user, start, cseq, err)
		}
		m := p.in[:n]
		if !bytes.HasPrefix(m, []byte(start)) {
			continue
		}
		if cseq != "" && !bytes.Equal(rawHeader(m, "CSeq"), []byte(cseq)) {
			continue
		}
		return m
	}
}

// rawHeader returns the value of the first header field name in m.
func rawHeader(m []byte, name string) []byte {
	for line := range bytes.SplitSeq(m, []byte("\r\n")) {
		if len(line) == 0 {
			return nil
		}
		if len(line) > len(name)+1 && line[len(name)] == ':' && string(line[:len(name)]) == name {
			return bytes.TrimSpace(line[len(name)+1:])
		}
	}
	return nil
}

// appendReply appends a response to the request m: its Via, From, To,
// Call-ID and CSeq lines, with toTag added to a To without a tag.
func appendReply(out, m []byte, status, toTag string) []byte {
	out = append(out, "SIP/2.0 "...)
	out = append(out, status...)
	out = append(out, "\r\n"...)
	for line := range bytes.SplitSeq(m, []byte("\r\n")) {
		if len(line) == 0 {
			break
		}
		for _, name := range []string{"Via:", "From:", "To:", "Call-ID:", "CSeq:", "Record-Route:"} {
			if !bytes.HasPrefix(line, []byte(name)) {
				continue
			}
			out = append(out, line...)
			if name == "To:" && !bytes.Contains(line, []byte(";tag=")) {
				out = append(out, ";tag="...)
				out = append(out, toTag...)
			}
			out = append(out, "\r\n"...)
		}
	}
	return out
}

// appendRequest appends a request of the phone's call n to the box.
func (p *rawPhone) appendRequest(method, ruri, to, callID string, cseq int, branch string, extra string, body string) {
	o := p.out[:0]
	o = append(o, method...)
	o = append(o, ' ')
	o = append(o, ruri...)
	o = append(o, " SIP/2.0\r\nVia: SIP/2.0/UDP "...)
	o = append(o, p.addr...)
	o = append(o, ";branch=z9hG4bK"...)
	o = append(o, branch...)
	o = append(o, ";rport\r\nFrom: <sip:"...)
	o = append(o, p.user...)
	o = append(o, "@127.0.0.1>;tag=t"...)
	o = append(o, callID...)
	o = append(o, "\r\nTo: "...)
	o = append(o, to...)
	o = append(o, "\r\nCall-ID: "...)
	o = append(o, callID...)
	o = append(o, "\r\nCSeq: "...)
	o = strconv.AppendInt(o, int64(cseq), 10)
	o = append(o, ' ')
	if method == "ACK" {
		o = append(o, "ACK"...)
	} else {
		o = append(o, method...)
	}
	o = append(o, "\r\nContact: <sip:"...)
	o = append(o, p.user...)
	o = append(o, '@')
	o = append(o, p.addr...)
	o = append(o, ">\r\nMax-Forwards: 70\r\n"...)
	o = append(o, extra...)
	if body != "" {
		o = append(o, "Content-Type: application/sdp\r\n"...)
	}
	o = append(o, "Content-Length: "...)
	o = strconv.AppendInt(o, int64(len(body)), 10)
	o = append(o, "\r\n\r\n"...)
	o = append(o, body...)
	p.out = o
}

// authorization answers the challenge in the 401 m for method on ruri.
func (p *rawPhone) authorization(m []byte, method, ruri string) string {
	chal, err := digest.ParseChallenge(string(rawHeader(m, "WWW-Authenticate")))
	if err != nil {
		p.tb.Fatalf("challenge: %v\n%s", err, m)
	}
	cred, err := digest.Digest(chal, digest.Options{Method: method, URI: ruri, Username: p.user, Password: testPassword, Count: 1})
	if err != nil {
		p.tb.Fatal(err)
	}
	return "Authorization: " + cred.String() + "\r\n"
}

// register registers the phone's user for an hour.
func (p *rawPhone) register() {
	ruri := "sip:127.0.0.1"
	to := "<sip:" + p.user + "@127.0.0.1>"
	callID := "reg-" + p.user
	p.appendRequest("REGISTER", ruri, to, callID, 1, "reg1", "Expires: 3600\r\n", "")
	p.send()
	m := p.await("SIP/2.0 401", "")
	p.appendRequest("REGISTER", ruri, to, callID, 2, "reg2", "Expires: 3600\r\n"+p.authorization(m, "REGISTER", ruri), "")
	p.send()
	p.await("SIP/2.0 200", "2 REGISTER")
}

// benchSDP is the phones' offer and answer.
const benchSDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"

// rawCall is one call between two raw phones, through the box.
type rawCall struct {
	caller, callee *rawPhone
	callID, n      string
	toTag          string // the box's tag in the caller's dialog
	invite         []byte // the INVITE with credentials, as sent
}

// call places a call from p to callee's user as load.sh's sipp does
// (INVITE, 401, ACK, INVITE with credentials), lets callee answer it, and
// returns once both sides sent their ACK.
func (p *rawPhone) call(callee *rawPhone) *rawCall {
	p.n++
	n := strconv.Itoa(p.n)
	rc := &rawCall{caller: p, callee: callee, callID: "bench-" + p.user + "-" + n, n: n}
	ruri := "sip:" + callee.user + "@127.0.0.1"
	to := "<" + ruri + ">"
	p.appendRequest("INVITE", ruri, to, rc.callID, 1, n+"a", "", benchSDP)
	p.send()
	m := p.await("SIP/2.0 401", "1 INVITE")
	auth := p.authorization(m, "INVITE", ruri)
	p.appendRequest("ACK", ruri, string(rawHeader(m, "To")), rc.callID, 1, n+"a", "", "")
	p.send()
	p.appendRequest("INVITE", ruri, to, rc.callID, 2, n+"b", auth, benchSDP)
	p.send()
	rc.invite = append(rc.invite[:0], p.out...)

	// The callee answers at once.
	m = callee.await("INVITE ", "")
	o := appendReply(callee.out[:0], m, "200 OK", "callee"+n)
	o = append(o, "Contact: <sip:"...)
	o = append(o, callee.user...)
	o = append(o, '@')
	o = append(o, callee.addr...)
	o = append(o, ">\r\nContent-Type: application/sdp\r\nContent-Length: "...)
	o = strconv.AppendInt(o, int64(len(benchSDP)), 10)
	o = append(o, "\r\n\r\n"+benchSDP...)
	callee.out = o
	callee.send()

	m = p.await("SIP/2.0 200", "2 INVITE")
	toHdr := string(rawHeader(m, "To"))
	_, tag, _ := bytes.Cut([]byte(toHdr), []byte(";tag="))
	rc.toTag = string(tag)
	p.appendRequest("ACK", ruri, toHdr, rc.callID, 2, n+"c", "", "")
	p.send()
	callee.await("ACK ", "")
	return rc
}

// hangup sends the caller's BYE and lets the callee answer the box's.
func (rc *rawCall) hangup() {
	p, callee := rc.caller, rc.callee
	ruri := "sip:" + callee.user + "@127.0.0.1"
	p.appendRequest("BYE", ruri, "<"+ruri+">;tag="+rc.toTag, rc.callID, 3, rc.n+"d", "", "")
	p.send()
	m := callee.await("BYE ", "")
	callee.out = appendReply(callee.out[:0], m, "200 OK", "")
	callee.out = append(callee.out, "Content-Length: 0\r\n\r\n"...)
	callee.send()
	p.await("SIP/2.0 200", "3 BYE")
}

// relaySwitch is the benchmarks' switch: it dials the number called and,
// once answered, answers the caller and hangs up either side when the
// other does. It does no media.
type relaySwitch struct {
	c *Channel
}

func (s *relaySwitch) Incoming(a call.Leg, called string) {
	bg := context.Background()
	b, err := s.c.Dialers()["sip"].Dial(bg, called, a.Remote())
	if err != nil {
		a.Hangup(bg, call.CauseUnavailable)
		drain(a)
		return
	}
	for ev := range b.Events() {
		switch ev.Kind {
		case call.EventAnswer:
			a.Answer(bg)
			select {
			case <-a.Events():
				b.Hangup(bg, call.CauseNormal)
			case <-b.Events():
				a.Hangup(bg, call.CauseNormal)
			}
			drain(a)
			drain(b)
			return
		case call.EventHangup:
			a.Hangup(bg, ev.Cause)
			drain(a)
			return
		}
	}
}
