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

func TestModemStopsAnsweringMidCall(t *testing.T) {
	tests := []struct {
		cure     sim.Cure
		dialect  sim.ModemDialect
		wantStep string
	}{
		{sim.CureCFUN, sim.ModemSIM800, "AT+CFUN=1,1"},
		{sim.CureReset, sim.ModemEC25, "reset line"},
		{sim.CurePower, sim.ModemSIM800, "power cycle"},
		{sim.CurePower, sim.ModemEC25, "power cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.wantStep+" "+tt.dialect.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, sim.ModemOpts{Dialect: tt.dialect, PIN: "1234"}, gsm.Opts{PIN: "1234", Heartbeat: 10 * time.Second, CallPoll: time.Second})
				defer r.close()
				r.init()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				supervised := make(chan error, 1)
				go func() { supervised <- r.d.Supervise(ctx) }()

				if err := r.d.Dial(ctx, "+79160000001"); err != nil {
					t.Fatalf("Dial: %v", err)
				}
				r.m.RemoteAnswer()
				if e := r.event(gsm.EventCallState); e.Call.State != gsm.CallActive {
					t.Fatalf("call state %v; want active", e.Call.State)
				}

				r.m.Hang(tt.cure)
				r.event(gsm.EventModemDown)
				if e := r.event(gsm.EventCallFailed); !errors.Is(e.Err, gsm.ErrTimeout) {
					t.Errorf("EventCallFailed.Err = %v; want a timeout", e.Err)
				}
				if _, err := r.d.SendSMS(ctx, "+79161234567", "now"); !errors.Is(err, gsm.ErrModemDown) {
					t.Errorf("SendSMS while down = %v; want ErrModemDown", err)
				}
				id, err := r.d.QueueSMS("+79161234567", "queued while the modem was down")
				if err != nil {
					t.Fatal(err)
				}
				if e := r.event(gsm.EventModemUp); e.Text != tt.wantStep {
					t.Errorf("recovered by %q; want %q", e.Text, tt.wantStep)
				}
				if e := r.event(gsm.EventSMSSent); e.ID != id {
					t.Errorf("EventSMSSent.ID = %d; want %d", e.ID, id)
				}
				if got := r.m.SentText("+79161234567"); len(got) != 1 || got[0] != "queued while the modem was down" {
					t.Errorf("network got %q; want the queued message", got)
				}
				if r.m.Hung() || !r.m.Powered() {
					t.Errorf("modem hung %v, powered %v after recovery", r.m.Hung(), r.m.Powered())
				}
				if r.d.Queued() != 0 {
					t.Errorf("Queued() = %d; want 0", r.d.Queued())
				}
				cancel()
				if err := <-supervised; !errors.Is(err, context.Canceled) {
					t.Errorf("Supervise = %v; want context.Canceled", err)
				}
			})
		})
	}
}

func TestQueuedSMSInterruptedBetweenParts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{Heartbeat: 10 * time.Second, SMSTimeout: 5 * time.Second})
		defer r.close()
		r.init()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.d.Supervise(ctx)
		r.m.Hang(sim.CureReset)
		id, _ := r.d.QueueSMS("+79161234567", cyrillic300)
		r.event(gsm.EventModemDown)
		r.event(gsm.EventModemUp)
		if e := r.event(gsm.EventSMSSent); e.ID != id || len(e.MRs) != 5 {
			t.Errorf("EventSMSSent = %+v; want id %d with 5 parts", e, id)
		}
		if got := r.m.SentText("+79161234567"); len(got) != 1 || got[0] != cyrillic300 {
			t.Errorf("network got %q; want the message once", got)
		}
	})
}

func TestGarbledReplyThenRecovers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		ctx := context.Background()
		r.m.Garble(1)
		if _, _, err := r.d.Signal(ctx); err == nil {
			t.Errorf("Signal with a garbled reply succeeded")
		}
		if dBm, ok, err := r.d.Signal(ctx); err != nil || !ok || dBm != -73 {
			t.Errorf("Signal after the garbled reply = %d, %v, %v; want -73 dBm", dBm, ok, err)
		}
	})
}

func TestDropOffBus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		r.m.DropOffBus()
		synctest.Wait()
		if _, err := r.d.Command(context.Background(), "AT"); !errors.Is(err, gsm.ErrClosed) {
			t.Errorf("Command after the modem dropped off = %v; want ErrClosed", err)
		}
		if err := r.d.Supervise(context.Background()); !errors.Is(err, gsm.ErrClosed) {
			t.Errorf("Supervise after the modem dropped off = %v; want ErrClosed", err)
		}
	})
}

func TestModemRestartsByItself(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.d.Supervise(ctx)
		r.m.IncomingCall("+79161234567")
		r.event(gsm.EventIncoming)
		_ = r.m.Lines().PulseReset(ctx, time.Second) // a brown-out, say
		r.event(gsm.EventCallFailed)
		time.Sleep(time.Minute)
		// Set up again: echo off and PDU mode, so commands work as before.
		if dBm, _, err := r.d.Signal(ctx); err != nil || dBm != -73 {
			t.Errorf("Signal after the restart = %d, %v", dBm, err)
		}
		n := 0
		for _, c := range r.m.Commands() {
			if c == "AT+CNMI=2,1,0,1,0" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("start-up ran %d times; want 2 (again after RDY)", n)
		}
	})
}
