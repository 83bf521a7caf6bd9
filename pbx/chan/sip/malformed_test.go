package sip

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawUDP sends datagrams to the channel from a socket of its own.
type rawUDP struct {
	t    *testing.T
	conn *net.UDPConn
	to   *net.UDPAddr
}

func dialRaw(t *testing.T, c *Channel) *rawUDP {
	to, err := net.ResolveUDPAddr("udp", c.Addr())
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &rawUDP{t: t, conn: conn, to: to}
}

func (r *rawUDP) send(msg string) {
	if _, err := r.conn.WriteToUDP([]byte(msg), r.to); err != nil {
		r.t.Fatal(err)
	}
}

// recv returns the next datagram, or "" when none came within d.
func (r *rawUDP) recv(d time.Duration) string {
	r.conn.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 65535)
	n, _, err := r.conn.ReadFromUDP(buf)
	if err != nil {
		return ""
	}
	return string(buf[:n])
}

// request returns an OPTIONS request from r with header lines edited.
func (r *rawUDP) request(method string, drop string, extra ...string) string {
	port := r.conn.LocalAddr().(*net.UDPAddr).Port
	lines := []string{
		method + " sip:" + r.to.String() + " SIP/2.0",
		"Via: SIP/2.0/UDP 127.0.0.1:" + strconv.Itoa(port) + ";branch=z9hG4bK" + strconv.FormatInt(time.Now().UnixNano(), 36),
		"From: <sip:probe@127.0.0.1>;tag=probe",
		"To: <sip:" + r.to.String() + ">",
		"Call-ID: probe-" + strconv.FormatInt(time.Now().UnixNano(), 36),
		"CSeq: 1 " + method,
		"Contact: <sip:probe@127.0.0.1:" + strconv.Itoa(port) + ">",
		"Max-Forwards: 70",
	}
	var out []string
	for _, l := range lines {
		if drop != "" && strings.HasPrefix(l, drop) {
			continue
		}
		out = append(out, l)
	}
	out = append(out, extra...)
	return strings.Join(out, "\r\n") + "\r\nContent-Length: 0\r\n\r\n"
}

func callIDOf(msg string) string {
	for _, l := range strings.Split(msg, "\r\n") {
		if v, ok := strings.CutPrefix(l, "Call-ID: "); ok {
			return v
		}
	}
	return ""
}

func statusOf(res string) string {
	first, _, _ := strings.Cut(res, "\r\n")
	return first
}

// TestMalformed sends broken SIP while a sipp phone registers again and
// again: broken requests get 400 or are dropped, the phone never notices.
func TestMalformed(t *testing.T) {
	st := newStore(t)
	c := startChannel(t, st, nil, nil)
	sf := scenario(t, "register.xml", map[string]any{"Expect": 200, "Expires": 3600})
	phone := startSipp(t, c, "-sf", sf, "-m", "40", "-r", "20", "-t", "u1",
		"-s", "101", "-au", "101", "-ap", testPassword)

	r := dialRaw(t, c)
	tests := []struct {
		name string
		msg  string
		want string // status line prefix; "" means no answer
	}{
		{"garbage", "\x16\x03\x01 not sip at all", ""},
		{"binary", string([]byte{0, 1, 2, 3, 0xff, 0xfe}), ""},
		{"bad start line", "HELLO WORLD\r\n\r\n", ""},
		{"header without colon", r.request("OPTIONS", "", "this is no header"), ""},
		{"missing Call-ID", r.request("OPTIONS", "Call-ID"), "SIP/2.0 400"},
		{"missing From", r.request("OPTIONS", "From"), "SIP/2.0 400"},
		{"missing CSeq", r.request("OPTIONS", "CSeq"), "SIP/2.0 400"},
		{"CSeq of another method", strings.Replace(r.request("OPTIONS", ""), "CSeq: 1 OPTIONS", "CSeq: 1 INVITE", 1), "SIP/2.0 400"},
		{"INVITE with broken SDP", brokenSDPInvite(r), "SIP/2.0 400"},
		{"well formed", r.request("OPTIONS", ""), "SIP/2.0 200"},
	}
	for round := range 5 {
		for _, tt := range tests {
			r.send(tt.msg)
			got := ""
			for {
				got = r.recv(300 * time.Millisecond)
				// Skip provisional answers and retransmissions of answers
				// to earlier requests.
				if got == "" || !strings.HasPrefix(got, "SIP/2.0 1") && callIDOf(got) == callIDOf(tt.msg) {
					break
				}
			}
			if !strings.HasPrefix(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("round %d %s: answer %q; want %q", round, tt.name, statusOf(got), tt.want)
			}
		}
	}
	if code := phone.wait(t); code != 0 {
		t.Errorf("the phone registering alongside exited %d; want 0\n%s", code, phone.log())
	}
}

func brokenSDPInvite(r *rawUDP) string {
	body := "v=0\r\nthis is not SDP\r\n"
	msg := r.request("INVITE", "", "Content-Type: application/sdp")
	return strings.Replace(msg, "Content-Length: 0\r\n\r\n", fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body), 1)
}
