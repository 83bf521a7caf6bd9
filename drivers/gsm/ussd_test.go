package gsm_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

func TestUSSDBalance(t *testing.T) {
	tests := []struct {
		name   string
		dial   sim.ModemDialect
		packed bool
		reply  string
	}{
		{"UCS-2 reply, SIM800", sim.ModemSIM800, false, "Баланс: 123,45 р. Подключите «Безлимит» *105#"},
		{"UCS-2 reply, EC25", sim.ModemEC25, false, "Баланс: 0,00 р.\nПополните счёт"},
		{"GSM-7 text reply", sim.ModemSIM800, false, "Balance: 12.34 USD"},
		{"GSM-7 packed hex reply", sim.ModemEC25, true, "Balance: 12.34 USD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, sim.ModemOpts{Dialect: tt.dial, USSDPackedHex: tt.packed}, gsm.Opts{USSDPackedHex: tt.packed})
				defer r.close()
				r.init()
				var asked string
				r.m.SetUSSD(func(code string) (string, bool) { asked = code; return tt.reply, false })
				got, err := r.d.USSD(context.Background(), "*100#")
				if err != nil || got != tt.reply {
					t.Errorf("USSD(*100#) = %q, %v; want %q", got, err, tt.reply)
				}
				if asked != "*100#" {
					t.Errorf("network got %q; want *100#", asked)
				}
			})
		})
	}
}

func TestUSSDNoReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		r.m.SetUSSD(nil) // network says "not supported"
		if _, err := r.d.USSD(context.Background(), "*100#"); err == nil {
			t.Errorf("USSD without network support succeeded")
		}
		r.m.Hang(sim.CureReset) // nothing comes back at all
		if _, err := r.d.USSD(context.Background(), "*100#"); !errors.Is(err, gsm.ErrTimeout) {
			t.Errorf("USSD to a hung modem = %v; want ErrTimeout", err)
		}
	})
}
