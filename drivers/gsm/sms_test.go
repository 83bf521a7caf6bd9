package gsm_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

// cyrillic300 is 300 Cyrillic characters: UCS-2, 67 per concatenated part.
var cyrillic300 = func() string {
	s := strings.Repeat("Съешь же ещё этих мягких французских булок, да выпей чаю. ", 6)
	r := []rune(s)
	return string(r[:300])
}()

func TestSendCyrillicUCS2Parts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		mrs, err := r.d.SendSMS(context.Background(), "+79161234567", cyrillic300)
		if err != nil {
			t.Fatalf("SendSMS: %v", err)
		}
		sent := r.m.Sent()
		if len(mrs) != 5 || len(sent) != 5 {
			t.Fatalf("SendSMS sent %d parts (MRs %v); want 5 (300 UCS-2 characters, 67 per part)", len(sent), mrs)
		}
		ref := -1
		for i, s := range sent {
			if s.TPDU.DCS != 0x08 {
				t.Errorf("part %d DCS = %#x; want 0x08 (UCS-2)", i+1, s.TPDU.DCS)
			}
			total, seq, r0, ok := s.TPDU.UDH.ConcatInfo()
			if !ok || total != 5 || seq != i+1 {
				t.Errorf("part %d concat = %d/%d ok=%v; want %d/5", i+1, seq, total, ok, i+1)
			}
			if ref >= 0 && r0 != ref {
				t.Errorf("part %d reference %d; want %d as part 1", i+1, r0, ref)
			}
			ref = r0
			if s.To != "+79161234567" {
				t.Errorf("part %d to %q", i+1, s.To)
			}
		}
		if got := r.m.SentText("+79161234567"); len(got) != 1 || got[0] != cyrillic300 {
			t.Errorf("network got %q; want the 300 characters", got)
		}
	})
}

func TestSendAlphabetChosen(t *testing.T) {
	tests := []struct {
		text    string
		wantDCS byte
		parts   int
	}{
		{"Hello, world", 0x00, 1},
		{"Price 10€ [x] {y} ~|^\\", 0x00, 1}, // extension table (23.038 6.2.1.1)
		{strings.Repeat("a", 160), 0x00, 1},
		{strings.Repeat("a", 161), 0x00, 2},
		{"Привет", 0x08, 1},
		{"ok 👍", 0x08, 1},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
			defer r.close()
			r.init()
			if _, err := r.d.SendSMS(context.Background(), "900", tt.text); err != nil {
				t.Fatalf("SendSMS(%q): %v", tt.text, err)
			}
			sent := r.m.Sent()
			if len(sent) != tt.parts || sent[0].TPDU.DCS != 0x00 && tt.wantDCS == 0 || byte(sent[0].TPDU.DCS) != tt.wantDCS {
				t.Errorf("SendSMS(%q): %d parts, DCS %#x; want %d, %#x", tt.text, len(sent), sent[0].TPDU.DCS, tt.parts, tt.wantDCS)
			}
			if sent[0].To != "900" || sent[0].TPDU.DA.TOA != 0x81 {
				t.Errorf("SendSMS to 900: DA %q TOA %#x; want 900, 0x81 (unknown type)", sent[0].To, sent[0].TPDU.DA.TOA)
			}
			if got := r.m.SentText("900"); len(got) != 1 || got[0] != tt.text {
				t.Errorf("network got %q; want %q", got, tt.text)
			}
		})
	}
}

func TestReceiveOutOfOrderWithDuplicate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{Dialect: sim.ModemEC25}, gsm.Opts{})
		defer r.close()
		r.init()
		parts, err := sim.EncodeDeliver("+79035550000", cyrillic300, 77)
		if err != nil || len(parts) != 5 {
			t.Fatalf("EncodeDeliver: %d parts, %v", len(parts), err)
		}
		r.m.DeliverTPDUs(parts[3], parts[0], parts[4], parts[0], parts[2])
		r.noMessage(time.Minute)
		r.m.DeliverTPDUs(parts[1])
		s := r.message(time.Minute)
		if s.Text != cyrillic300 || s.From != "+79035550000" || s.Parts != 5 || s.Missing != nil {
			t.Errorf("got %+v; want the 300 characters from +79035550000 in 5 parts", s)
		}
		r.noMessage(time.Minute)
		if n := r.m.Stored(); n != 0 {
			t.Errorf("modem still stores %d messages; want 0 (all parts and the duplicate deleted)", n)
		}
		// The duplicate arriving late is not delivered again.
		r.m.DeliverTPDUs(parts[2])
		r.noMessage(time.Minute)
		if n := r.m.Stored(); n != 0 {
			t.Errorf("modem stores %d messages after a late duplicate; want 0", n)
		}
	})
}

func TestEmojiRoundTrip(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		texts := []string{
			"Привет 👋🏽 🎉",
			strings.Repeat("x", 66) + "😀" + strings.Repeat("y", 100), // a surrogate pair at the part boundary
		}
		for _, text := range texts {
			if _, err := r.d.SendSMS(context.Background(), "+79161234567", text); err != nil {
				t.Fatalf("SendSMS: %v", err)
			}
			got := r.m.SentText("+79161234567")
			if got[len(got)-1] != text {
				t.Fatalf("network got %q; want %q", got[len(got)-1], text)
			}
			// The network sends it back.
			if err := r.m.DeliverSMS("+79161234567", text); err != nil {
				t.Fatal(err)
			}
			if s := r.message(time.Minute); s.Text != text {
				t.Errorf("received %q; want %q", s.Text, text)
			}
		}
	})
}

func TestReceiveMissingPartReportedAfterTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{ReassemblyTimeout: 5 * time.Minute})
		defer r.close()
		r.init()
		text150 := string([]rune(cyrillic300)[:150])
		parts, _ := sim.EncodeDeliver("+79035550000", text150, 9)
		if len(parts) != 3 {
			t.Fatalf("%d parts; want 3", len(parts))
		}
		start := time.Now()
		r.m.DeliverTPDUs(parts[2], parts[0])
		s := r.message(time.Hour)
		if waited := time.Since(start); waited < 5*time.Minute {
			t.Errorf("incomplete message delivered after %v; want after the 5 min reassembly timeout", waited)
		}
		runes := []rune(text150)
		want := string(runes[:67]) + string(runes[134:])
		if !slices.Equal(s.Missing, []int{2}) || s.Parts != 3 || s.Text != want {
			t.Errorf("got Missing %v, Parts %d, Text %q; want [2], 3, parts 1 and 3", s.Missing, s.Parts, s.Text)
		}
		synctest.Wait()
		if n := r.m.Stored(); n != 0 {
			t.Errorf("modem stores %d messages; want 0", n)
		}
	})
}

func TestReceiveDeletesOnlyAfterReceiverTookIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{Heartbeat: 10 * time.Second})
		defer r.close()
		var failures atomic.Int32
		r.smsErr = func(gsm.SMS) error {
			if failures.Load() < 3 {
				failures.Add(1)
				return errors.New("store: disk full")
			}
			return nil
		}
		r.init()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.d.Supervise(ctx)
		if err := r.m.DeliverSMS("+79035550000", "hello"); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if failures.Load() == 0 || r.m.Stored() != 1 {
			t.Fatalf("after a failing receiver: %d failures, %d stored; want some, 1 (kept on the modem)", failures.Load(), r.m.Stored())
		}
		// The periodic sweep offers it again until the receiver takes it.
		if s := r.message(10 * time.Minute); s.Text != "hello" {
			t.Errorf("got %q; want hello", s.Text)
		}
		synctest.Wait()
		if n := r.m.Stored(); n != 0 {
			t.Errorf("modem stores %d after the receiver took it; want 0", n)
		}
	})
}

func TestReceiveSurvivesDriverRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := sim.NewModem(sim.ModemOpts{})
		defer m.Close()
		// A driver reads the message but "crashes" before the receiver stored it.
		crashed := make(chan struct{})
		var once sync.Once
		d1, _ := gsm.New(m.Port(), nil, &gsm.Opts{OnSMS: func(gsm.SMS) error {
			once.Do(func() { close(crashed) })
			return errors.New("crash")
		}})
		if err := d1.Init(context.Background()); err != nil {
			t.Fatal(err)
		}
		_ = m.DeliverSMS("+79035550000", "survives")
		<-crashed
		d1.Close()
		if m.Stored() != 1 {
			t.Fatalf("stored %d after the crash; want 1", m.Stored())
		}
		// A new driver instance on the reopened port finds and delivers it.
		got := make(chan gsm.SMS, 1)
		d2, _ := gsm.New(m.Reopen(), nil, &gsm.Opts{OnSMS: func(s gsm.SMS) error { got <- s; return nil }})
		defer d2.Close()
		if err := d2.Init(context.Background()); err != nil {
			t.Fatal(err)
		}
		if s := <-got; s.Text != "survives" {
			t.Errorf("got %q; want survives", s.Text)
		}
		synctest.Wait()
		if m.Stored() != 0 {
			t.Errorf("stored %d after delivery; want 0", m.Stored())
		}
	})
}

func TestMemoryFullNeverStopsReception(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{SMSCapacity: 3}, gsm.Opts{})
		defer r.close()
		// Five messages arrive while the driver is not running: three fill
		// the storage, the network holds two.
		for i := range 5 {
			_ = r.m.DeliverSMS("+7903555000"+string(rune('0'+i)), "msg "+string(rune('0'+i)))
		}
		if r.m.Stored() != 3 || r.m.NetworkHeld() != 2 {
			t.Fatalf("stored %d, held %d; want 3, 2", r.m.Stored(), r.m.NetworkHeld())
		}
		r.init()
		var got []string
		for range 5 {
			got = append(got, r.message(time.Minute).Text)
		}
		slices.Sort(got)
		if want := []string{"msg 0", "msg 1", "msg 2", "msg 3", "msg 4"}; !slices.Equal(got, want) {
			t.Errorf("received %q; want %q", got, want)
		}
		synctest.Wait()
		if r.m.Stored() != 0 || r.m.NetworkHeld() != 0 {
			t.Errorf("stored %d, held %d; want 0, 0", r.m.Stored(), r.m.NetworkHeld())
		}
	})
}

func TestDeliveryReport(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{DeliveryReports: true})
		defer r.close()
		r.init()
		mrs, err := r.d.SendSMS(context.Background(), "+79161234567", "report me")
		if err != nil {
			t.Fatal(err)
		}
		e := r.event(gsm.EventDeliveryReport)
		if e.Report.MR != mrs[0] || !e.Report.Delivered || e.Report.To != "+79161234567" {
			t.Errorf("report %+v; want MR %d delivered to +79161234567", e.Report, mrs[0])
		}
	})
}
