package dialplan_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

// listener is the plan's voicemail in these tests: it notes the mailboxes
// callers listened to.
type listener struct {
	mu    sync.Mutex
	boxes []string
}

func (l *listener) Listen(_ context.Context, _ call.Control, mailbox string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.boxes = append(l.boxes, mailbox)
	return nil
}

func (l *listener) listened() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.boxes)
}

// feature dials code from channel (caller ID number) and waits for the
// call to end; it returns the caller's leg.
func (o *office) feature(channel, number, code string) *calltest.Leg {
	o.t.Helper()
	a := o.call(channel, number, code)
	recv(o.t, a.Done())
	return a
}

// confirmed says whether a heard the confirmation tone: answered, some
// frames that are not silence, and a normal hang-up.
func confirmed(a *calltest.Leg) bool {
	st := a.State()
	loud := slices.ContainsFunc(a.Heard(), func(f call.Frame) bool { return f != call.Frame{} })
	return st.Answered && st.Cause == call.CauseNormal && loud
}

func TestFeatureDND(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.fxs.Set("106", calltest.Phone{AnswerAfter: time.Second})
		steps := []struct {
			code     string
			wantDND  bool
			wantRing bool
		}{
			{"*78", true, false},
			{"*79", false, true},
		}
		for _, st := range steps {
			if a := o.feature("fxs/1", "", st.code); !confirmed(a) {
				t.Fatalf("%s: the caller got %+v and no confirmation tone", st.code, a.State())
			}
			e, err := o.st.Extensions().Get(context.Background(), o.ids["106"])
			o.must(err)
			if e.DND != st.wantDND {
				t.Errorf("after %s, extension 106 dnd = %v; want %v", st.code, e.DND, st.wantDND)
			}
			o.applied()
			o.fxs.Forget()
			a := o.call("sip/101", "101", "106")
			time.Sleep(2 * time.Second)
			rang := o.fxs.Last("106") != nil
			if rang != st.wantRing {
				t.Errorf("after %s, a call to 106 rang its port: %v; want %v", st.code, rang, st.wantRing)
			}
			if !st.wantRing {
				if s := a.State(); s.Cause != call.CauseBusy {
					t.Errorf("after %s, the caller got %+v; want busy", st.code, s)
				}
			}
			a.HangsUp(call.CauseNormal)
			recv(t, a.Done())
		}
	})
}

func TestFeatureForward(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		channel   string // the forwarding extension's phone
		ext       string
		to        string
		wantOK    bool
		wantRings string // kind/address that a call to ext rings while forwarded
	}{
		{"to an extension", "sip/101", "101", "102", true, "fxs/102"},
		{"to an outside number the level allows", "sip/101", "101", "81234567890", true, "trunk/Provider/+71234567890"},
		{"to an outside number the level forbids", "sip/103", "103", "91234567", false, ""},
		{"to itself", "sip/101", "101", "101", false, ""},
		{"to a number no rule takes", "sip/101", "101", "5555", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t)
				o.sip.Set(tt.ext, never)
				o.sip.Set("102", never)
				o.fxs.Set("102", never)
				o.trunk.Set("Provider/+71234567890", never)
				a := o.feature(tt.channel, tt.ext, "*72"+tt.to)
				rows, err := o.st.ExtensionForwards().List(context.Background())
				o.must(err)
				if !tt.wantOK {
					if s := a.State(); s.Cause != call.CauseRejected || len(rows) != 0 {
						t.Fatalf("*72%s: caller %+v, forwards %+v; want rejected, none stored", tt.to, s, rows)
					}
					return
				}
				if !confirmed(a) || len(rows) != 1 || rows[0].Number != tt.to || !rows[0].Enabled {
					t.Fatalf("*72%s: caller %+v, forwards %+v; want confirmed, one stored", tt.to, a.State(), rows)
				}
				o.applied()
				b := o.call("trunk/Provider", "+74951112233", tt.ext)
				time.Sleep(2 * time.Second)
				kind, addr, _ := strings.Cut(tt.wantRings, "/")
				d := map[string]*calltest.Dialer{"fxs": o.fxs, "trunk": o.trunk}[kind]
				if d.Last(addr) == nil || o.sip.Last(tt.ext) != nil {
					t.Errorf("a call to %s did not ring %s instead", tt.ext, tt.wantRings)
				}
				b.HangsUp(call.CauseNormal)
				recs := o.records()
				if last := recs[len(recs)-1]; !strings.Contains(string(last.Details), "forwards to "+tt.to) {
					t.Errorf("the forwarded call's details %s name no forward", last.Details)
				}

				if a := o.feature(tt.channel, tt.ext, "*73"); !confirmed(a) {
					t.Fatalf("*73: caller %+v; want confirmed", a.State())
				}
				o.applied()
				c := o.call("trunk/Provider", "+74951112233", tt.ext)
				time.Sleep(2 * time.Second)
				if o.sip.Last(tt.ext) == nil {
					t.Errorf("after *73 a call to %s did not ring it", tt.ext)
				}
				c.HangsUp(call.CauseNormal)
				recv(t, c.Done())
			})
		})
	}
}

func TestFeaturePickup(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		if a := o.feature("sip/103", "103", "*8"); a.State().Cause != call.CauseUnavailable {
			t.Errorf("*8 with nothing ringing: %+v; want unavailable", a.State())
		}
		o.fxs.Set("106", never)
		caller := o.call("sip/101", "101", "106")
		time.Sleep(3 * time.Second)
		rung := o.fxs.Last("106")
		if rung == nil {
			t.Fatal("106 was not rung")
		}
		picker := o.call("sip/103", "103", "*8")
		time.Sleep(time.Second)
		if st := rung.State(); !st.Ended || !st.ByUs {
			t.Errorf("106 kept ringing after the pickup: %+v", st)
		}
		if !caller.State().Answered || !picker.State().Answered {
			t.Fatalf("caller %+v, picker %+v; want both answered", caller.State(), picker.State())
		}
		hear(t, caller, picker)
		hear(t, picker, caller)
		picker.HangsUp(call.CauseNormal)
		recv(t, caller.Done())
		recs := o.records()
		if len(recs) != 3 {
			t.Fatalf("%d records; want 3", len(recs))
		}
		if r := recs[1]; r.Destination != "sip/103" || r.Cause != "normal" {
			t.Errorf("the picked-up call's record %+v; want answered at sip/103", r)
		}
	})
}

func TestFeatureVoicemail(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t)
		o.feature("fxs/1", "", "*97")
		o.feature("sip/101", "101", "*98105")
		o.feature("sip/102", "102", "*98")
		if a := o.feature("trunk/Provider", "+74951112233", "*97"); a.State().Cause != call.CauseRejected {
			t.Errorf("*97 from a trunk: %+v; want rejected", a.State())
		}
		if got, want := o.vm.listened(), []string{"106", "105", ""}; !slices.Equal(got, want) {
			t.Errorf("mailboxes listened to %q; want %q", got, want)
		}
	})
}
