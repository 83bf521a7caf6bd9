package gsm_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

func TestStartup(t *testing.T) {
	tests := []struct {
		name      string
		dialect   sim.ModemDialect
		pin       string
		want      gsm.Dialect
		iccidCmd  string
		wantCEREG bool
		wantDTMF  string
	}{
		{"SIM800", sim.ModemSIM800, "", gsm.SIM800, "AT+CCID", false, "AT+DDET=1"},
		{"SIM800 with PIN", sim.ModemSIM800, "1234", gsm.SIM800, "AT+CCID", false, "AT+DDET=1"},
		{"EC25", sim.ModemEC25, "", gsm.EC25, "AT+QCCID", true, "AT+QTONEDET=1"},
		{"EC25 with PIN", sim.ModemEC25, "0000", gsm.EC25, "AT+QCCID", true, "AT+QTONEDET=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, sim.ModemOpts{Dialect: tt.dialect, PIN: tt.pin, RSSI: 20,
					IMEI: "867000000000001", IMSI: "250020000000001", ICCID: "89701020000000000001"},
					gsm.Opts{PIN: tt.pin})
				defer r.close()
				r.init()
				info := r.d.Info()
				want := gsm.Info{Dialect: tt.want, IMEI: "867000000000001", IMSI: "250020000000001",
					ICCID: "89701020000000000001", Operator: "MegaFon", SignalDBm: -73, SignalOK: true}
				if info.Dialect != want.Dialect || info.IMEI != want.IMEI || info.IMSI != want.IMSI ||
					info.ICCID != want.ICCID || info.Operator != want.Operator ||
					info.SignalDBm != want.SignalDBm || !info.SignalOK || !info.Reg.Stat.Registered() {
					t.Errorf("Info() = %+v; want %+v, registered", info, want)
				}
				cmds := r.m.Commands()
				for _, c := range []string{"ATE0", "AT+CMEE=2", "AT+CLIP=1", "AT+CMGF=0", "AT+CNMI=2,1,0,1,0", "AT+CREG=2", tt.iccidCmd, tt.wantDTMF} {
					if !slices.Contains(cmds, c) {
						t.Errorf("modem never got %q; got %q", c, cmds)
					}
				}
				if got := slices.Contains(cmds, "AT+CEREG=2"); got != tt.wantCEREG {
					t.Errorf("AT+CEREG=2 sent = %v; want %v", got, tt.wantCEREG)
				}
				if got := slices.Contains(cmds, `AT+CPIN="`+tt.pin+`"`); got != (tt.pin != "") {
					t.Errorf("PIN sent = %v; want %v", got, tt.pin != "")
				}
			})
		})
	}
}

func TestStartupPINProblems(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// No PIN configured: the error says what to do.
		r := newRig(t, sim.ModemOpts{PIN: "1234"}, gsm.Opts{})
		defer r.close()
		err := r.d.Init(context.Background())
		if err == nil || !strings.Contains(err.Error(), "set the PIN") {
			t.Errorf("Init without PIN = %v; want an error asking to set the PIN", err)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		// A wrong PIN is sent once, never again.
		r := newRig(t, sim.ModemOpts{PIN: "1234"}, gsm.Opts{PIN: "9999"})
		defer r.close()
		err := r.d.Init(context.Background())
		if err == nil || !gsm.IsCME(err, gsm.CMEIncorrectPass) || !strings.Contains(err.Error(), "incorrect password") {
			t.Errorf("Init with wrong PIN = %v; want +CME ERROR 16 named", err)
		}
		_ = r.d.Init(context.Background())
		n := 0
		for _, c := range r.m.Commands() {
			if strings.HasPrefix(c, "AT+CPIN=") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("PIN sent %d times; want 1", n)
		}
	})
}

func TestCommandErrorsNamed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{PIN: "1234"}, gsm.Opts{})
		defer r.close()
		ctx := context.Background()
		if _, err := r.d.Command(ctx, "AT+CMEE=2"); err != nil {
			t.Fatal(err)
		}
		_, err := r.d.Command(ctx, "AT+CIMI")
		if !gsm.IsCME(err, gsm.CMESIMPINRequired) || !strings.Contains(err.Error(), "SIM PIN required") {
			t.Errorf("AT+CIMI with CMEE=2 = %v; want +CME ERROR 11: SIM PIN required", err)
		}
		if _, err := r.d.Command(ctx, "AT+CMEE=1"); err != nil {
			t.Fatal(err)
		}
		_, err = r.d.Command(ctx, "AT+CMGL=4")
		if !gsm.IsCMS(err, gsm.CMSSIMPIN) || !strings.Contains(err.Error(), "SIM PIN required") {
			t.Errorf("AT+CMGL=4 with CMEE=1 = %v; want +CMS ERROR 311 named", err)
		}
	})
}

// The SIM's state read at start-up is reported, URC or not: first the PIN
// it asks for, then READY once the PIN is taken.
func TestStartupReportsSIMState(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{PIN: "1234"}, gsm.Opts{PIN: "1234"})
		defer r.close()
		r.init()
		synctest.Wait() // events reach OnEvent through the driver's queue
		var states []string
		for len(r.events) > 0 {
			if e := <-r.events; e.Kind == gsm.EventSIM {
				states = append(states, e.Text)
			}
		}
		if len(states) < 2 || states[0] != "SIM PIN" || states[len(states)-1] != "READY" {
			t.Errorf("SIM states reported = %q; want SIM PIN first and READY last", states)
		}
	})
}
