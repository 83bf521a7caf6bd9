package sip

import (
	"cmp"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/media"
	"github.com/hookflash/firmware/pbx/store"
)

// startCallChannel starts a channel with a real media engine on loopback
// and a bridging switch.
func startCallChannel(t *testing.T, st *store.Store, ring time.Duration, edit func(*Opts)) (*Channel, *bridgeSwitch) {
	t.Helper()
	base := 20000 + 2*rand.IntN(15000)
	eng, err := media.NewEngine(media.Config{IP: netip.MustParseAddr("127.0.0.1"), PortMin: base, PortMax: base + 400, MediaTimeout: 10 * time.Second, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	sw := newBridgeSwitch(ring)
	c := startChannel(t, st, sw, func(o *Opts) {
		o.Media = MediaFrom(eng)
		if edit != nil {
			edit(o)
		}
	})
	sw.c.Store(c)
	return c, sw
}

// phoneAt registers user from a sipp on port and then starts sipp as that
// phone, answering one call as mode says (testdata/uas.xml).
func phoneAt(t *testing.T, c *Channel, user, mode string, holdMS int) *sippRun {
	t.Helper()
	return phoneWith(t, c, user, map[string]any{"Mode": mode, "HoldMS": holdMS})
}

// phoneWith is phoneAt with the template data of testdata/uas.xml given.
func phoneWith(t *testing.T, c *Channel, user string, data map[string]any) *sippRun {
	t.Helper()
	port := strconv.Itoa(freePort(t))
	sf := scenario(t, "register.xml", map[string]any{"Expect": 200, "Expires": 3600})
	runSipp(t, c, 0, "-sf", sf, "-m", "1", "-t", "u1", "-p", port, "-s", user, "-au", user, "-ap", testPassword)
	t.Cleanup(func() {
		// Unregister (Expires: 0), so the next test's phone is the only one.
		unreg := scenario(t, "register.xml", map[string]any{"Expect": 200, "Expires": 0})
		runSipp(t, c, 0, "-sf", unreg, "-m", "1", "-t", "u1", "-p", port, "-s", user, "-au", user, "-ap", testPassword)
	})
	uas := scenario(t, "uas.xml", data)
	return startSipp(t, c, "-sf", uas, "-m", "1", "-t", "u1", "-p", port, "-s", user,
		"-mi", "127.0.0.1", "-mp", strconv.Itoa(freePort(t)), "-rtp_echo")
}

// dial starts sipp calling number as extension from.
func dial(t *testing.T, c *Channel, from, number string, data map[string]any) *sippRun {
	t.Helper()
	data["From"] = from
	for _, k := range []string{"Pcap", "Code", "HoldMS"} {
		if _, ok := data[k]; !ok {
			data[k] = ""
		}
	}
	sf := scenario(t, "uac.xml", data)
	return startSipp(t, c, "-sf", sf, "-m", "1", "-t", "u1", "-s", number, "-au", from, "-ap", testPassword,
		"-mi", "127.0.0.1", "-mp", strconv.Itoa(freePort(t)))
}

func expectExit(t *testing.T, who string, s *sippRun, want int) {
	t.Helper()
	if code := s.wait(t); code != want {
		t.Errorf("%s: sipp exited %d; want %d\n%s", who, code, want, s.log())
	}
}

// TestCallsSipp has two real sipp phones call each other through the
// channel and a switch that bridges them: answered calls carry RTP both
// ways (the caller plays a tone, the callee echoes it back), either side
// may hang up, and unanswered calls end with the right response.
func TestCallsSipp(t *testing.T) {
	needSipp(t)
	pcap := writePcap(t, time.Second)
	tests := []struct {
		name       string
		called     string // "102" when empty
		calleeMode string // "" for no phone at 102
		callerMode string
		code       int
		answered   bool
		cause      call.Cause
	}{
		{name: "caller hangs up", calleeMode: "answer", callerMode: "hangup", answered: true, cause: call.CauseNormal},
		{name: "callee hangs up", calleeMode: "hangup", callerMode: "wait", answered: true, cause: call.CauseNormal},
		{name: "cancel before answer", calleeMode: "ring", callerMode: "cancel", cause: call.CauseNormal},
		{name: "busy", calleeMode: "busy", callerMode: "refused", code: 486, cause: call.CauseBusy},
		{name: "no answer", calleeMode: "ring", callerMode: "refused", code: 480, cause: call.CauseNoAnswer},
		{name: "callee has no such number", calleeMode: "notfound", callerMode: "refused", code: 404, cause: call.CauseNotFound},
		{name: "no such extension", called: "109", callerMode: "refused", code: 404, cause: call.CauseNotFound},
	}
	st := newStore(t)
	c, sw := startCallChannel(t, st, 2*time.Second, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := cmp.Or(tt.called, "102")
			var callee *sippRun
			if tt.calleeMode != "" {
				callee = phoneAt(t, c, "102", tt.calleeMode, 1500)
			}
			caller := dial(t, c, "101", called, map[string]any{"Mode": tt.callerMode, "Code": tt.code, "Pcap": pcap, "HoldMS": 1500})
			r := sw.wait(t)
			expectExit(t, "caller", caller, 0)
			if callee != nil {
				expectExit(t, "callee", callee, 0)
			}
			if r.called != called || r.answered != tt.answered || r.cause != tt.cause {
				t.Errorf("call to %s: answered %v, cause %v, err %v; want %s, %v, %v", r.called, r.answered, r.cause, r.err, called, tt.answered, tt.cause)
			}
			if tt.answered {
				if !r.relayed {
					t.Errorf("the legs were not relayed (codecs %q and %q)", r.caller.Codec, r.callee.Codec)
				}
				if r.caller.PacketsRecv < 20 || r.caller.PacketsSent < 20 || r.callee.PacketsRecv < 20 || r.callee.PacketsSent < 20 {
					t.Errorf("RTP did not flow both ways: caller leg %+v, callee leg %+v", r.caller, r.callee)
				}
			}
			waitFor(t, "every leg to end", 5*time.Second, func() bool { return c.calls.Load() == 0 && c.dialogs.Len() == 0 })
		})
	}
}
