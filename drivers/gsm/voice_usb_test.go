package gsm_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

// commandsSince returns the modem's commands from index from on that
// match one of want, in order.
func commandsSince(m *sim.Modem, from int, want ...string) []string {
	var got []string
	for _, c := range m.Commands()[from:] {
		for _, w := range want {
			if strings.HasPrefix(c, w) {
				got = append(got, c)
			}
		}
	}
	return got
}

// TestVoiceOverUSBPerDialect checks the voice-over-USB commands the driver
// sends around an incoming and an outgoing call, per family: the EC25 gets
// AT+QPCMV=1,0 before ATA/ATD and AT+QPCMV=0 after the call; the SIM7600
// AT+CPCMREG=1 once the call is up and AT+CPCMREG=0 after it.
func TestVoiceOverUSBPerDialect(t *testing.T) {
	tests := []struct {
		dialect         sim.ModemDialect
		on, off         string
		incoming, dials []string // the order of the commands that matter
	}{
		{sim.ModemEC25, "AT+QPCMV=1,0", "AT+QPCMV=0",
			[]string{"AT+QPCMV=1,0", "ATA", "AT+QPCMV=0"},
			[]string{"AT+QPCMV=1,0", "ATD+79161234567;", "AT+CHUP", "AT+QPCMV=0"}},
		{sim.ModemSIM7600, "AT+CPCMREG=1", "AT+CPCMREG=0",
			[]string{"ATA", "AT+CPCMREG=1", "AT+CPCMREG=0"},
			[]string{"ATD+79161234567;", "AT+CPCMREG=1", "AT+CHUP", "AT+CPCMREG=0"}},
	}
	for _, tt := range tests {
		t.Run(tt.dialect.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, sim.ModemOpts{Dialect: tt.dialect, USBAudio: true}, gsm.Opts{VoiceOverUSB: true})
				defer r.close()
				r.init()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				go r.d.Supervise(ctx) // +CLCC polling sees the outgoing call answered
				watch := []string{tt.on, tt.off, "ATA", "ATD", "AT+CHUP"}

				from := len(r.m.Commands())
				r.m.IncomingCall("+79161234567")
				r.event(gsm.EventIncoming)
				if err := r.d.Answer(ctx); err != nil {
					t.Fatalf("Answer: %v", err)
				}
				synctest.Wait()
				if !r.m.USBAudioOn() {
					t.Error("voice over USB is off in the answered call")
				}
				r.m.RemoteHangup()
				if e := r.event(gsm.EventHangup); !errors.Is(e.Err, gsm.ErrNoCarrier) {
					t.Errorf("EventHangup.Err = %v; want ErrNoCarrier", e.Err)
				}
				synctest.Wait()
				if got := commandsSince(r.m, from, watch...); !slices.Equal(got, tt.incoming) {
					t.Errorf("incoming call: commands %q; want %q", got, tt.incoming)
				}
				if r.m.USBAudioOn() || r.d.VoiceOverUSB() {
					t.Error("voice over USB still on after the call")
				}

				from = len(r.m.Commands())
				if err := r.d.Dial(ctx, "+79161234567"); err != nil {
					t.Fatalf("Dial: %v", err)
				}
				r.m.RemoteAnswer()
				r.event(gsm.EventCallState) // +CLCC polling sees it active
				synctest.Wait()
				if !r.m.USBAudioOn() {
					t.Error("voice over USB is off in the answered outgoing call")
				}
				if err := r.d.Hangup(ctx); err != nil {
					t.Fatalf("Hangup: %v", err)
				}
				synctest.Wait()
				if got := commandsSince(r.m, from, watch...); !slices.Equal(got, tt.dials) {
					t.Errorf("outgoing call: commands %q; want %q", got, tt.dials)
				}
				if r.m.USBAudioOn() {
					t.Error("voice over USB still on after the hang-up")
				}
			})
		})
	}
}

// TestVoiceOverUSBOff checks a driver without VoiceOverUSB sends none of
// the commands, and that Init refuses VoiceOverUSB on a SIM800.
func TestVoiceOverUSBOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{Dialect: sim.ModemEC25, USBAudio: true}, gsm.Opts{})
		defer r.close()
		r.init()
		r.m.IncomingCall("+79161234567")
		r.event(gsm.EventIncoming)
		if err := r.d.Answer(context.Background()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if got := commandsSince(r.m, 0, "AT+QPCMV", "AT+CPCMREG"); len(got) != 0 || r.m.USBAudioOn() {
			t.Errorf("without VoiceOverUSB the driver sent %q", got)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{Dialect: sim.ModemSIM800}, gsm.Opts{VoiceOverUSB: true})
		defer r.close()
		err := r.d.Init(context.Background())
		if err == nil || !strings.Contains(err.Error(), "SIM800 modules have no voice over USB") {
			t.Errorf("Init of a SIM800 with VoiceOverUSB = %v; want a refusal naming the family", err)
		}
	})
}

// TestSIM7600 brings up the real driver on the emulated SIM7600: its
// identity (AT+CICCID), and a call whose ends it reports as a SIM7600 does
// (VOICE CALL: END, MISSED_CALL).
func TestSIM7600(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{Dialect: sim.ModemSIM7600, ICCID: "8970102123456789012"}, gsm.Opts{})
		defer r.close()
		r.init()
		info := r.d.Info()
		if info.Dialect != gsm.SIM7600 || info.Model != "SIMCOM_SIM7600G-H" || info.ICCID != "8970102123456789012" || info.IMEI != sim.DefaultModemOpts.IMEI {
			t.Errorf("Info = %+v; want a SIM7600G-H with the SIM's ICCID and the modem's IMEI", info)
		}
		if !info.Reg.Stat.Registered() {
			t.Errorf("registration %+v; want registered", info.Reg)
		}
		ctx := context.Background()

		r.m.IncomingCall("+79161234567")
		if e := r.event(gsm.EventIncoming); e.Number != "+79161234567" {
			t.Errorf("EventIncoming.Number = %q", e.Number)
		}
		if err := r.d.Answer(ctx); err != nil {
			t.Fatalf("Answer: %v", err)
		}
		r.m.RemoteHangup() // VOICE CALL: END: 000000
		if e := r.event(gsm.EventHangup); !errors.Is(e.Err, gsm.ErrNoCarrier) {
			t.Errorf("after VOICE CALL: END, EventHangup.Err = %v; want ErrNoCarrier", e.Err)
		}

		r.m.IncomingCall("+79161234568")
		r.event(gsm.EventIncoming)
		r.m.RemoteHangup() // MISSED_CALL: ...
		if e := r.event(gsm.EventHangup); !errors.Is(e.Err, gsm.ErrNoCarrier) {
			t.Errorf("after MISSED_CALL, EventHangup.Err = %v; want ErrNoCarrier", e.Err)
		}
		cmds := commandsSince(r.m, 0, "AT+CICCID", "AT+CCID", "AT+QCCID", "AT+CHUP", "ATH")
		if !slices.Equal(cmds, []string{"AT+CICCID"}) {
			t.Errorf("commands %q; want the ICCID read with AT+CICCID and no hang-up of ours", cmds)
		}
	})
}
