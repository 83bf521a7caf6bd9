package sip

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// TestRingAllContactsSipp registers two sipp phones as extension 102: one
// rings until cancelled, the other answers. A call to 102 rings both at
// once; the first 200 wins and the ringing phone gets CANCEL (its scenario
// requires CANCEL, 487 and the ACK to exit 0).
func TestRingAllContactsSipp(t *testing.T) {
	needSipp(t)
	st := newStore(t)
	c, sw := startCallChannel(t, st, 5*time.Second, nil)
	ringer := phoneAt(t, c, "102", "ring", 0)
	answerer := phoneAt(t, c, "102", "answer", 0)
	if got := c.Registrar().Lookup("102"); len(got) != 2 {
		t.Fatalf("Lookup(102) = %d bindings; want 2", len(got))
	}
	caller := dial(t, c, "101", "102", map[string]any{"Mode": "hangup", "HoldMS": 300})
	r := sw.wait(t)
	expectExit(t, "caller", caller, 0)
	expectExit(t, "answering phone", answerer, 0)
	expectExit(t, "ringing phone", ringer, 0)
	if !r.answered || r.cause != call.CauseNormal {
		t.Errorf("call: answered %v, cause %v, err %v; want answered, normal", r.answered, r.cause, r.err)
	}
	waitFor(t, "every leg to end", 5*time.Second, func() bool { return c.calls.Load() == 0 && c.dialogs.Len() == 0 })
}

// TestQualifySipp registers 101 from a port where nothing answers and 102
// from a sipp phone that answers OPTIONS: the channel's OPTIONS qualify
// marks 101 unreachable and 102 reachable, and a call to 101 then fails
// Unavailable without ringing anyone.
func TestQualifySipp(t *testing.T) {
	needSipp(t)
	st := newStore(t)
	c := startChannel(t, st, nil, func(o *Opts) {
		o.Registrar.QualifyTimeout = time.Second
		o.Registrar.QualifyInterval = time.Hour // only QualifyNow
		o.Media = func() (MediaSession, error) { return newNullMedia(), nil }
	})
	reg := scenario(t, "register.xml", map[string]any{"Expect": 200, "Expires": 3600})
	dead := strconv.Itoa(freePort(t))
	runSipp(t, c, 0, "-sf", reg, "-m", "1", "-t", "u1", "-p", dead, "-s", "101", "-au", "101", "-ap", testPassword)
	alive := strconv.Itoa(freePort(t))
	runSipp(t, c, 0, "-sf", reg, "-m", "1", "-t", "u1", "-p", alive, "-s", "102", "-au", "102", "-ap", testPassword)
	answer := startSipp(t, c, "-sf", scenario(t, "options.xml", nil), "-m", "1", "-t", "u1", "-p", alive)

	ctx := context.Background()
	if err := c.Registrar().QualifyNow(ctx); err != nil {
		t.Fatal(err)
	}
	expectExit(t, "phone answering OPTIONS", answer, 0)
	for _, tt := range []struct {
		ext       string
		reachable bool
	}{{"101", false}, {"102", true}} {
		got := c.Registrar().Lookup(tt.ext)
		if len(got) != 1 || got[0].Reachable != tt.reachable {
			t.Errorf("Lookup(%s) = %+v; want one binding, reachable %v", tt.ext, got, tt.reachable)
		}
	}
	if _, err := c.Dialers()["sip"].Dial(ctx, "101", call.Party{Number: "102"}); !errors.Is(err, call.CauseUnavailable) {
		t.Errorf("Dial(101) = %v; want CauseUnavailable (its only contact is unreachable)", err)
	}
}
