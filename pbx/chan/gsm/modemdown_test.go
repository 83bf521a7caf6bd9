package gsm_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	drv "github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

// downBound is how long the driver's default supervision may take to
// declare a hung modem down (see drv.Opts.HeartbeatMisses): 11 s.
var downBound = drv.DefaultOpts.Heartbeat + time.Duration(drv.DefaultOpts.HeartbeatMisses)*drv.DefaultOpts.ProbeTimeout

// waitDown returns how long the module in slot took to show ModemDown in
// Status, or fails after a minute.
func waitDown(t *testing.T, r *rig, slot int) time.Duration {
	t.Helper()
	start := time.Now()
	for !r.ch.Status()[slot-1].ModemDown {
		if time.Since(start) > time.Minute {
			t.Fatalf("module %d not shown down within a minute", slot)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return time.Since(start)
}

// TestHungModemShownDown: a modem that stops answering shows as down in
// Status (the dashboard's modem_down), and not up for outbound rules,
// within downBound; the other module stays up.
func TestHungModemShownDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800, sim.ModemEC25}})
		time.Sleep(2 * time.Second)
		r.mods[0].m.Hang(sim.CurePower)
		took := waitDown(t, r, 1)
		t.Logf("hung modem shown down after %v", took)
		if took > downBound+100*time.Millisecond {
			t.Errorf("hung modem shown down after %v; want within %v", took, downBound)
		}
		if s := r.ch.Status(); s[0].Up || r.ch.Up("SIM 1") || s[1].ModemDown || !s[1].Up {
			t.Errorf("Status() = %+v; want SIM 1 down and not up, SIM 2 up", s)
		}
	})
}

// TestSlowSMSIsNoModemDown: while the network takes 20 s (longer than
// downBound) to acknowledge an SMS, the module is busy, not down.
func TestSlowSMSIsNoModemDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}})
		r.mods[0].m.SetNetworkDelay(20 * time.Second)
		sent := make(chan error, 1)
		go func() {
			_, err := r.mods[0].dev.SendSMS(context.Background(), "+79161234567", "slow network")
			sent <- err
		}()
		deadline := time.After(25 * time.Second)
		for {
			if s := r.ch.Status()[0]; s.ModemDown {
				t.Fatalf("Status() = %+v during a slow SMS; want the modem not down", s)
			}
			select {
			case err := <-sent:
				if err != nil {
					t.Fatalf("SendSMS: %v", err)
				}
				time.Sleep(downBound)
				if s := r.ch.Status()[0]; s.ModemDown {
					t.Fatalf("Status() = %+v after a slow SMS; want the modem not down", s)
				}
				return
			case <-deadline:
				t.Fatal("the slow SMS did not end within 25 s")
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}
