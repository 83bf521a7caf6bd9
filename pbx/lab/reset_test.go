package lab

import (
	"context"
	"math"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/pbx/dsp"
)

// TestCadencedToneIsAFaxCallingTone: a phone playing 1100 Hz, 0.5 s on and
// 3 s off (the lab page's "fax calling tone") sounds to the box as T.30
// CNG, burst after burst, and stops after its time; a steady tone of the
// same frequency is no CNG.
func TestCadencedToneIsAFaxCallingTone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		bx := r.newBox("fxs1")
		p, _ := r.lab.Phone("fxs1")
		p.OffHook()
		if err := p.Tone(ToneRequest{Hz: 1100, DBm0: -10, Ms: 2000}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * time.Second)
		if got := bx.faxTones(); len(got) != 0 {
			t.Fatalf("a steady 2 s tone of 1100 Hz was heard as %v; want no fax tone", got)
		}

		if err := p.Tone(ToneRequest{Hz: 1100, DBm0: -10, Ms: 7500, OnMs: 500, OffMs: 3000}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, time.Second, "the first burst", func() bool { _, _, _, l := bx.get(); return math.Abs(l+10) < 0.3 })
		waitFor(t, time.Second, "the pause after it", func() bool { _, _, _, l := bx.get(); return math.IsInf(l, -1) })
		waitFor(t, 4*time.Second, "the second burst", func() bool { _, _, _, l := bx.get(); return math.Abs(l+10) < 0.3 })
		time.Sleep(5 * time.Second) // the third burst, at 7 s, ends the tone
		if got := bx.faxTones(); !slices.Equal(got, []dsp.FaxTone{dsp.FaxToneCNG, dsp.FaxToneCNG, dsp.FaxToneCNG}) {
			t.Errorf("fax tones heard %v; want CNG three times", got)
		}
		if p.State().Dialling {
			t.Error("the phone still sends after the tone's 7.5 s")
		}
	})
}

func TestToneRefusesBadCadence(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		p, _ := r.lab.Phone("fxs1")
		p.OffHook()
		tests := []struct {
			req   ToneRequest
			field string
		}{
			{ToneRequest{Hz: 1100, OnMs: 500}, "off_ms"},
			{ToneRequest{Hz: 1100, OffMs: 500}, "off_ms"},
			{ToneRequest{Hz: 1100, OnMs: -1, OffMs: 5}, "on_ms"},
			{ToneRequest{Hz: 1100, OnMs: 5, OffMs: maxToneMs + 1}, "off_ms"},
		}
		for _, tt := range tests {
			err := p.Tone(tt.req)
			le, ok := err.(*Error)
			if !ok || le.Field != tt.field {
				t.Errorf("Tone(%+v) = %v; want an error on %s", tt.req, err, tt.field)
			}
		}
	})
}

// TestResetPutsTheWorldBack: phones off hook, a line ringing and one cut,
// a modem hung with a weak signal and another USSD reply all come back as
// they started.
func TestResetPutsTheWorldBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		d := r.gsmDev("gsm1", gsm.Opts{})
		n, _ := r.lab.Network("gsm1")
		first := n.State()
		for _, slot := range []string{"fxs1", "fxs2"} {
			p, _ := r.lab.Phone(slot)
			p.OffHook()
			if err := p.Dial("123", DialDTMF); err != nil {
				t.Fatal(err)
			}
		}
		x1, _ := r.lab.Exchange("fxo1")
		if err := x1.Ring(RingRequest{CallerID: "+74951234567"}); err != nil {
			t.Fatal(err)
		}
		x2, _ := r.lab.Exchange("fxo2")
		x2.SetPresent(false)
		if err := n.Call("+79161234567"); err != nil {
			t.Fatal(err)
		}
		d.event(t, gsm.EventIncoming)
		if err := n.SetSignal(3); err != nil {
			t.Fatal(err)
		}
		if err := n.SetUSSDReply("Balance: 0", false); err != nil {
			t.Fatal(err)
		}
		if err := n.Break(BreakHang, "power"); err != nil {
			t.Fatal(err)
		}

		st, err := r.lab.Reset()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range st.Phones {
			if p.OffHook || p.Dialling {
				t.Errorf("phone %s after Reset: off hook %v, dialling %v; want on hook and silent", p.Slot, p.OffHook, p.Dialling)
			}
		}
		for _, l := range st.Lines {
			if l.State != "idle" || !l.Present {
				t.Errorf("line %s after Reset: %s, present %v; want idle and connected", l.Slot, l.State, l.Present)
			}
		}
		g := st.GSM[0]
		if g.Hung || len(g.Calls) != 0 || g.Signal != first.Signal || g.Registration != first.Registration {
			t.Errorf("gsm1 after Reset = %+v; want repaired, no call, signal %d, registration %d", g, first.Signal, first.Registration)
		}
		d.event(t, gsm.EventHangup)
		if reply, err := d.USSD(context.Background(), "*100#"); err != nil || reply != DefaultUSSDReply {
			t.Errorf("USSD after Reset = %q, %v; want %q", reply, err, DefaultUSSDReply)
		}
	})
}

// TestResetStopsFlashAndPulseDialling: a reset in the middle of a hook
// flash or of pulse dialling leaves the phone on hook; the flash does not
// lift it again afterwards.
func TestResetStopsFlashAndPulseDialling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, nil)
		flashing, _ := r.lab.Phone("fxs1")
		dialling, _ := r.lab.Phone("fxs2")
		flashing.OffHook()
		dialling.OffHook()
		if err := flashing.Flash(2 * time.Second); err != nil {
			t.Fatal(err)
		}
		if err := dialling.Dial("9999", DialPulse); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		if _, err := r.lab.Reset(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Second) // past the flash's 2 s and the dialling's 4 digits
		for _, p := range []*Phone{flashing, dialling} {
			if s := p.State(); s.OffHook || s.Dialling {
				t.Errorf("%s 5 s after Reset: off hook %v, dialling %v; want on hook and still", p, s.OffHook, s.Dialling)
			}
		}
	})
}
