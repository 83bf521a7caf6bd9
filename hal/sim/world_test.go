package sim_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
)

// TestWorldDriversInit builds the sim board's world and brings up every
// module with its real driver, as cmd/pbxd does.
func TestWorldDriversInit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, err := hal.Board("sim")
		if err != nil {
			t.Fatal(err)
		}
		w, err := sim.NewWorld(b, nil)
		if err != nil {
			t.Fatalf("NewWorld: %v", err)
		}
		defer w.Close()
		for _, m := range b.Modules {
			switch m.Kind {
			case hal.KindFXS:
				c, err := w.SPI(m)
				if err != nil {
					t.Fatalf("SPI(%s): %v", m.Slot, err)
				}
				d, err := fxs.New(c, &fxs.Opts{Reset: w.Pin(m.Reset), Timeslot: m.Timeslot})
				if err != nil {
					t.Fatalf("fxs.New(%s): %v", m.Slot, err)
				}
				if d.Part() != fxs.Si3210 {
					t.Errorf("%s: part %v; want Si3210", m.Slot, d.Part())
				}
				if s, _ := w.SLIC(m.Slot); len(s.ProtocolErrors()) > 0 {
					t.Errorf("%s: SPI framing errors %q", m.Slot, s.ProtocolErrors())
				}
			case hal.KindFXO:
				c, err := w.SPI(m)
				if err != nil {
					t.Fatalf("SPI(%s): %v", m.Slot, err)
				}
				d, err := fxo.New(c, &fxo.Opts{Reset: w.Pin(m.Reset), Timeslot: m.Timeslot})
				if err != nil {
					t.Fatalf("fxo.New(%s): %v", m.Slot, err)
				}
				if v, err := d.LineVoltage(); err != nil || v > -40 {
					t.Errorf("%s: line voltage %v V, %v; want about -48 V", m.Slot, v, err)
				}
			case hal.KindGSM:
				port, lines, err := w.ModemPort(m)
				if err != nil {
					t.Fatalf("ModemPort(%s): %v", m.Slot, err)
				}
				d, err := gsm.New(port, lines, &gsm.Opts{})
				if err != nil {
					t.Fatalf("gsm.New(%s): %v", m.Slot, err)
				}
				if err := d.Init(context.Background()); err != nil {
					t.Fatalf("gsm Init(%s): %v", m.Slot, err)
				}
				modem, _, _ := w.Modem(m.Slot)
				if got := d.Info().IMEI; got != modem.IMEI() {
					t.Errorf("%s: driver read IMEI %q; modem has %q", m.Slot, got, modem.IMEI())
				}
				if m.Serial.IMEI != "" && modem.IMEI() != m.Serial.IMEI {
					t.Errorf("%s: IMEI %q; want the profile's %q", m.Slot, modem.IMEI(), m.Serial.IMEI)
				}
				d.Close()
			}
		}
		if got := w.Slots(hal.KindFXS); len(got) != 4 || got[0] != "fxs1" {
			t.Errorf("Slots(fxs) = %v", got)
		}
	})
}

// TestWorldAudioAndErrors checks the PCM links join the box and world
// sides, and the errors for modules the world does not have.
func TestWorldAudioAndErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, _ := hal.Board("sim")
		w, err := sim.NewWorld(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		fxs2 := b.ModulesOf(hal.KindFXS)[1]
		box, err := w.PCM(fxs2)
		if err != nil {
			t.Fatal(err)
		}
		_, world, ok := w.Phone("fxs2")
		if !ok {
			t.Fatal("Phone(fxs2) missing")
		}
		var f hal.Frame
		f[0] = 1234
		box.WriteFrame(&f)
		var got hal.Frame
		for range 3 { // the link's cushion of silence, then the box's frame
			if err := world.ReadFrame(&got); err != nil || got[0] == 1234 {
				break
			}
		}
		if got[0] != 1234 {
			t.Errorf("phone heard %d; want the box's 1234", got[0])
		}

		bad := hal.Module{Slot: "fxs9", Kind: hal.KindFXS}
		if _, err := w.SPI(bad); err == nil {
			t.Error("SPI(fxs9) succeeded")
		}
		if _, _, err := w.ModemPort(fxs2); err == nil {
			t.Error("ModemPort(fxs2) succeeded")
		}
		if _, _, ok := w.Line("fxs1"); ok {
			t.Error("Line(fxs1) found")
		}

		// A modem that dropped off the bus comes back on the next open.
		gsm1 := b.ModulesOf(hal.KindGSM)[0]
		p1, _, err := w.ModemPort(gsm1)
		if err != nil {
			t.Fatal(err)
		}
		// One exchange first, as the driver's Init makes: it orders the
		// modem's start-up before the reopen for the race detector.
		if _, err := p1.Write([]byte("AT\r")); err != nil {
			t.Fatal(err)
		}
		if n, err := p1.Read(make([]byte, 64)); n == 0 || err != nil {
			t.Fatalf("no reply to AT: %v", err)
		}
		modem, _, _ := w.Modem("gsm1")
		modem.DropOffBus()
		if _, err := p1.Read(make([]byte, 8)); !errors.Is(err, io.EOF) {
			t.Errorf("read after drop = %v; want EOF", err)
		}
		p2, _, err := w.ModemPort(gsm1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p2.Write([]byte("AT\r")); err != nil {
			t.Errorf("write on the reopened port: %v", err)
		}
		buf := make([]byte, 64)
		n, err := p2.Read(buf)
		if err != nil || n == 0 {
			t.Errorf("no reply on the reopened port: %v", err)
		}
	})
}

func TestWorldRefusesUnknownChip(t *testing.T) {
	b := &hal.BoardProfile{Name: "x", Modules: []hal.Module{{Slot: "gsm1", Kind: hal.KindGSM, Chip: "bg96"}}}
	if _, err := sim.NewWorld(b, nil); err == nil {
		t.Fatal("NewWorld with a bg96 succeeded")
	}
}
