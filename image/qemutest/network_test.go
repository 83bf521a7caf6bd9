package qemutest

import (
	"net/http"
	"regexp"
	"slices"
	"time"
)

// staticNetwork is the static network the test sets. qemu's user network
// forwards the host's ports to 10.0.2.15, so the box keeps that address,
// but with a /25 prefix, which qemu's DHCP (a /24) never gives; 10.0.2.2 is
// qemu's router and 10.0.2.3 its DNS server.
var staticNetwork = map[string]any{"mode": "static", "address": "10.0.2.15/25", "gateway": "10.0.2.2", "dns": []string{"10.0.2.3"}}

// staticConsole is what the guest's network start script prints when it
// applied staticNetwork.
var staticConsole = regexp.MustCompile(`eth0 has address 10\.0\.2\.15/25 \(static, gateway 10\.0\.2\.2, DNS 10\.0\.2\.3\)`)

// setStaticNetwork sets the static network through the API and checks
// that the guest applies it at once: the start script says so on the
// console, GET /api/system/network shows eth0 with the static address and
// the fallback address and without the DHCP one, and the box answers on
// its new address all along.
func (b *box) setStaticNetwork() {
	b.t.Helper()
	off := len(b.consoleNow())
	if code, body := b.api("PUT", "/api/settings/network", map[string]any{"value": staticNetwork}, nil); code != http.StatusOK {
		b.t.Fatalf("PUT /api/settings/network = %d %s", code, body)
	}
	start := time.Now()
	b.waitConsole(off, staticConsole, time.Minute)
	deadline := time.Now().Add(time.Minute)
	for {
		var net struct {
			Interfaces []struct {
				Name  string   `json:"name"`
				Addrs []string `json:"addrs"`
			} `json:"interfaces"`
		}
		code, body := b.api("GET", "/api/system/network", nil, &net)
		var addrs []string
		for _, i := range net.Interfaces {
			if i.Name == "eth0" {
				addrs = i.Addrs
			}
		}
		if code == http.StatusOK && slices.Contains(addrs, "10.0.2.15/25") && slices.Contains(addrs, "169.254.100.1/16") &&
			!slices.Contains(addrs, "10.0.2.15/24") {
			b.t.Logf("network: eth0 carries the static address %.1f s after the setting: %v", time.Since(start).Seconds(), addrs)
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("GET /api/system/network = %d %s; want eth0 with 10.0.2.15/25 and 169.254.100.1/16, not the DHCP 10.0.2.15/24", code, body)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
