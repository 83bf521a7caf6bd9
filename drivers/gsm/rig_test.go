package gsm_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

// rig is a driver on an emulated modem. Build it inside a synctest bubble.
type rig struct {
	t      *testing.T
	m      *sim.Modem
	d      *gsm.Dev
	events chan gsm.Event
	sms    chan gsm.SMS
	// smsErr, when set, is what the receiver returns.
	smsErr func(gsm.SMS) error
}

func newRig(t *testing.T, mo sim.ModemOpts, o gsm.Opts) *rig {
	t.Helper()
	r := &rig{t: t, m: sim.NewModem(mo), events: make(chan gsm.Event, 256), sms: make(chan gsm.SMS, 64)}
	o.OnEvent = func(e gsm.Event) { r.events <- e }
	o.OnSMS = func(s gsm.SMS) error {
		if r.smsErr != nil {
			if err := r.smsErr(s); err != nil {
				return err
			}
		}
		r.sms <- s
		return nil
	}
	d, err := gsm.New(r.m.Port(), r.m.Lines(), &o)
	if err != nil {
		t.Fatal(err)
	}
	r.d = d
	return r
}

func (r *rig) close() {
	r.d.Close()
	r.m.Close()
}

func (r *rig) init() {
	r.t.Helper()
	if err := r.d.Init(context.Background()); err != nil {
		r.t.Fatalf("Init: %v", err)
	}
}

// event waits for an event of kind, skipping others; it fails after an
// hour of bubble time.
func (r *rig) event(kind gsm.EventKind) gsm.Event {
	r.t.Helper()
	timeout := time.After(time.Hour)
	for {
		select {
		case e := <-r.events:
			if e.Kind == kind {
				return e
			}
		case <-timeout:
			r.t.Fatalf("no %v event", kind)
			return gsm.Event{}
		}
	}
}

// message waits for a received SMS.
func (r *rig) message(within time.Duration) gsm.SMS {
	r.t.Helper()
	select {
	case s := <-r.sms:
		return s
	case <-time.After(within):
		r.t.Fatalf("no SMS within %v", within)
		return gsm.SMS{}
	}
}

// noMessage asserts that no SMS arrives within d.
func (r *rig) noMessage(d time.Duration) {
	r.t.Helper()
	select {
	case s := <-r.sms:
		r.t.Fatalf("unexpected SMS %+v", s)
	case <-time.After(d):
	}
}

func isTimeout(err error) bool { return errors.Is(err, gsm.ErrTimeout) }
