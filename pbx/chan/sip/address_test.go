package sip

import (
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/media"
)

// TestSetHostNextCall moves the box to another address between start and a
// call (DHCP gave it a new one): the INVITE the callee gets carries the new
// address in Via, Contact and SDP, and the call completes over it.
func TestSetHostNextCall(t *testing.T) {
	needSipp(t)
	st := newStore(t)
	base := 20000 + 2*rand.IntN(15000)
	eng, err := media.NewEngine(media.Config{IP: netip.MustParseAddr("127.0.0.1"), PortMin: base, PortMax: base + 400, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	// Listen on every address, as the box does (-sip 0.0.0.0:5060), so
	// that the new address reaches the channel too.
	c, sw := startCallChannel(t, st, 2*time.Second, func(o *Opts) {
		o.Addr, o.Host, o.Media = "0.0.0.0:"+strconv.Itoa(freePort(t)), "127.0.0.1", MediaFrom(eng)
	})
	if err := c.SetHost("0.0.0.0"); err == nil || !strings.HasPrefix(err.Error(), "sip: ") {
		t.Errorf("SetHost(0.0.0.0) = %v; want an error prefixed sip:", err)
	}
	if err := c.SetHost("box.local"); err == nil {
		t.Errorf("SetHost(box.local) = nil; want an error: the host is an IP address")
	}
	callee := phoneAt(t, c, "102", "answer", 500)
	if err := c.SetHost("127.0.0.2"); err != nil {
		t.Fatal(err)
	}
	if err := eng.SetIP(netip.MustParseAddr("127.0.0.2")); err != nil {
		t.Fatal(err)
	}
	caller := dial(t, c, "101", "102", map[string]any{"Mode": "hangup", "HoldMS": 500})
	r := sw.wait(t)
	expectExit(t, "caller", caller, 0)
	expectExit(t, "callee", callee, 0)
	if !r.answered {
		t.Errorf("call answered %v, cause %v, err %v; want answered", r.answered, r.cause, r.err)
	}
	log, err := os.ReadFile(filepath.Join(callee.dir, "messages.log"))
	if err != nil {
		t.Fatal(err)
	}
	invite := string(log)
	if i := strings.Index(invite, "INVITE sip:"); i >= 0 {
		invite = invite[i:]
	}
	for _, want := range []string{"Via: SIP/2.0/UDP 127.0.0.2:", "@127.0.0.2:" + strconv.Itoa(c.port), "c=IN IP4 127.0.0.2"} {
		if !strings.Contains(invite, want) {
			t.Errorf("the INVITE to the callee lacks %q:\n%s", want, callee.log())
		}
	}
	if c.Addr() != "127.0.0.2:"+strconv.Itoa(c.port) {
		t.Errorf("Addr() = %s after SetHost; want the new address", c.Addr())
	}
}
