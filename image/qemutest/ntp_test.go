package qemutest

import (
	"net"
	"net/http"
	"regexp"
	"time"
)

// ntpServers are the NTP servers the test sets: qemu's user network sends
// the guest's packets for 10.0.2.2 to the host's loopback, so this test
// sees the daemon ask the first one; the second is a documentation address
// that never answers.
var ntpServers = []string{"10.0.2.2", "192.0.2.1"}

// ntpConsole is what the guest's NTP start script prints when it starts
// the daemon with ntpServers.
var ntpConsole = regexp.MustCompile(`NTP \((chronyd|busybox ntpd)\) with the servers: 10\.0\.2\.2 192\.0\.2\.1\n`)

// setNTP sets the admin's NTP servers through the API and checks that the
// guest's NTP daemon starts again with them: the start script says so on
// the console and the daemon's request reaches port 123 on the host (when
// the test may listen there, as root).
func (b *box) setNTP() {
	b.t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 123})
	if err != nil {
		b.t.Logf("NTP: cannot listen on 127.0.0.1:123 (%v): checking the console only", err)
	} else {
		defer conn.Close()
	}
	off := len(b.consoleNow())
	if code, body := b.api("PUT", "/api/settings/ntp_servers", map[string]any{"value": ntpServers}, nil); code != http.StatusOK {
		b.t.Fatalf("PUT /api/settings/ntp_servers = %d %s", code, body)
	}
	start := time.Now()
	m := b.waitConsole(off, ntpConsole, time.Minute)
	if conn == nil {
		return
	}
	conn.SetReadDeadline(time.Now().Add(time.Minute))
	buf := make([]byte, 512)
	for {
		n, from, err := conn.ReadFromUDP(buf)
		if err != nil {
			b.t.Fatalf("NTP: no request from the guest's %s at the host's port 123 within a minute: %v", m[1], err)
		}
		// An NTP client request: version 3 or 4, mode 3 (RFC 5905).
		if n >= 48 && buf[0]&7 == 3 {
			b.t.Logf("NTP: the guest's %s asked the admin's server %.1f s after the setting (from %v)", m[1], time.Since(start).Seconds(), from)
			return
		}
	}
}
