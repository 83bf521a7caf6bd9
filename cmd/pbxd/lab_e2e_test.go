package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/lab"
	"github.com/hookflash/firmware/pbx/store"
)

// The lab end-to-end tests run pbxd on the simulated board and act as the
// outside world through its lab API (/api/lab): analog phones on the FXS
// ports, the PSTN exchange behind the FXO lines, the GSM network of the
// modems. The real drivers and the real DSP are in every path.

// labBox is a pbxd on the simulated board with an admin logged in.
type labBox struct {
	*box
	admin *adminClient
}

// startLabBox starts pbxd with setup's configuration and logs in. Analog
// phones ring for 30 s: a cadence and caller ID take seconds.
func startLabBox(t *testing.T, setup func(ctx context.Context, st *store.Store) error) *labBox {
	t.Helper()
	b := startBoxEnv(t, freePort(t), setup, "PBX_RING_TIMEOUT=30s")
	return &labBox{box: b, admin: newAdminClient(t, b.web, b.setupCode)}
}

// world returns the lab's state.
func (b *labBox) world(t *testing.T) lab.State {
	t.Helper()
	var s lab.State
	b.admin.mustDo("GET", "/api/lab", nil, &s)
	return s
}

// act posts a lab action, e.g. act("phones/fxs1/dial", {"digits": "102"}).
func (b *labBox) act(t *testing.T, path string, body any) {
	t.Helper()
	b.admin.mustDo("POST", "/api/lab/"+path, body, nil)
}

// phoneIn, lineIn and gsmIn return the state of the phone, PSTN line or GSM
// module on slot.
func phoneIn(t *testing.T, s lab.State, slot string) lab.PhoneState {
	t.Helper()
	return inSlot(t, s.Phones, slot, func(p lab.PhoneState) string { return p.Slot })
}

func lineIn(t *testing.T, s lab.State, slot string) lab.LineState {
	t.Helper()
	return inSlot(t, s.Lines, slot, func(l lab.LineState) string { return l.Slot })
}

func gsmIn(t *testing.T, s lab.State, slot string) lab.GSMState {
	t.Helper()
	return inSlot(t, s.GSM, slot, func(g lab.GSMState) string { return g.Slot })
}

// inSlot returns the state in states whose slot is slot.
func inSlot[S any](t *testing.T, states []S, slot string, slotOf func(S) string) S {
	t.Helper()
	i := slices.IndexFunc(states, func(x S) bool { return slotOf(x) == slot })
	if i < 0 {
		t.Fatalf("the lab has no slot %s", slot)
	}
	return states[i]
}

// waitPhone waits until the phone on slot is as cond wants and returns it.
func (b *labBox) waitPhone(t *testing.T, slot, what string, d time.Duration, cond func(lab.PhoneState) bool) lab.PhoneState {
	t.Helper()
	var p lab.PhoneState
	deadline := time.Now().Add(d)
	for {
		p = phoneIn(t, b.world(t), slot)
		if cond(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s not seen within %v; last state %+v", slot, what, d, p)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// dial lifts the phone on slot, waits for dial tone and dials digits by
// DTMF.
func (b *labBox) dial(t *testing.T, slot, digits string) {
	t.Helper()
	b.act(t, "phones/"+slot+"/offhook", nil)
	b.waitPhone(t, slot, "dial tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsDial })
	b.act(t, "phones/"+slot+"/dial", map[string]string{"digits": digits, "mode": "dtmf"})
}

// officePhones are the lab offices' analog phones, on FXS ports 1 to 3.
var officePhones = []struct{ number, name string }{{"101", "Alice"}, {"102", "Bob"}, {"103", "Carol"}}

// addOfficePhones creates the first n of officePhones: each an extension
// allowed the outbound calls of level outbound (store.Outbound*) on its
// Russian FXS voice port with echo cancelling and caller ID of format
// callerID (store.CallerID*).
func addOfficePhones(ctx context.Context, st *store.Store, n int, outbound, callerID string) error {
	for i, x := range officePhones[:n] {
		e := store.Extension{Number: x.number, Name: x.name, OnDuty: true, Outbound: outbound}
		if err := st.Extensions().Create(ctx, &e); err != nil {
			return err
		}
		p := store.FXSPort{Port: i + 1, ExtensionID: &e.ID, Mode: store.FXSVoice, CallerID: callerID, Country: "RU", EchoCancel: true}
		if err := st.FXSPorts().Create(ctx, &p); err != nil {
			return err
		}
	}
	return nil
}

// analogOffice is 101 Alice on FXS port 1 and 102 Bob on FXS port 2, both
// Russian ports with ETSI caller ID after the first ring.
func analogOffice(ctx context.Context, st *store.Store) error {
	return addOfficePhones(ctx, st, 2, store.OutboundInternal, store.CallerIDETSIAfterRing)
}

// TestE2ELabAnalogCall is the first flow: FXS port 1 hears the
// Russian dial tone and dials 102 by DTMF; port 2 rings with the Russian
// cadence and shows caller ID 101; it answers; a 1 kHz tone from port 1
// reaches port 2 within 1 dB; port 2 hangs up and port 1 hears busy; the
// call record has both parties and the duration.
func TestE2ELabAnalogCall(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, analogOffice)

	b.dial(t, "fxs1", "102")
	// The ear names ringback once it has heard its cadence (1 s on, 4 s off).
	b.waitPhone(t, "fxs1", "ringback", 12*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsRingback })
	callee := b.waitPhone(t, "fxs2", "ringing with caller ID", 15*time.Second, func(p lab.PhoneState) bool {
		return p.Ringing && p.CallerID != nil && p.Rings >= 1
	})
	if callee.CallerID.Number != "101" || callee.CallerID.Name != "Alice" {
		t.Errorf("fxs2 shows caller ID %+v; want 101 Alice", *callee.CallerID)
	}
	answered := time.Now()
	b.act(t, "phones/fxs2/offhook", nil)

	const level = -10.0
	b.act(t, "phones/fxs1/tone", map[string]any{"hz": 1000, "dbm0": level, "ms": 3000})
	tone := func(p lab.PhoneState) bool {
		return p.ToneHz != nil && math.Abs(*p.ToneHz-1000) < 5 && p.LevelDBm0 != nil
	}
	b.waitPhone(t, "fxs2", "the 1 kHz tone", 5*time.Second, tone)
	// Then its level, in one of the ear's 200 ms windows while the tone
	// lasts: the box's ports have two frames of buffer between them, so a
	// lab phone held back longer by a loaded CPU cuts a frame of silence
	// into a window now and then.
	b.waitPhone(t, "fxs2", fmt.Sprintf("the 1 kHz tone at %.0f ± 1 dBm0", level), 2*time.Second, func(p lab.PhoneState) bool {
		return tone(p) && math.Abs(*p.LevelDBm0-level) <= 1
	})
	time.Sleep(time.Second) // talk a little, so the call has a duration
	b.act(t, "phones/fxs2/onhook", nil)
	b.waitPhone(t, "fxs1", "busy tone", 5*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsBusy })
	talked := time.Since(answered)
	b.act(t, "phones/fxs1/onhook", nil)

	recs := b.waitRecords(t, 1)
	r := recs[0]
	if r.Source != "fxs/1" || r.Caller != "101" || r.Callee != "102" || r.Destination != "fxs/2" || r.AnsweredAt.IsZero() {
		t.Errorf("call record %s; want fxs/1 101 to 102 answered on fxs/2", describe(r))
	}
	if d := r.EndedAt.Sub(r.AnsweredAt); d < time.Second || d > talked+time.Second {
		t.Errorf("call record duration %v; want about %v", d, talked)
	}
}

// TestE2ELabNoSuchNumber: FXS port 1 dials 109, which exists nowhere in
// the office; the phone hears the special information tone, and the lab
// names it so.
func TestE2ELabNoSuchNumber(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, analogOffice)
	b.dial(t, "fxs1", "109")
	b.waitPhone(t, "fxs1", "the special information tone", 15*time.Second, func(p lab.PhoneState) bool { return p.Hears == lab.HearsSIT })
	b.act(t, "phones/fxs1/onhook", nil)
}

// hearing describes what an ear hears, for failure messages.
func hearing(h lab.Hearing) string {
	s := h.Hears
	if h.ToneHz != nil {
		s += fmt.Sprintf(", a tone of %.0f Hz", *h.ToneHz)
	}
	if h.LevelDBm0 != nil {
		s += fmt.Sprintf(" at %.1f dBm0", *h.LevelDBm0)
	}
	return s
}
