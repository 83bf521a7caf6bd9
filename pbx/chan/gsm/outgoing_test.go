package gsm_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
)

func TestOutgoingCall(t *testing.T) {
	for _, d := range []sim.ModemDialect{sim.ModemSIM800, sim.ModemEC25} {
		t.Run(d.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{dialects: []sim.ModemDialect{d}})
				md := r.mods[0]
				ctx := context.Background()
				leg, err := r.ch.Dial(ctx, call.TrunkAddress("SIM 1", "+79160000001"), call.Party{Number: "101"})
				if err != nil {
					t.Fatalf("Dial: %v", err)
				}
				if leg.Channel() != "gsm/1" || leg.Remote().Number != "+79160000001" {
					t.Errorf("leg %s to %+v; want gsm/1 to +79160000001", leg.Channel(), leg.Remote())
				}
				event(t, leg, call.EventProgress)
				if r.ch.Up("SIM 1") {
					t.Error("Up while dialling = true")
				}
				md.m.RemoteAnswer()
				event(t, leg, call.EventAnswer)

				if err := leg.SendDigits(ctx, "12#"); err != nil {
					t.Fatalf("SendDigits: %v", err)
				}
				if got := md.m.DTMFSent(); got != "12#" {
					t.Errorf("modem sent DTMF %q; want 12#", got)
				}
				md.m.RemoteDTMF('5')
				if ev := event(t, leg, call.EventDigit); ev.Digit != '5' {
					t.Errorf("EventDigit = %q; want '5'", ev.Digit)
				}
				if err := leg.Hangup(ctx, call.CauseNormal); err != nil {
					t.Fatalf("Hangup: %v", err)
				}
				if ev := event(t, leg, call.EventHangup); ev.Cause != call.CauseNormal {
					t.Errorf("EventHangup cause %v; want normal", ev.Cause)
				}
				if calls := md.m.Calls(); len(calls) != 0 {
					t.Errorf("modem calls after Hangup = %+v; want none", calls)
				}
				if err := leg.Hangup(ctx, call.CauseNormal); !errors.Is(err, call.ErrLegEnded) {
					t.Errorf("second Hangup = %v; want ErrLegEnded", err)
				}
			})
		})
	}
}

func TestOutgoingCallEnds(t *testing.T) {
	tests := []struct {
		name    string
		address string
		far     func(m *sim.Modem)
		want    call.Cause
	}{
		{"busy", "SIM 1/84951234567", (*sim.Modem).RemoteBusy, call.CauseBusy},
		{"far end hangs up before answer", "1/84951234567", (*sim.Modem).RemoteHangup, call.CauseUnavailable},
		{"far end hangs up after answer", "84951234567", func(m *sim.Modem) {
			m.RemoteAnswer()
			time.Sleep(3 * time.Second) // polled as active
			m.RemoteHangup()
		}, call.CauseNormal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}})
				leg, err := r.ch.Dial(context.Background(), tt.address, call.Party{})
				if err != nil {
					t.Fatalf("Dial(%q): %v", tt.address, err)
				}
				event(t, leg, call.EventProgress)
				tt.far(r.mods[0].m)
				if ev := event(t, leg, call.EventHangup); ev.Cause != tt.want {
					t.Errorf("hangup cause %v; want %v", ev.Cause, tt.want)
				}
				synctest.Wait()
				if !r.ch.Up("SIM 1") {
					t.Error("Up after the call = false")
				}
			})
		})
	}
}

func TestDialRefused(t *testing.T) {
	tests := []struct {
		name    string
		address string
		setup   func(r *rig)
		want    call.Cause
		up      bool // Up("SIM 1") afterwards
	}{
		{"no network", "SIM 1/+79160000001", func(r *rig) { r.mods[0].m.SetRegistration(0) }, call.CauseUnavailable, false},
		{"unknown module", "SIM 9/+79160000001", func(*rig) {}, call.CauseUnavailable, true},
		{"bad number", "SIM 1/+7916;ATH", func(*rig) {}, 0, true},
		{"no module up", "+79160000001", func(r *rig) { r.mods[0].m.SetRegistration(3) }, call.CauseUnavailable, false},
		{"in a call", "SIM 1/+79160000001", func(r *rig) {
			r.mods[0].m.IncomingCall("+79161234567")
			r.incoming()
		}, call.CauseBusy, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemEC25}})
				tt.setup(r)
				synctest.Wait()
				_, err := r.ch.Dial(context.Background(), tt.address, call.Party{})
				var cause call.Cause
				if err == nil || errors.As(err, &cause) != (tt.want != 0) || cause != tt.want {
					t.Errorf("Dial(%q) = %v; want an error with cause %v", tt.address, err, tt.want)
				}
				if got := r.ch.Up("SIM 1"); got != tt.up {
					t.Errorf("Up = %v; want %v", got, tt.up)
				}
			})
		})
	}
}

func TestDialCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}})
		ctx, cancel := context.WithCancel(context.Background())
		leg, err := r.ch.Dial(ctx, "SIM 1/+79160000001", call.Party{})
		if err != nil {
			t.Fatal(err)
		}
		event(t, leg, call.EventProgress)
		cancel()
		event(t, leg, call.EventHangup)
		synctest.Wait()
		if calls := r.mods[0].m.Calls(); len(calls) != 0 {
			t.Errorf("modem calls after cancel = %+v; want none", calls)
		}
	})
}
