package scenario

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/store"
)

const did = "+74950000001"

// run calls did from the trunk with a scenario made of elements, lets act
// play the caller, and returns the office for more checks and the path.
func run(t *testing.T, cfg *store.Config, src string, act func(o *office, caller *calltest.Leg)) (*office, []string) {
	t.Helper()
	o := newOffice(t, withScenario(cfg, 1, src, did), workingHours, tuesdayNoon)
	caller := o.call("trunk/Provider", "+79160000000", did)
	if act != nil {
		act(o, caller)
	}
	time.Sleep(2 * time.Minute)
	caller.HangsUp(call.CauseNormal)
	return o, o.path()
}

func TestRingTimeExpires(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := doc(`{"id": "in", "type": "incoming", "next": {"next": "i"}}`,
			`{"id": "i", "type": "internal", "params": {"extension": "105", "ring_time": 20}, "next": {"next": "bye"}}`, bye)
		var endedAt time.Duration
		o, path := run(t, baseConfig(), src, func(o *office, caller *calltest.Leg) {
			o.phones(never, "105")
			o.fxs.Set("105", never)
			start := time.Now()
			<-caller.Done()
			endedAt = time.Since(start)
		})
		samePath(t, path, "in:next", "i:next", "bye:normal")
		if endedAt != 20*time.Second {
			t.Errorf("the call went on after %v; want 20s", endedAt)
		}
		if len(o.sip.dials()) != 1 || len(o.fxs.dials()) != 1 {
			t.Errorf("dialled SIP %v and FXS %v; want 105 on both", o.sip.dials(), o.fxs.dials())
		}
	})
}

func TestGroupStrategies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		strategy string
		step     int
		want     []dial // SIP dials
	}{
		{"all", 0, []dial{{0, "101"}, {0, "102"}, {0, "104"}}},
		// 102 is busy: its turn passes at once.
		{"in_turn", 10, []dial{{0, "101"}, {10 * time.Second, "102"}, {10 * time.Second, "104"}, {20 * time.Second, "101"},
			{30 * time.Second, "102"}, {30 * time.Second, "104"}, {40 * time.Second, "101"}, {50 * time.Second, "102"}, {50 * time.Second, "104"}}},
		// Each member joins those ringing, who are not rung again; 102 is
		// busy, and 104 joins at once.
		{"increasing", 15, []dial{{0, "101"}, {15 * time.Second, "102"}, {15 * time.Second, "104"}}},
	}
	for _, tt := range tests {
		t.Run(tt.strategy, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := baseConfig()
				cfg.Extensions[2].DND = true     // 103
				cfg.Extensions[4].OnDuty = false // 105
				step := ""
				if tt.step > 0 {
					step = fmt.Sprintf(`, "step": %d`, tt.step)
				}
				src := doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
					`{"id": "g", "type": "group", "params": {"members": ["101", "102", "103", "104", "105"], "strategy": "`+tt.strategy+`"`+step+`, "total": 60}, "next": {"next": "bye"}}`, bye)
				o, path := run(t, cfg, src, func(o *office, caller *calltest.Leg) {
					o.phones(never, "101", "104")
					o.phones(calltest.Phone{Busy: true}, "102")
				})
				samePath(t, path, "in:next", "g:next", "bye:normal")
				got := o.sip.dials()
				for i := range got {
					got[i].at = got[i].at.Truncate(time.Second)
				}
				slices.SortStableFunc(got, func(a, b dial) int { return int(a.at - b.at) })
				if !slices.Equal(got, tt.want) {
					t.Errorf("dials %v\nwant %v", got, tt.want)
				}
				if d := o.fxs.dials(); len(d) != 0 {
					t.Errorf("off-duty 105's FXS port was rung: %v", d)
				}
			})
		})
	}
}

func TestGroupAnswered(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`,
			`{"id": "g", "type": "group", "params": {"members": ["101", "102"], "strategy": "in_turn", "step": 5, "total": 60}, "next": {"next": "bye"}}`, bye)
		_, path := run(t, baseConfig(), src, func(o *office, caller *calltest.Leg) {
			o.phones(never, "101")
			o.phones(calltest.Phone{AnswerAfter: 2 * time.Second, HangUpAfter: 10 * time.Second}, "102")
		})
		samePath(t, path, "in:next", "g:answered")
	})
}

const menuDoc = `{"id": "in", "type": "incoming", "next": {"next": "m"}}`

func menu(params string) string {
	return doc(menuDoc,
		`{"id": "m", "type": "menu", "params": `+params+`, "next": {"1": "one", "no_input": "silent", "invalid": "wrong", "dial_failed": "failed", "leave": "left"}}`,
		`{"id": "one", "type": "hangup", "params": {"cause": "normal"}}`,
		`{"id": "silent", "type": "hangup", "params": {"cause": "no_answer"}}`,
		`{"id": "wrong", "type": "hangup", "params": {"cause": "rejected"}}`,
		`{"id": "failed", "type": "hangup", "params": {"cause": "busy"}}`,
		`{"id": "left", "type": "hangup", "params": {"cause": "unavailable"}}`)
}

func TestMenu(t *testing.T) {
	t.Parallel()
	const params = `{"prompt": {"prompt_id": 1}, "keys": ["1"], "repeats": 1, "repeat_key": "*", "leave_key": "0", "direct_dial": true, "dial_ring_time": 10}`
	tests := []struct {
		name  string
		press []string // one per 0.5 s of the first prompt ... "" waits 6 s (a prompt and a timeout)
		want  []string
		ends  time.Duration // when the caller is hung up on, since the call came in
	}{
		{"key", []string{"1"}, []string{"in:next", "m:1", "one:normal"}, 2500 * time.Millisecond},
		{"invalid key", []string{"7"}, []string{"in:next", "m:invalid", "wrong:rejected"}, 500 * time.Millisecond},
		{"no input twice", nil, []string{"in:next", "m:no_input", "silent:no_answer"}, 12 * time.Second},
		{"no input once, then a key", []string{"", "1"}, []string{"in:next", "m:1", "one:normal"}, 8500 * time.Millisecond},
		{"repeat, then leave", []string{"*", "0"}, []string{"in:next", "m:leave", "left:unavailable"}, time.Second},
		{"direct dial, answered", []string{"102"}, []string{"in:next", "m:answered"}, 0},
		{"direct dial, no answer", []string{"103"}, []string{"in:next", "m:dial_failed", "failed:busy"}, 12500 * time.Millisecond},
		{"direct dial, no such extension", []string{"199"}, []string{"in:next", "m:invalid", "wrong:rejected"}, 2500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var ended time.Duration
				_, path := run(t, baseConfig(), menu(params), func(o *office, caller *calltest.Leg) {
					o.phones(calltest.Phone{AnswerAfter: time.Second, HangUpAfter: 5 * time.Second}, "102")
					o.phones(never, "103")
					start := time.Now()
					for _, k := range tt.press {
						if k == "" {
							time.Sleep(6 * time.Second)
							continue
						}
						time.Sleep(500 * time.Millisecond)
						caller.Presses(k)
					}
					if tt.ends > 0 {
						<-caller.Done()
						ended = time.Since(start)
					}
				})
				samePath(t, path, tt.want...)
				if ended != tt.ends {
					t.Errorf("the caller was hung up on after %v; want %v", ended, tt.ends)
				}
			})
		})
	}
}

func TestDecisions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, caller, element string
		want                  string
	}{
		{"list exact", "+79161112233", `{"id": "e", "type": "list", "params": {"list_id": 1}, "next": {"match": "a", "no_match": "b"}}`, "match"},
		{"list exact without +", "79161112233", `{"id": "e", "type": "list", "params": {"list_id": 1}, "next": {"match": "a", "no_match": "b"}}`, "match"},
		{"list prefix", "+74957771234", `{"id": "e", "type": "list", "params": {"list_id": 1}, "next": {"match": "a", "no_match": "b"}}`, "match"},
		{"list miss", "+74951234567", `{"id": "e", "type": "list", "params": {"list_id": 1}, "next": {"match": "b", "no_match": "a"}}`, "no_match"},
		{"condition true", "+7495", `{"id": "e", "type": "condition", "params": {"expression": "caller startsWith '+7495' && hour == 12"}, "next": {"true": "a", "false": "b"}}`, "true"},
		{"condition false", "+7812", `{"id": "e", "type": "condition", "params": {"expression": "caller startsWith '+7495'"}, "next": {"true": "b", "false": "a"}}`, "false"},
		{"conditions first that holds", "+7812", `{"id": "e", "type": "conditions", "params": {"conditions": [{"name": "moscow", "expression": "caller startsWith '+7495'"}, {"name": "spb", "expression": "caller startsWith '+7812'"}]}, "next": {"moscow": "b", "spb": "a", "default": "b"}}`, "spb"},
		{"conditions default", "+7000", `{"id": "e", "type": "conditions", "params": {"conditions": [{"name": "moscow", "expression": "caller startsWith '+7495'"}]}, "next": {"moscow": "b", "default": "a"}}`, "default"},
		{"code", "+79161234567", `{"id": "e", "type": "code", "params": {"variable": "tail", "expression": "caller[-4:]"}, "next": {"next": "c", "error": "b"}}`, "next"},
		{"code error", "+7", `{"id": "e", "type": "code", "params": {"variable": "n", "expression": "int(caller + 'x')"}, "next": {"next": "b", "error": "a"}}`, "error"},
		{"code too big", "+7", `{"id": "e", "type": "code", "params": {"variable": "n", "expression": "len(map(1..100000, {# * 2}))"}, "next": {"next": "b", "error": "a"}}`, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			elements := []string{`{"id": "in", "type": "incoming", "next": {"next": "e"}}`, tt.element,
				`{"id": "a", "type": "hangup"}`, `{"id": "b", "type": "hangup", "params": {"cause": "rejected"}}`}
			if tt.name == "code" { // checks the variable set
				elements = append(elements, `{"id": "c", "type": "condition", "params": {"expression": "tail == '4567'"}, "next": {"true": "a", "false": "b"}}`)
			}
			src := doc(elements...)
			eng := New(Opts{Logger: quiet()})
			eng.Load(context.Background(), withScenario(baseConfig(), 1, src, did), 1)
			tr, err := eng.DryRun(context.Background(), DryRun{Caller: tt.caller, Channel: "trunk/Provider", Called: did, At: tuesdayNoon})
			if err != nil {
				t.Fatal(err)
			}
			p := tracePath(tr)
			if len(p) < 3 || p[1] != "e:"+tt.want || p[len(p)-1] != "a:normal" {
				t.Errorf("path %q; want e:%s and then a", p, tt.want)
			}
		})
	}
}

func TestHTTPRequest(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("n") {
		case "+79160000000":
			if r.Header.Get("X-Token") != "secret" {
				http.Error(w, "no token", http.StatusForbidden)
				return
			}
			fmt.Fprint(w, `{"owner": {"ext": "102", "name": "Anna"}, "tags": ["vip"]}`)
		case "+79160000001":
			fmt.Fprint(w, `{"nobody": true}`)
		default:
			http.Error(w, "unknown", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	src := doc(`{"id": "in", "type": "incoming", "next": {"next": "h"}}`,
		`{"id": "h", "type": "http", "params": {"method": "GET", "url": "`+srv.URL+`/owner?n={{caller}}", "headers": {"X-Token": "secret"}, "timeout": 2,
		  "variables": {"manager": "owner.ext", "tag": "tags.0"}}, "next": {"ok": "c", "error": "b"}}`,
		`{"id": "c", "type": "condition", "params": {"expression": "manager == '102' && tag == 'vip'"}, "next": {"true": "a", "false": "b"}}`,
		`{"id": "a", "type": "hangup"}`, `{"id": "b", "type": "hangup", "params": {"cause": "rejected"}}`)
	tests := []struct{ caller, want string }{
		{"+79160000000", "ok"},
		{"+79160000001", "error"}, // a mapped field is missing
		{"+79160000002", "error"}, // 404
	}
	for _, tt := range tests {
		eng := New(Opts{HTTP: srv.Client(), Logger: quiet()})
		cfg := withScenario(baseConfig(), 1, src, did)
		eng.Load(context.Background(), cfg, 1)
		// A real request, through a simulated call.
		sim := &simCall{in: DryRun{Caller: tt.caller, Channel: "trunk/Provider", Called: did}, now: tuesdayNoon, vars: map[string]string{}}
		x := eng.newExecution(eng.snap.Load(), sim, sim.clock, nil, nil, srv.Client())
		x.inbound(context.Background(), sim.Info())
		p := tracePath(&Trace{Path: x.path})
		if len(p) < 2 || p[1] != "h:"+tt.want {
			t.Errorf("caller %s: path %q; want h:%s", tt.caller, p, tt.want)
		}
		if tt.want == "ok" && p[len(p)-1] != "a:normal" {
			t.Errorf("caller %s: path %q; the variables were not set", tt.caller, p)
		}
	}
}

func TestTalkingElements(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		cfg := baseConfig()
		cfg.Scenarios = append(cfg.Scenarios, store.Scenario{ID: 2, Name: "other", Document: []byte(doc(
			`{"id": "in", "type": "incoming", "next": {"next": "fw"}}`,
			`{"id": "fw", "type": "forward", "params": {"to": "mobile", "extension": "102", "module": "GSM1", "ring_time": 10}, "next": {"next": "vm"}}`,
			`{"id": "vm", "type": "forward", "params": {"to": "voicemail", "mailbox": "102"}}`))})
		src := doc(`{"id": "in", "type": "incoming", "next": {"next": "hi"}}`,
			`{"id": "hi", "type": "speech", "params": {"text": "Hello, caller {{caller}}", "language": "ru"}, "next": {"next": "sms"}}`,
			`{"id": "sms", "type": "sms", "params": {"module": "GSM1", "text": "We got your call at {{time}}"}, "next": {"next": "ext"}}`,
			`{"id": "ext", "type": "external", "params": {"trunk": "Provider", "number": "+74957654321", "ring_time": 15}, "next": {"next": "go"}}`,
			`{"id": "go", "type": "scenario", "params": {"scenario_id": 2}}`)
		o, path := run(t, cfg, src, func(o *office, caller *calltest.Leg) {
			o.trunk.Set("Provider/+74957654321", calltest.Phone{Busy: true})
			o.gsm.Set("GSM1/+79160000002", never)
		})
		samePath(t, path, "in:next", "hi:next", "sms:next", "ext:next", "go:scenario 2", "2/in:next", "2/fw:next", "2/vm:recorded")
		if got := o.speech.texts; !slices.Equal(got, []string{"Hello, caller +79160000000"}) {
			t.Errorf("spoke %q", got)
		}
		if got := o.sms.sent; len(got) != 1 || got[0] != "GSM1|+79160000000|We got your call at 2026-03-10T12:00:00Z" {
			t.Errorf("SMS %q", got)
		}
		if got := o.gsm.dials(); len(got) != 1 || got[0].address != "GSM1/+79160000002" {
			t.Errorf("GSM dials %v; want 102's mobile through GSM1", got)
		}
		if got := o.vm.left(); !slices.Equal(got, []string{"102"}) {
			t.Errorf("voicemail %q", got)
		}
	})
}

// TestRoutes: inbound calls go by their route; a number without one rings
// every extension on duty; calls from extensions go to the dial plan.
func TestRoutes(t *testing.T) {
	t.Parallel()
	hang := func(cause string) string {
		return doc(`{"id": "in", "type": "incoming", "next": {"next": "h"}}`, `{"id": "h", "type": "hangup", "params": {"cause": "`+cause+`"}}`)
	}
	tests := []struct {
		name, channel, called string
		want                  []string
	}{
		{"DID", "trunk/Provider", "+74951111111", []string{"in:next", "h:busy"}},
		{"DID without +", "trunk/Provider", "74951111111", []string{"in:next", "h:busy"}},
		{"FXO line", "fxo/1", "", []string{"in:next", "h:rejected"}},
		{"GSM module", "gsm/1", "+79990000000", []string{"in:next", "h:congestion"}},
		{"any", "gsm/2", "", []string{"in:next", "h:not_found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				cfg := baseConfig()
				withScenario(cfg, 1, hang("busy"), "+74951111111")
				withScenario(cfg, 2, hang("rejected"), "")
				withScenario(cfg, 3, hang("congestion"), "")
				withScenario(cfg, 4, hang("not_found"), "")
				cfg.InboundRoutes = append(cfg.InboundRoutes,
					store.InboundRoute{ID: 10, Name: "any", Source: store.SourceAny, ScenarioID: 4},
					store.InboundRoute{ID: 11, Name: "city", Source: store.SourceFXO, FXOLineID: ptr(int64(1)), ScenarioID: 2},
					store.InboundRoute{ID: 12, Name: "mobile", Source: store.SourceGSM, GSMModuleID: ptr(int64(1)), ScenarioID: 3})
				o := newOffice(t, cfg, workingHours, tuesdayNoon)
				caller := o.call(tt.channel, "+79160000000", tt.called)
				samePath(t, o.path(), tt.want...)
				_, name, _ := strings.Cut(tt.want[len(tt.want)-1], ":")
				if st := caller.State(); st.Cause != hangupCauses[name] {
					t.Errorf("the caller was hung up with %v; want %s", st.Cause, name)
				}
			})
		})
	}
	t.Run("no route rings everyone on duty", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			cfg := baseConfig()
			cfg.Extensions[1].OnDuty = false // 102
			cfg.Extensions[2].DND = true     // 103
			o := newOffice(t, cfg, workingHours, tuesdayNoon)
			o.phones(never, "101", "104", "105")
			o.fxs.Set("105", calltest.Phone{AnswerAfter: 3 * time.Second, HangUpAfter: time.Second})
			o.call("trunk/Provider", "+79160000000", "+74959999999")
			time.Sleep(10 * time.Second)
			samePath(t, o.path(), "incoming:next", "everyone:answered")
			var got []string
			for _, d := range o.sip.dials() {
				got = append(got, d.address)
			}
			if !slices.Equal(got, []string{"101", "104", "105"}) {
				t.Errorf("rang %q; want the extensions on duty", got)
			}
		})
	})
	t.Run("extensions go to the dial plan", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			o := newOffice(t, baseConfig(), workingHours, tuesdayNoon)
			o.call("sip/101", "101", "102")
			o.path()
			if !slices.Equal(o.dialplan, []string{"sip/101"}) {
				t.Errorf("dial plan got %q", o.dialplan)
			}
		})
	})
}

// TestChangeDuringCall: a call in progress finishes on the scenario it
// started with; a new call takes the saved change.
func TestChangeDuringCall(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		v1 := menu(`{"prompt": {"prompt_id": 1}, "keys": ["1"], "leave_key": "0", "direct_dial": true}`)
		v2 := doc(`{"id": "in", "type": "incoming", "next": {"next": "x"}}`, `{"id": "x", "type": "hangup", "params": {"cause": "busy"}}`)
		o := newOffice(t, withScenario(baseConfig(), 1, v1, did), workingHours, tuesdayNoon)
		first := o.call("trunk/Provider", "+79160000000", did)
		time.Sleep(500 * time.Millisecond) // in the menu
		o.eng.Load(context.Background(), withScenario(baseConfig(), 1, v2, did), 2)
		second := o.call("trunk/Provider", "+79160000001", did)
		first.Presses("1") // and 2 s later the menu takes it
		<-first.Done()
		<-second.Done()
		synctest.Wait()
		ctx := context.Background()
		o.sw.Shutdown(ctx)
		var paths []string
		for _, r := range o.recs.All() {
			paths = append(paths, fmt.Sprintf("%s %q", r.Caller, recordPath(t, r)))
		}
		slices.Sort(paths)
		want := []string{`+79160000000 ["in:next" "m:1" "one:normal"]`, `+79160000001 ["in:next" "x:busy"]`}
		if !slices.Equal(paths, want) {
			t.Errorf("paths %q; want %q", paths, want)
		}
	})
}

// TestLoopGuard: scenarios that jump to each other forever are hung up on.
func TestLoopGuard(t *testing.T) {
	t.Parallel()
	cfg := baseConfig()
	withScenario(cfg, 1, doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`, `{"id": "g", "type": "scenario", "params": {"scenario_id": 2}}`), did)
	withScenario(cfg, 2, doc(`{"id": "in", "type": "incoming", "next": {"next": "g"}}`, `{"id": "g", "type": "scenario", "params": {"scenario_id": 1}}`), "")
	eng := New(Opts{Logger: quiet()})
	eng.Load(context.Background(), cfg, 1)
	tr, err := eng.DryRun(context.Background(), DryRun{Caller: "1", Channel: "trunk/Provider", Called: did})
	if err != nil {
		t.Fatal(err)
	}
	if last := tr.Path[len(tr.Path)-1]; last.Outcome != "loop" || len(tr.Path) > maxInstant+1 {
		t.Errorf("path of %d steps ending %+v; want it cut short as a loop", len(tr.Path), last)
	}
}

// TestHangupCauses: the hang-up element offers every cause of the switch,
// by the name call records give it.
func TestHangupCauses(t *testing.T) {
	for c := call.CauseNormal; c <= call.CauseNotFound; c++ {
		if got, ok := hangupCauses[c.String()]; !ok || got != c {
			t.Errorf("hangupCauses[%q] = %v, %v; want %v", c.String(), got, ok, c)
		}
	}
	v := &checker{}
	(&Hangup{Cause: "gone"}).check(v)
	if len(v.problems) == 0 || !strings.Contains(v.problems[0].Message, "not_found") {
		t.Errorf("a hang-up with cause \"gone\": problems %+v; want one naming the causes, not_found among them", v.problems)
	}
}
