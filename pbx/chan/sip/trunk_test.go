package sip

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// TestTrunkSipp has a sipp provider registrar (testdata/provider.xml) take
// the box's trunk registration through down, up, a refresh refused, and
// up again; then a provider's call to a DID reaches the switch as a trunk
// leg, and a call out through a second (static) trunk carries the
// outbound caller ID.
func TestTrunkSipp(t *testing.T) {
	needSipp(t)
	st := newStore(t)
	ctx := context.Background()
	port := freePort(t)
	steps := []map[string]any{
		{"N": 1, "Code": 200, "Expires": 2},
		{"N": 2, "Code": 403, "Expires": 0},
		{"N": 3, "Code": 200, "Expires": 60},
		{"N": 4, "Code": 200, "Expires": 0}, // the unregistration at Stop
	}
	sf := scenario(t, "provider.xml", map[string]any{"Steps": steps})
	states := make(chan TrunkStatus, 32)
	sw := newFakeSwitch()
	var c *Channel
	c = startChannel(t, st, sw, func(o *Opts) {
		o.TrunkRetry = 300 * time.Millisecond
		o.Media = func() (MediaSession, error) { return newNullMedia(), nil }
	})
	c.trunkHook = func(s TrunkStatus) { states <- s }
	provider := startSipp(t, c, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(port))
	tr := store.SIPTrunk{Name: "provider", Host: "127.0.0.1", Port: port, Transport: "udp",
		Username: "trunkuser", Password: "trunkpass", Register: true, Enabled: true}
	if err := st.SIPTrunks().Create(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	for i, want := range []TrunkState{TrunkFailed, TrunkRegistered, TrunkFailed, TrunkRegistered} {
		select {
		case s := <-states:
			if s.State != want || s.Up != (want == TrunkRegistered) {
				t.Fatalf("trunk state %d = %s (up %v, %s); want %s", i, s.State, s.Up, s.Error, want)
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("trunk state %d: none; want %s\n%s", i, want, provider.log())
		}
	}
	if got := c.Trunks(); len(got) != 1 || got[0].State != TrunkRegistered || !got[0].Up {
		t.Errorf("Trunks() = %+v; want provider registered", got)
	}

	// A call from the provider to a DID: the switch gets a trunk leg and
	// the DID, and refuses it busy.
	inbound := scenario(t, "uac.xml", map[string]any{"Mode": "refused", "Code": 486, "NoAuth": true, "From": "5557000", "Pcap": "", "HoldMS": ""})
	caller := startSipp(t, c, "-sf", inbound, "-m", "1", "-t", "u1", "-s", "5551234", "-mi", "127.0.0.1", "-mp", strconv.Itoa(freePort(t)))
	select {
	case in := <-sw.legs:
		if in.called != "5551234" || in.leg.Channel() != "trunk/provider" || in.leg.Remote().Number != "5557000" {
			t.Errorf("Incoming(%s from %s, %q); want trunk/provider from 5557000, 5551234", in.leg.Channel(), in.leg.Remote().Number, in.called)
		}
		in.leg.Hangup(ctx, call.CauseBusy)
	case <-time.After(10 * time.Second):
		t.Fatalf("the provider's call did not reach the switch\n%s", caller.log())
	}
	expectExit(t, "provider's caller", caller, 0)

	// A call out through a static trunk shows the caller ID asked for.
	outPort := freePort(t)
	uas := scenario(t, "uas.xml", map[string]any{"Mode": "busy", "HoldMS": 0, "ExpectFrom": "5551000"})
	callee := startSipp(t, c, "-sf", uas, "-m", "1", "-t", "u1", "-p", strconv.Itoa(outPort))
	static := store.SIPTrunk{Name: "static", Host: "127.0.0.1", Port: outPort, Transport: "udp", Enabled: true}
	if err := st.SIPTrunks().Create(ctx, &static); err != nil {
		t.Fatal(err)
	}
	var leg call.Leg
	waitFor(t, "the static trunk to be up", 5*time.Second, func() bool {
		var err error
		leg, err = c.Dialers()["trunk"].Dial(ctx, call.TrunkAddress("static", "5559876"), call.Party{Number: "5551000", Name: "Office"})
		return err == nil
	})
	var last call.Event
	for ev := range leg.Events() {
		last = ev
	}
	if last.Kind != call.EventHangup || last.Cause != call.CauseBusy {
		t.Errorf("outbound trunk call ended with %v %v; want hangup busy", last.Kind, last.Cause)
	}
	expectExit(t, "provider's callee", callee, 0)

	// Nobody may call out through a trunk that is down.
	if _, err := c.Dialers()["trunk"].Dial(ctx, call.TrunkAddress("nosuch", "1"), call.Party{}); !errors.Is(err, call.CauseUnavailable) {
		t.Errorf("Dial(unknown trunk) = %v; want CauseUnavailable", err)
	}
}
