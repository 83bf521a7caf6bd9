package gsm_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

func TestIncomingCallWithCallerID(t *testing.T) {
	for _, dialect := range []sim.ModemDialect{sim.ModemSIM800, sim.ModemEC25} {
		t.Run(dialect.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, sim.ModemOpts{Dialect: dialect}, gsm.Opts{})
				defer r.close()
				r.init()
				ctx := context.Background()
				r.m.IncomingCall("+79161234567")
				if e := r.event(gsm.EventIncoming); e.Number != "+79161234567" {
					t.Errorf("EventIncoming.Number = %q; want +79161234567", e.Number)
				}
				if e := r.event(gsm.EventRing); e.Number != "+79161234567" {
					t.Errorf("EventRing.Number = %q; want +79161234567", e.Number)
				}
				if err := r.d.Answer(ctx); err != nil {
					t.Fatalf("Answer: %v", err)
				}
				calls, err := r.d.Calls(ctx)
				if err != nil || len(calls) != 1 || calls[0].State != gsm.CallActive || !calls[0].Incoming || calls[0].Number != "+79161234567" {
					t.Errorf("Calls() = %+v, %v; want one active incoming call", calls, err)
				}
				r.m.RemoteDTMF('7')
				if e := r.event(gsm.EventDTMF); e.Digit != '7' {
					t.Errorf("EventDTMF.Digit = %q; want '7'", e.Digit)
				}
				if err := r.d.SendDTMF(ctx, "12#"); err != nil {
					t.Fatalf("SendDTMF: %v", err)
				}
				if got := r.m.DTMFSent(); got != "12#" {
					t.Errorf("modem sent DTMF %q; want 12#", got)
				}
				r.m.RemoteHangup()
				if e := r.event(gsm.EventHangup); !errors.Is(e.Err, gsm.ErrNoCarrier) {
					t.Errorf("EventHangup.Err = %v; want ErrNoCarrier", e.Err)
				}
			})
		})
	}
}

func TestIncomingCallWithheld(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		if _, err := r.d.Command(context.Background(), "AT+CLIP=0"); err != nil {
			t.Fatal(err)
		}
		r.m.IncomingCall("+79161234567")
		if e := r.event(gsm.EventIncoming); e.Number != "" {
			t.Errorf("EventIncoming.Number = %q without +CLIP; want empty", e.Number)
		}
	})
}

func TestOutgoingCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{Dialect: sim.ModemEC25}, gsm.Opts{CallPoll: time.Second})
		defer r.close()
		r.init()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.d.Supervise(ctx)
		if err := r.d.Dial(ctx, "+79160000001"); err != nil {
			t.Fatalf("Dial: %v", err)
		}
		if e := r.event(gsm.EventCallState); e.Call.State != gsm.CallAlerting || e.Call.Number != "+79160000001" {
			t.Errorf("first EventCallState = %+v; want alerting to +79160000001", e.Call)
		}
		r.m.RemoteAnswer()
		if e := r.event(gsm.EventCallState); e.Call.State != gsm.CallActive {
			t.Errorf("EventCallState after answer = %+v; want active", e.Call)
		}
		if err := r.d.Hangup(ctx); err != nil {
			t.Fatalf("Hangup: %v", err)
		}
		if calls := r.m.Calls(); len(calls) != 0 {
			t.Errorf("modem calls after Hangup = %+v; want none", calls)
		}
		// Busy far end.
		if err := r.d.Dial(ctx, "84951234567"); err != nil {
			t.Fatalf("Dial: %v", err)
		}
		r.m.RemoteBusy()
		if e := r.event(gsm.EventHangup); !errors.Is(e.Err, gsm.ErrBusy) {
			t.Errorf("EventHangup.Err = %v; want ErrBusy", e.Err)
		}
		if err := r.d.Dial(ctx, "123; ATH"); err == nil {
			t.Errorf("Dial with injected command succeeded; want refused")
		}
	})
}
