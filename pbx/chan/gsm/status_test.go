package gsm_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
)

func TestStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800, sim.ModemEC25}})
		st := r.ch.Status()
		if len(st) != 2 {
			t.Fatalf("Status() has %d modules; want 2", len(st))
		}
		for i, s := range st {
			// DefaultModemOpts: MegaFon, +CSQ 20 = -73 dBm.
			if s.Slot != i+1 || s.Channel != "gsm/"+string(rune('1'+i)) || s.Operator != "MegaFon" ||
				s.SignalDBm != -73 || s.Bars != 5 || !s.Registered || !s.Up || s.InCall || !s.Configured || !s.Enabled {
				t.Errorf("Status()[%d] = %+v; want a registered, idle module up with 5 bars", i, s)
			}
		}
		r.mods[1].m.SetRSSI(5)                // -103 dBm
		time.Sleep(time.Minute + time.Second) // StatusEvery
		synctest.Wait()
		if s := r.ch.Status()[1]; s.SignalDBm != -103 || s.Bars != 2 {
			t.Errorf("after the signal fell: %d dBm, %d bars; want -103 dBm, 2 bars", s.SignalDBm, s.Bars)
		}

		// A call is announced to the live dashboard.
		<-r.changes // what the refresh changed
		synctest.Wait()
		select {
		case <-r.changes:
			t.Fatal("OnChange called with nothing changed")
		default:
		}
		r.mods[0].m.IncomingCall("+79161234567")
		r.incoming()
		synctest.Wait()
		select {
		case <-r.changes:
		default:
			t.Fatal("no OnChange call for an incoming call")
		}
		if s := r.ch.Status()[0]; !s.InCall || s.CallState != "incoming" || s.Up {
			t.Errorf("Status()[0] while ringing = %+v; want in an incoming call, not up", s)
		}
	})
}

func TestStopHangsUpCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemEC25}})
		r.mods[0].m.IncomingCall("+79161234567")
		in := r.incoming()
		if err := r.ch.Stop(context.Background()); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		synctest.Wait()
		if calls := r.mods[0].m.Calls(); len(calls) != 0 {
			t.Errorf("modem calls after Stop = %+v; want none", calls)
		}
		if r.ch.Up("SIM 1") {
			t.Error("Up after Stop = true")
		}
		if _, err := r.ch.Dial(context.Background(), "SIM 1/123", in.leg.Remote()); err == nil {
			t.Error("Dial after Stop succeeded")
		}
	})
}
