package lab

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
)

// gsmDev brings up the real GSM driver on slot.
type gsmDev struct {
	*gsm.Dev
	events chan gsm.Event
	sms    chan gsm.SMS
}

func (r *rig) gsmDev(slot string, o gsm.Opts) *gsmDev {
	r.t.Helper()
	port, lines, err := r.w.ModemPort(r.module(slot))
	if err != nil {
		r.t.Fatal(err)
	}
	g := &gsmDev{events: make(chan gsm.Event, 256), sms: make(chan gsm.SMS, 16)}
	o.OnEvent = func(e gsm.Event) { g.events <- e }
	o.OnSMS = func(s gsm.SMS) error { g.sms <- s; return nil }
	d, err := gsm.New(port, lines, &o)
	if err != nil {
		r.t.Fatal(err)
	}
	g.Dev = d
	r.t.Cleanup(func() { d.Close() })
	if err := d.Init(r.ctx); err != nil {
		r.t.Fatalf("Init(%s): %v", slot, err)
	}
	go d.Supervise(r.ctx)
	return g
}

func (g *gsmDev) event(t *testing.T, k gsm.EventKind) gsm.Event {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		select {
		case e := <-g.events:
			if e.Kind == k {
				return e
			}
		case <-timeout:
			t.Fatalf("no %v event", k)
			return gsm.Event{}
		}
	}
}

func TestNetworkCallsAndMessages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		d := r.gsmDev("gsm1", gsm.Opts{})
		n, _ := r.lab.Network("gsm1")
		ctx := context.Background()

		if err := n.Call("+79161234567"); err != nil {
			t.Fatal(err)
		}
		if e := d.event(t, gsm.EventIncoming); e.Number != "+79161234567" {
			t.Errorf("incoming call from %q; want +79161234567", e.Number)
		}
		if err := d.Answer(ctx); err != nil {
			t.Fatal(err)
		}
		if err := n.DTMF("1#"); err != nil {
			t.Fatal(err)
		}
		if e := d.event(t, gsm.EventDTMF); e.Digit != '1' {
			t.Errorf("DTMF %q; want 1", e.Digit)
		}
		if err := n.Hangup(); err != nil {
			t.Fatal(err)
		}
		d.event(t, gsm.EventHangup)

		// The box calls out: the network records the number; busy ends it.
		if err := d.Dial(ctx, "+74957654321"); err != nil {
			t.Fatal(err)
		}
		if s := n.State(); !slices.Equal(s.Dialled, []string{"+74957654321"}) || len(s.Calls) != 1 || s.Calls[0].Direction != "out" {
			t.Errorf("state %+v; want the dialled call", s)
		}
		if err := n.Answer(); err != nil {
			t.Fatal(err)
		}
		if s := n.State(); s.Calls[0].State != "active" {
			t.Errorf("call state %q after the remote answered; want active", s.Calls[0].State)
		}
		if err := n.Busy(); err != nil {
			t.Fatal(err)
		}
		if err := n.Hangup(); err == nil {
			t.Error("Hangup without a call succeeded")
		}

		// A long Cyrillic message in three parts, out of order.
		text := strings.Repeat("Привет, мир! ", 12)
		if err := n.SMS(SMSRequest{From: "+79161234567", Text: text, PartsOrder: []int{2, 0, 1}}); err != nil {
			t.Fatal(err)
		}
		select {
		case m := <-d.sms:
			if m.Text != text || m.Parts != 3 || m.From != "+79161234567" {
				t.Errorf("SMS %+v; want the 3-part text", m)
			}
		case <-time.After(time.Minute):
			t.Fatal("no SMS")
		}
		if err := n.SMS(SMSRequest{From: "+7", Text: "x", PartsOrder: []int{1}}); err == nil {
			t.Error("part 1 of a 1-part message was accepted")
		}

		// The box sends an SMS and asks for its balance.
		if _, err := d.SendSMS(ctx, "+79161234567", "hello"); err != nil {
			t.Fatal(err)
		}
		if err := n.SetUSSDReply("Баланс 5 руб", false); err != nil {
			t.Fatal(err)
		}
		if got, err := d.USSD(ctx, "*100#"); err != nil || got != "Баланс 5 руб" {
			t.Errorf("USSD = %q, %v", got, err)
		}
		s := n.State()
		if !slices.Equal(s.SMSSent, []SMSSent{{To: "+79161234567", Text: "hello"}}) {
			t.Errorf("sms_sent %+v", s.SMSSent)
		}
		if !slices.Equal(s.USSD, []USSDExchange{{Code: "*100#", Reply: "Баланс 5 руб"}}) {
			t.Errorf("ussd %+v", s.USSD)
		}

		// Signal and registration.
		if err := n.SetSignal(5); err != nil {
			t.Fatal(err)
		}
		if dBm, _, err := d.Signal(ctx); err != nil || dBm != -103 {
			t.Errorf("Signal = %d, %v; want -103 dBm for rssi 5", dBm, err)
		}
		if err := n.SetRegistration(0); err != nil {
			t.Fatal(err)
		}
		if s := n.State(); s.Registered || s.Signal != 5 || s.IMEI != "860675031234568" {
			t.Errorf("state %+v; want unregistered, rssi 5, the profile's IMEI", s)
		}
		for _, bad := range []func() error{
			func() error { return n.SetSignal(40) },
			func() error { return n.SetRegistration(4) },
			func() error { return n.Call("abc") },
			func() error { return n.Break("melt", "") },
			func() error { return n.Break(BreakHang, "prayer") },
		} {
			if err := bad(); err == nil {
				t.Error("a bad request succeeded")
			}
		}
	})
}

func TestNetworkBreaksTheModem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		d := r.gsmDev("gsm2", gsm.Opts{Heartbeat: 2 * time.Second, HeartbeatMisses: 1})
		n, _ := r.lab.Network("gsm2")
		if err := n.Break(BreakHang, "cfun"); err != nil {
			t.Fatal(err)
		}
		if !n.State().Hung {
			t.Error("modem not hung")
		}
		d.event(t, gsm.EventModemDown)
		d.event(t, gsm.EventModemUp)
		if n.State().Hung {
			t.Error("modem still hung after the driver's recovery")
		}
		if err := n.Break(BreakOffBus, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Command(context.Background(), "AT"); err == nil {
			t.Error("AT on a modem off the bus succeeded")
		}
	})
}
