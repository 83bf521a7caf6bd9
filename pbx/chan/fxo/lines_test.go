package fxo

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// TestDialRefused: lines that cannot take a call say why, with the cause
// the switch needs to try a backup.
func TestDialRefused(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, r *rig)
		address string
		want    call.Cause
		up      bool // Up("Line1") afterwards
	}{
		{"no voltage", func(t *testing.T, r *rig) {
			r.lines[0].pstn.SetPresent(false)
			r.waitState(1, "down", time.Second)
		}, "Line1/102", call.CauseUnavailable, false},
		{"parallel phone off-hook", func(t *testing.T, r *rig) {
			r.lines[0].pstn.SetParallelPhone(true)
			r.waitState(1, "in-use", time.Second)
		}, "Line1/102", call.CauseBusy, true},
		{"in a call", func(t *testing.T, r *rig) {
			if _, err := r.ch.Dial(context.Background(), "Line1/101", call.Party{}); err != nil {
				t.Fatal(err)
			}
		}, "Line1/102", call.CauseBusy, true},
		{"ringing", func(t *testing.T, r *rig) {
			r.lines[0].pstn.Ring(25, ruRing)
			r.waitState(1, "alerting", time.Second)
		}, "1/102", call.CauseBusy, true},
		{"disabled", func(t *testing.T, r *rig) {
			ls, _ := r.st.FXOLines().List(context.Background())
			ls[0].Enabled = false
			if err := r.st.FXOLines().Update(context.Background(), &ls[0]); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(time.Second)
			for r.ch.Up("Line1") && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
		}, "Line1/102", call.CauseUnavailable, false},
		{"no such line", func(*testing.T, *rig) {}, "Nope/102", call.CauseUnavailable, true},
		{"a + number", func(*testing.T, *rig) {}, "Line1/+74951234567", call.CauseRejected, true},
		{"no number", func(*testing.T, *rig) {}, "Line1", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{})
				tc.prepare(t, r)
				seizures := r.lines[0].pstn.Seizures()
				lg, err := r.ch.Dial(context.Background(), tc.address, call.Party{})
				if err == nil {
					t.Fatalf("Dial(%q) = %s; want an error", tc.address, lg.ID())
				}
				if got := causeOf(err); got != tc.want {
					t.Errorf("Dial(%q) = %v (cause %v); want cause %v", tc.address, err, got, tc.want)
				}
				if r.lines[0].pstn.Seizures() != seizures {
					t.Error("the line was seized")
				}
				if got := r.ch.Up("Line1"); got != tc.up {
					t.Errorf("Up(Line1) = %v; want %v", got, tc.up)
				}
			})
		})
	}
}

// TestConfigReload: a change in the store is applied to idle and busy
// lines alike without dropping the call in progress.
func TestConfigReload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{lines: 2})
		ctx := context.Background()
		lg, err := r.ch.Dial(ctx, "Line1/101", call.Party{})
		if err != nil {
			t.Fatal(err)
		}
		ls, err := r.st.FXOLines().List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ls {
			ls[i].Name = "City" + ls[i].Name[4:]
			ls[i].Enabled = ls[i].Port == 1
			if err := r.st.FXOLines().Update(ctx, &ls[i]); err != nil {
				t.Fatal(err)
			}
		}
		deadline := time.Now().Add(time.Second)
		for (!r.ch.Up("City1") || r.ch.Status()[1].Name != "City2") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		for name, want := range map[string]bool{"City1": true, "Line1": false, "City2": false, "1": true, "2": false, "3": false} {
			if got := r.ch.Up(name); got != want {
				t.Errorf("Up(%q) = %v; want %v", name, got, want)
			}
		}
		if !r.lines[0].pstn.Seized() || r.state(1) == "idle" {
			t.Error("the call in progress was dropped by the change")
		}
		select {
		case e := <-lg.Events():
			if e.Kind == call.EventHangup {
				t.Errorf("the call ended: %+v", e)
			}
		default:
		}
		st := r.ch.Status()
		if st[0].Name != "City1" || st[1].Name != "City2" || st[1].Enabled || !st[0].InUse || st[1].InUse {
			t.Errorf("Status = %+v", st)
		}
		// A port the store does not know is not configured: down for calls.
		if err := r.st.FXOLines().Delete(ctx, ls[1].ID); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		if st := r.ch.Status(); st[1].Name != "2" || st[1].Enabled {
			t.Errorf("line 2 after its row was deleted: %+v", st[1])
		}
		lg.Hangup(ctx, call.CauseNormal)
		r.waitReleased(1, 100*time.Millisecond)
	})
}

// TestStatus shows voltage, down and ringing lines.
func TestStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, rigOpts{lines: 2})
		r.lines[1].pstn.SetPresent(false)
		r.lines[0].pstn.Ring(25, ruRing)
		r.waitState(1, "alerting", time.Second)
		r.waitState(2, "down", time.Second)
		st := r.ch.Status()
		if s := st[0]; s.Port != 1 || s.Name != "Line1" || s.Number != "8495000001" || !s.Enabled || s.Down || !s.Ringing || s.InUse {
			t.Errorf("line 1 = %+v; want Line1 ringing", s)
		}
		if s := st[1]; !s.Down || s.Volts != 0 || s.Ringing {
			t.Errorf("line 2 = %+v; want down at 0 V", s)
		}
		r.lines[1].pstn.SetPresent(true)
		r.waitState(2, "idle", time.Second)
		if v := r.ch.Status()[1].Volts; v != -48 {
			t.Errorf("line 2 at %v V; want -48", v)
		}
	})
}

// TestFaxTone: fax tones heard on a call close the leg's FaxTone channel:
// CNG from a calling fax on an inbound call, CED from a called one.
func TestFaxTone(t *testing.T) {
	tests := []struct {
		name string
		tone dsp.Tone
	}{
		{"CNG", dsp.Tone{Hz: []float64{1100}, Cadence: []int{500, 3000}, DBm0: -15}},
		{"CED", dsp.Tone{Hz: []float64{2100}, DBm0: -15}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, rigOpts{})
				l := r.lines[0]
				c := r.incoming("+74951234567")
				if err := c.Answer(context.Background()); err != nil {
					t.Fatal(err)
				}
				lg := r.ch.lines[0].currentLeg()
				fd, ok := lg.(FaxDetector)
				if !ok {
					t.Fatal("the leg is not a FaxDetector")
				}
				time.Sleep(2 * time.Second) // speech would go here
				select {
				case <-fd.FaxTone():
					t.Fatal("fax tone reported before any was played")
				default:
				}
				l.ex.setTone(t, tc.tone)
				select {
				case <-fd.FaxTone():
				case <-time.After(4 * time.Second):
					t.Fatalf("%s not reported within 4 s", tc.name)
				}
				if !l.pstn.Seized() {
					t.Error("the fax tone ended the call")
				}
				c.Hangup(context.Background(), call.CauseNormal)
			})
		})
	}
}

// TestStartValidation: New and Start refuse what cannot work.
func TestStartValidation(t *testing.T) {
	if _, err := New(Opts{}); err == nil {
		t.Error("New without a store succeeded")
	}
	st, err := store.Open(context.Background(), t.TempDir()+"/pbx.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, o := range []Opts{
		{Store: st, Lines: []Line{{Port: 1}}},
		{Store: st, DefaultCountry: "XX"},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
	ch, err := New(Opts{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Start(context.Background(), nil); err == nil {
		t.Error("Start without a switch succeeded")
	}
}
