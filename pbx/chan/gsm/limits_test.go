package gsm_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	gsmchan "github.com/hookflash/firmware/pbx/chan/gsm"
)

// alarm waits for an alarm.
func (r *rig) alarm() string {
	r.t.Helper()
	select {
	case a := <-r.alarms:
		return a
	case <-time.After(time.Minute):
		r.t.Fatal("no alarm within a minute")
		return ""
	}
}

func TestLimitReachedRefusesCalls(t *testing.T) {
	tests := []struct {
		name  string
		opts  gsmchan.ModuleOptions
		used  int64
		alarm string
	}{
		{"per day", gsmchan.ModuleOptions{MinutesPerDay: 10}, 600, "minutes per day limit reached (10)"},
		{"per month", gsmchan.ModuleOptions{MinutesPerDay: 100, MinutesPerMonth: 30}, 1900, "minutes per month limit reached (30)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRigWith(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}, opts: tt.opts}, func(l *limits) {
					l.seconds["gsm/1"] = tt.used
				})
				if got := r.alarm(); got != tt.alarm {
					t.Errorf("alarm %q; want %q", got, tt.alarm)
				}
				if r.ch.Up("SIM 1") {
					t.Error("Up with the minutes used up = true")
				}
				_, err := r.ch.Dial(context.Background(), "SIM 1/+79160000001", call.Party{})
				if !errors.Is(err, call.CauseUnavailable) {
					t.Errorf("Dial = %v; want CauseUnavailable", err)
				}
				if st := r.ch.Status()[0]; !slices.Contains(st.Alarms, tt.alarm) || st.Up || st.CallSecondsToday != tt.used {
					t.Errorf("Status() = %+v; want alarm %q, not up, %d s used", st, tt.alarm, tt.used)
				}
				if calls := r.mods[0].m.Calls(); len(calls) != 0 {
					t.Errorf("modem calls = %+v; want none placed", calls)
				}
			})
		})
	}
}

func TestLimitCutsCallInProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRigWith(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemEC25}, opts: gsmchan.ModuleOptions{MinutesPerDay: 10}}, func(l *limits) {
			l.seconds["gsm/1"] = 540 // one minute left
		})
		leg, err := r.ch.Dial(context.Background(), "SIM 1/+79160000001", call.Party{})
		if err != nil {
			t.Fatalf("Dial with a minute left: %v", err)
		}
		event(t, leg, call.EventProgress)
		r.mods[0].m.RemoteAnswer()
		event(t, leg, call.EventAnswer)
		answered := time.Now()
		ev := event(t, leg, call.EventHangup)
		if d := time.Since(answered); d < 59*time.Second || d > 61*time.Second {
			t.Errorf("call cut %v after the answer; want 60 s", d)
		}
		if ev.Cause != call.CauseNormal {
			t.Errorf("cut with cause %v; want normal", ev.Cause)
		}
		if got, want := r.alarm(), "minutes per day limit reached (10)"; got != want {
			t.Errorf("alarm %q; want %q", got, want)
		}
		synctest.Wait()
		if calls := r.mods[0].m.Calls(); len(calls) != 0 {
			t.Errorf("modem calls after the cut = %+v; want none", calls)
		}
		if r.ch.Up("SIM 1") {
			t.Error("Up after the minutes ran out = true")
		}
	})
}

func TestSMSLimitAlarmKeepsCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRigWith(t, rigOpts{dialects: []sim.ModemDialect{sim.ModemSIM800}, opts: gsmchan.ModuleOptions{SMSPerDay: 5}}, func(l *limits) {
			l.sms["gsm/1"] = 5
		})
		if got, want := r.alarm(), "SMS per day limit reached (5)"; got != want {
			t.Errorf("alarm %q; want %q", got, want)
		}
		if !r.ch.Up("SIM 1") {
			t.Error("Up with the SMS used up = false; calls are still allowed")
		}
	})
}
