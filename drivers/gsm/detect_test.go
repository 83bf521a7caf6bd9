package gsm_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal/sim"
)

// detectBound is how long the default supervision may take to declare a
// modem that stopped answering down: one Heartbeat, then HeartbeatMisses
// probes of ProbeTimeout each (the second at once after the first).
var detectBound = gsm.DefaultOpts.Heartbeat + time.Duration(gsm.DefaultOpts.HeartbeatMisses)*gsm.DefaultOpts.ProbeTimeout

// TestHungModemDetected hangs an idle modem at several moments between two
// probes and times EventModemDown under the default options: within
// detectBound (11 s), and never on the first missed probe alone.
func TestHungModemDetected(t *testing.T) {
	if detectBound > 15*time.Second {
		t.Fatalf("the default supervision flags a dead modem only after %v; an installer expects 15 s at most", detectBound)
	}
	for _, after := range []time.Duration{0, time.Second, 4900 * time.Millisecond, 5100 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
				defer r.close()
				r.init()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				go r.d.Supervise(ctx)
				time.Sleep(after)
				synctest.Wait()
				hung := time.Now()
				r.m.Hang(sim.CurePower)
				r.event(gsm.EventModemDown)
				took := time.Since(hung)
				t.Logf("hung %v after Supervise began: EventModemDown %v later", after, took)
				minimum := time.Duration(gsm.DefaultOpts.HeartbeatMisses) * gsm.DefaultOpts.ProbeTimeout
				if took > detectBound || took < minimum {
					t.Errorf("modem hung %v after Supervise began: down after %v; want between %v and %v", after, took, minimum, detectBound)
				}
			})
		})
	}
}

// TestSlowCommandsAreNoMiss: with a network that takes 20 s (longer than
// detectBound) to acknowledge an SMS and to answer a USSD request, the
// modem is busy, not dead: the supervision raises no EventModemDown and
// both commands succeed.
func TestSlowCommandsAreNoMiss(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, sim.ModemOpts{}, gsm.Opts{})
		defer r.close()
		r.init()
		r.m.SetUSSD(func(string) (string, bool) { return "Balance 100.00", false })
		r.m.SetNetworkDelay(20 * time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go r.d.Supervise(ctx)

		start := time.Now()
		if _, err := r.d.SendSMS(ctx, "+79161234567", "the network is slow today"); err != nil {
			t.Fatalf("SendSMS on a slow network: %v", err)
		}
		if took := time.Since(start); took < 20*time.Second {
			t.Fatalf("SendSMS took %v; want the network's 20 s (the test needs a slow command)", took)
		}
		if text, err := r.d.USSD(ctx, "*100#"); err != nil || text != "Balance 100.00" {
			t.Fatalf("USSD on a slow network = %q, %v; want the balance", text, err)
		}
		time.Sleep(detectBound)
		synctest.Wait()
		for {
			select {
			case e := <-r.events:
				if e.Kind == gsm.EventModemDown {
					t.Fatalf("EventModemDown (%v) while the modem was busy with slow commands", e.Err)
				}
				continue
			default:
			}
			break
		}
	})
}
