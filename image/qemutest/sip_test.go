package qemutest

import (
	"fmt"
	"net"
	"strings"
	"time"
)

// sipOptions sends SIP OPTIONS (RFC 3261 section 11) over UDP to the
// guest's forwarded SIP port until a response comes, at most timeout, and
// returns its status line.
func (b *box) sipOptions(timeout time.Duration) string {
	b.t.Helper()
	conn, err := net.Dial("udp", b.sip)
	if err != nil {
		b.t.Fatal(err)
	}
	defer conn.Close()
	local := conn.LocalAddr().String()
	deadline := time.Now().Add(timeout)
	buf := make([]byte, 4096)
	for i := 0; time.Now().Before(deadline); i++ {
		// rport (RFC 3581): qemu's user network rewrites the source
		// address, so the answer must go back where the request came from.
		msg := fmt.Sprintf("OPTIONS sip:hookflash@%[1]s SIP/2.0\r\n"+
			"Via: SIP/2.0/UDP %[2]s;rport;branch=z9hG4bK-qemutest-%[3]d\r\n"+
			"Max-Forwards: 70\r\n"+
			"From: <sip:qemutest@%[2]s>;tag=qt%[3]d\r\n"+
			"To: <sip:hookflash@%[1]s>\r\n"+
			"Call-ID: qemutest-%[3]d@%[2]s\r\n"+
			"CSeq: 1 OPTIONS\r\n"+
			"Contact: <sip:qemutest@%[2]s>\r\n"+
			"Accept: application/sdp\r\n"+
			"Content-Length: 0\r\n\r\n", b.sip, local, i)
		if _, err := conn.Write([]byte(msg)); err != nil {
			b.t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(time.Second))
		n, err := conn.Read(buf)
		if err != nil {
			continue
		}
		if line, _, _ := strings.Cut(string(buf[:n]), "\r\n"); strings.HasPrefix(line, "SIP/2.0 ") {
			return line
		}
	}
	b.t.Fatalf("no answer to SIP OPTIONS at %s within %v", b.sip, timeout)
	return ""
}
