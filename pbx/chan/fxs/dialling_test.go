package fxs

import (
	"math"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

func TestDialToneOfCountry(t *testing.T) {
	tests := []struct {
		country string
		hz      []float64 // the dial tone's frequencies
		dbm0    float64   // their level
		not     float64   // a frequency it has not
	}{
		{"RU", []float64{425}, -10, 350},
		{"US", []float64{350, 440}, -13, 425},
	}
	for _, tc := range tests {
		t.Run(tc.country, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, map[int]portSpec{1: {ext: "101", country: tc.country}}, nil)
				ear := r.lines[1].ear
				r.offHookDialTone(1, tc.country)
				time.Sleep(time.Second)
				for _, hz := range tc.hz {
					if lv := ear.powerAt(hz); math.Abs(lv-tc.dbm0) > 1 {
						t.Errorf("dial tone has %.1f dBm0 at %g Hz; want %g", lv, hz, tc.dbm0)
					}
				}
				if lv := ear.powerAt(tc.not); lv > -30 {
					t.Errorf("dial tone has %.1f dBm0 at %g Hz; want none", lv, tc.not)
				}
				if st := r.ch.Status()[0].State; st != "dialling" {
					t.Errorf("Status = %q; want dialling", st)
				}
			})
		})
	}
}

func TestDialNumber(t *testing.T) {
	tests := []struct {
		name string
		dial func(t *testing.T, l *line) error
	}{
		{"dtmf", func(_ *testing.T, l *line) error { l.ear.dial("102"); return nil }},
		{"pulse", func(t *testing.T, l *line) error { return l.phone.PulseDial(t.Context(), "102", &sim.PulseOpts{}) }},
		{"dtmf then hash", func(_ *testing.T, l *line) error { l.ear.dial("9123#"); return nil }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: {ext: "102"}}, nil)
				r.offHookDialTone(1, "RU")
				if err := tc.dial(t, r.lines[1]); err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				waitFor(t, "the call to reach the switch", 10*time.Second, func() bool { return len(r.called()) > 0 })
				if d := time.Since(start); d > 1500*time.Millisecond {
					t.Errorf("the number reached the switch %v after the dialling; want no inter-digit wait", d)
				}
				if tone := r.lines[1].ear.tone("RU"); tone == dsp.CPDial {
					t.Error("dial tone still on after dialling")
				}
				got := r.called()[0]
				want := "102"
				if tc.name == "dtmf then hash" {
					want = "9123"
				}
				if got.Called != want || got.Channel != "fxs/1" || got.Caller != (call.Party{Number: "101", Name: "Alice"}) {
					t.Errorf("switch got called %q from %s as %+v; want %q from fxs/1 as 101 Alice", got.Called, got.Channel, got.Caller, want)
				}
			})
		})
	}
}

func TestInterDigitTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}}, &Opts{InterDigit: 2 * time.Second})
		r.offHookDialTone(1, "RU")
		r.lines[1].ear.dial("95")
		time.Sleep(1500 * time.Millisecond)
		if n := len(r.called()); n != 0 {
			t.Fatalf("dialled before the inter-digit timeout")
		}
		waitFor(t, "the call after the inter-digit timeout", 3*time.Second, func() bool { return len(r.called()) > 0 })
		if got := r.called()[0].Called; got != "95" {
			t.Errorf("called %q; want 95", got)
		}
	})
}

// TestFailedCallTones: what the caller hears when the call does not go
// through (the special information tone for a number that exists
// nowhere, by the matcher or the switch), and that the tone gives way to
// the howler and then silence.
func TestFailedCallTones(t *testing.T) {
	tests := []struct {
		name   string
		number string
		want   dsp.CPTone // CPNone: the special information tone
	}{
		{"invalid number", "0", dsp.CPNone},
		{"no such number", "877#", dsp.CPNone},
		{"unavailable", "555#", dsp.CPCongestion},
		{"busy", "199", dsp.CPBusy},
		{"port without phone", "103", dsp.CPCongestion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, map[int]portSpec{1: {ext: "101"}}, &Opts{ToneTimeout: 10 * time.Second, HowlerTime: 5 * time.Second})
				ear := r.lines[1].ear
				r.offHookDialTone(1, "RU")
				ear.dial(tc.number)
				if tc.want == dsp.CPNone {
					waitFor(t, "the special information tone", 8*time.Second, ear.hearsSIT)
					if tone := ear.tone("RU"); tone != dsp.CPNone {
						t.Errorf("the phone hears %v; want the special information tone alone", tone)
					}
				} else {
					waitFor(t, tc.want.String()+" tone", 8*time.Second, func() bool { return ear.tone("RU") == tc.want })
				}
				time.Sleep(12 * time.Second) // past ToneTimeout: the howler
				if lv := ear.level(10); lv < -10 {
					t.Errorf("howler level %.1f dBm0; want a loud tone", lv)
				}
				time.Sleep(6 * time.Second) // past HowlerTime: parked
				if lv := ear.level(10); lv > -60 {
					t.Errorf("parked port plays %.1f dBm0; want silence", lv)
				}
				if st := r.ch.Status()[0].State; st != "off-hook" {
					t.Errorf("Status = %q; want off-hook", st)
				}
				r.lines[1].phone.OnHook()
				waitFor(t, "idle", 2*time.Second, func() bool { return r.ch.Status()[0].State == "idle" })
				r.offHookDialTone(1, "RU") // the port works again
			})
		})
	}
}

func TestRingbackWhileCalling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, map[int]portSpec{1: {ext: "101"}, 2: {ext: "102"}}, nil)
		r.offHookDialTone(1, "RU")
		r.lines[1].ear.dial("102")
		waitFor(t, "port 2 to ring", 5*time.Second, r.lines[2].phone.Ringing)
		waitFor(t, "ringback on port 1", 15*time.Second, func() bool { return r.lines[1].ear.tone("RU") == dsp.CPRingback })
		if st := r.ch.Status(); st[0].State != "in call" || st[1].State != "ringing" {
			t.Errorf("Status = %+v; want port 1 in call, port 2 ringing", st)
		}
		r.lines[1].phone.OnHook()
		waitFor(t, "port 2 to stop ringing", 5*time.Second, func() bool { return !r.lines[2].phone.Ringing() && r.ch.Status()[1].State == "idle" })
	})
}

func TestHotline(t *testing.T) {
	tests := []struct {
		name  string
		delay time.Duration
		dial  string
		want  string
	}{
		{"after the delay", 2 * time.Second, "", "102"},
		{"at once", -1, "", "102"},
		{"a digit first", 2 * time.Second, "103", "103"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, map[int]portSpec{1: {ext: "101", hotline: "102"}, 2: {ext: "102"}}, &Opts{HotlineDelay: tc.delay})
				l := r.lines[1]
				start := time.Now()
				l.phone.OffHook()
				if tc.dial != "" {
					time.Sleep(300 * time.Millisecond)
					l.ear.dial(tc.dial)
				}
				waitFor(t, "the hotline call", 5*time.Second, func() bool { return len(r.called()) > 0 })
				if got := r.called()[0].Called; got != tc.want {
					t.Errorf("called %q; want %q", got, tc.want)
				}
				took := time.Since(start)
				if tc.dial == "" && (took < tc.delay || took > tc.delay+500*time.Millisecond) {
					t.Errorf("hotline dialled after %v; want %v", took, max(tc.delay, 0))
				}
			})
		})
	}
}
