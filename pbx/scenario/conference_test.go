package scenario

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

func TestConference(t *testing.T) {
	t.Parallel()
	src := doc(`{"id": "in", "type": "incoming", "next": {"next": "c"}}`,
		`{"id": "c", "type": "conference", "params": {"room": "300", "pin": "4321", "attempts": 2}, "next": {"refused": "bye"}}`, bye)
	tests := []struct {
		name   string
		keys   []string // one per attempt, pressed 1 s into it
		joined bool
		want   []string
	}{
		{"right PIN", []string{"4321#"}, true, []string{"in:next", "c:answered"}},
		{"wrong, then right", []string{"1111#", "4321#"}, true, []string{"in:next", "c:answered"}},
		{"wrong twice", []string{"1111#", "2222#"}, false, []string{"in:next", "c:refused", "bye:normal"}},
		{"nothing", nil, false, []string{"in:next", "c:refused", "bye:normal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var real []string
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t, withScenario(baseConfig(), 1, src, did), workingHours, tuesdayNoon)
				caller := o.call("trunk/Provider", "+79160000000", did)
				for _, k := range tt.keys {
					time.Sleep(time.Second) // into the spoken request, which lasts 2 s
					caller.Presses(k)
					time.Sleep(2 * time.Second)
				}
				time.Sleep(30 * time.Second)
				parties := o.rooms.Parties("300")
				if in := len(parties) == 1 && parties[0].Number == "+79160000000"; in != tt.joined {
					t.Errorf("room 300 holds %v; joined %v, want %v", parties, in, tt.joined)
				}
				caller.HangsUp(call.CauseNormal)
				real = o.path()
				if n := len(o.rooms.Rooms()); n != 0 {
					t.Errorf("%d rooms open after the call; want 0", n)
				}
			})
			samePath(t, real, tt.want...)
			eng := New(Opts{Logger: quiet()})
			eng.Load(context.Background(), withScenario(baseConfig(), 1, src, did), 1)
			tr, err := eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did,
				Keys: map[string][]string{"c": tt.keys}})
			if err != nil {
				t.Fatal(err)
			}
			if got := tracePath(tr); !slices.Equal(got, real) {
				t.Errorf("dry run path %q; real run %q\nevents: %q", got, real, tr.Events)
			}
		})
	}
}

func TestConferenceTwoCallers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := doc(`{"id": "in", "type": "incoming", "next": {"next": "c"}}`, `{"id": "c", "type": "conference", "params": {"room": "7"}}`)
		o := newOffice(t, withScenario(baseConfig(), 1, src, did), workingHours, tuesdayNoon)
		a := o.call("trunk/Provider", "+79160000001", did)
		b := o.call("trunk/Provider", "+79160000002", did)
		time.Sleep(time.Second)
		a.Says(toneFrame(1000))
		time.Sleep(time.Second)
		if got := o.rooms.Rooms(); got["7"] != 2 {
			t.Errorf("Rooms() = %v; want room 7 with 2", got)
		}
		heard := false
		for _, f := range b.Heard() {
			heard = heard || f == toneFrame(1000)
		}
		if !heard {
			t.Error("b did not hear what a said")
		}
		for _, f := range a.Heard() {
			if f == toneFrame(1000) {
				t.Error("a heard itself")
				break
			}
		}
		a.HangsUp(call.CauseNormal)
		b.HangsUp(call.CauseNormal)
		synctest.Wait()
	})
}

// toneFrame is a frame of a constant level, easy to find again.
func toneFrame(v int16) call.Frame {
	var f call.Frame
	for i := range f {
		f[i] = v
	}
	return f
}
