package scenario

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

// optionsConfig is baseConfig with scenario 1 (ring 101 until answered)
// on a route from did that follows schedule 1, scenario 2 (hang up at once),
// and opts for the route when not nil.
func optionsConfig(opts *store.RouteOptions) *store.Config {
	cfg := withScenario(baseConfig(), 1, doc(`{"id": "in", "type": "incoming", "next": {"next": "i"}}`,
		`{"id": "i", "type": "internal", "params": {"extension": "101"}}`), did)
	cfg = withScenario(cfg, 2, doc(`{"id": "in", "type": "incoming", "next": {"next": "bye"}}`, bye), "")
	cfg.InboundRoutes[0].ScheduleID = ptr(int64(1))
	if opts != nil {
		o := *opts
		o.ID, o.RouteID = 1, cfg.InboundRoutes[0].ID
		cfg.RouteOptions = []store.RouteOptions{o}
	}
	return cfg
}

// runAt calls did from the trunk at the time at, lets act play the
// caller, and returns the office, the path and the call's variables.
func runAt(t *testing.T, cfg *store.Config, at time.Time, act func(o *office, caller *calltest.Leg)) (*office, []string, map[string]string) {
	t.Helper()
	o := newOffice(t, cfg, workingHours, at)
	o.phones(calltest.Phone{}, "101")
	caller := o.call("trunk/Provider", "+79160000000", did)
	if act != nil {
		act(o, caller)
	}
	time.Sleep(2 * time.Minute)
	caller.HangsUp(call.CauseNormal)
	path := o.path()
	var d struct {
		Variables map[string]string `json:"variables"`
	}
	if err := json.Unmarshal(o.recs.All()[0].Details, &d); err != nil {
		t.Fatal(err)
	}
	return o, path, d.Variables
}

func TestAfterHours(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *store.RouteOptions
		at   time.Time
		want []string
	}{
		{"no options in hours", nil, tuesdayNoon, []string{"in:next", "i:answered"}},
		{"no options after hours", nil, saturdayNight, []string{"in:next", "i:answered"}},
		{"no action after hours", &store.RouteOptions{AfterHoursAction: store.AfterHoursNone}, saturdayNight,
			[]string{"in:next", "i:answered"}},
		{"in hours", &store.RouteOptions{AfterHoursAction: store.AfterHoursHangup, WorkingInterval: "working"}, tuesdayNoon,
			[]string{"in:next", "i:answered"}},
		{"scenario", &store.RouteOptions{AfterHoursAction: store.AfterHoursScenario, AfterHoursScenarioID: ptr(int64(2))}, saturdayNight,
			[]string{"after_hours:scenario 2", "2/in:next", "2/bye:normal"}},
		{"voicemail", &store.RouteOptions{AfterHoursAction: store.AfterHoursVoicemail, AfterHoursMailbox: "101"}, saturdayNight,
			[]string{"after_hours:recorded"}},
		{"forward", &store.RouteOptions{AfterHoursAction: store.AfterHoursForward, AfterHoursNumber: "+79990001122"}, saturdayNight,
			[]string{"after_hours:answered"}},
		{"hangup", &store.RouteOptions{AfterHoursAction: store.AfterHoursHangup}, saturdayNight,
			[]string{"after_hours:normal"}},
		// Working hours count as out of a "lunch" interval the schedule
		// never gives.
		{"other working interval", &store.RouteOptions{AfterHoursAction: store.AfterHoursHangup, WorkingInterval: "lunch"}, tuesdayNoon,
			[]string{"after_hours:normal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := optionsConfig(tt.opts)
				o, path, _ := runAt(t, cfg, tt.at, func(o *office, caller *calltest.Leg) {
					o.trunk.Set("Provider/+79990001122", calltest.Phone{})
				})
				samePath(t, path, tt.want...)
				wantVM := []string(nil)
				if tt.name == "voicemail" {
					wantVM = []string{"101"}
				}
				if got := o.vm.left(); !slices.Equal(got, wantVM) {
					t.Errorf("messages left in %q; want %q", got, wantVM)
				}
				var wantTrunk []dial
				if tt.name == "forward" {
					wantTrunk = []dial{{0, "Provider/+79990001122"}}
				}
				if got := o.trunk.dials(); !slices.Equal(got, wantTrunk) {
					t.Errorf("trunk dials %v; want %v", got, wantTrunk)
				}
				rang101 := len(o.sip.dials()) > 0
				if wantScenario := tt.want[0] == "in:next"; rang101 != wantScenario {
					t.Errorf("101 rang: %v; want %v", rang101, wantScenario)
				}
			})
		})
	}
}

// TestAfterHoursForwardTrunk: the route's own trunk wins over the one the
// call came in on.
func TestAfterHoursForwardTrunk(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursForward, AfterHoursNumber: "+79990001122"})
		cfg.SIPTrunks = append(cfg.SIPTrunks, store.SIPTrunk{ID: 2, Name: "Backup"})
		cfg.InboundRoutes[0].Source, cfg.InboundRoutes[0].DID = store.SourceAny, ""
		cfg.InboundRoutes[0].SIPTrunkID = ptr(int64(2))
		o, path, _ := runAt(t, cfg, saturdayNight, func(o *office, caller *calltest.Leg) {
			o.trunk.Set("Backup/+79990001122", calltest.Phone{})
		})
		samePath(t, path, "after_hours:answered")
		if got := o.trunk.dials(); len(got) != 1 || got[0].address != "Backup/+79990001122" {
			t.Errorf("trunk dials %v; want Backup/+79990001122", got)
		}
	})
}

// TestAfterHoursDryRun: the dry run takes the after-hours action too.
func TestAfterHoursDryRun(t *testing.T) {
	t.Parallel()
	eng := New(Opts{Schedules: workingHours, Logger: quiet()})
	eng.Load(context.Background(), optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursHangup}), 1)
	for _, tt := range []struct {
		at   time.Time
		want []string
	}{
		{saturdayNight, []string{"after_hours:normal"}},
		{tuesdayNoon, []string{"in:next", "i:answered"}},
	} {
		tr, err := eng.DryRun(context.Background(), DryRun{Caller: "+79160000000", Channel: "trunk/Provider", Called: did, At: tt.at,
			Phones: map[string]DryPhone{"sip/101": {}}})
		if err != nil {
			t.Fatal(err)
		}
		samePath(t, tracePath(tr), tt.want...)
	}
}

func TestRating(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rate   bool
		press  string        // what the caller presses
		at     time.Duration // after the callee hangs up
		want   string        // the rating kept
		asked  bool
		endsAt time.Duration // when the caller is hung up on, after the callee hung up
	}{
		{"after the question", true, "4", 3 * time.Second, "4", true, 3 * time.Second},
		{"during the question", true, "5", time.Second, "5", true, time.Second},
		{"no key", true, "", 0, "", true, 7 * time.Second}, // 2 s question, 5 s wait
		{"not a rating", true, "9", 3 * time.Second, "", true, 3 * time.Second},
		{"not asked", false, "4", 3 * time.Second, "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, RateCalls: tt.rate})
				var endedAt time.Duration
				o, path, vars := runAt(t, cfg, tuesdayNoon, func(o *office, caller *calltest.Leg) {
					o.phones(calltest.Phone{HangUpAfter: 30 * time.Second}, "101")
					time.Sleep(30 * time.Second)
					synctest.Wait()
					start := time.Now()
					ended := make(chan time.Duration, 1)
					go func() {
						<-caller.Done()
						ended <- time.Since(start)
					}()
					if tt.press != "" {
						time.Sleep(tt.at)
						caller.Presses(tt.press)
					}
					endedAt = <-ended
				})
				samePath(t, path, "in:next", "i:answered")
				if got, ok := vars[VarRating]; got != tt.want || ok != (tt.want != "") {
					t.Errorf("rating = %q (set %v); want %q", got, ok, tt.want)
				}
				if asked := slices.Contains(o.speech.texts, phrasesIn("en").rating); asked != tt.asked {
					t.Errorf("asked for a rating: %v; want %v", asked, tt.asked)
				}
				// Within a few frames: the bridge sees the hangup at a frame.
				if endedAt < tt.endsAt || endedAt > tt.endsAt+100*time.Millisecond {
					t.Errorf("the caller was hung up on %v after the callee; want %v", endedAt, tt.endsAt)
				}
			})
		})
	}
}

// TestRatingNotWhenCallerHangsUp: a caller who hangs up first is not asked.
func TestRatingNotWhenCallerHangsUp(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		cfg := optionsConfig(&store.RouteOptions{AfterHoursAction: store.AfterHoursNone, RateCalls: true})
		o, path, vars := runAt(t, cfg, tuesdayNoon, nil)
		samePath(t, path, "in:next", "i:answered")
		if _, ok := vars[VarRating]; ok || len(o.speech.texts) != 0 {
			t.Errorf("rating %q, spoken %q; want neither", vars[VarRating], o.speech.texts)
		}
	})
}
