package queue

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// outcome is how one test caller left its queue.
type outcome struct {
	result Result
	at     time.Duration // since the test began
	agent  string        // who answered
	err    error
}

// office is a switch whose calls all wait in one queue, with fake SIP
// phones for agents. It must be made inside a synctest bubble.
type office struct {
	t     *testing.T
	svc   *Service
	sip   *calltest.Dialer
	sw    *call.Switch
	start time.Time
	opts  func(caller string) Call

	mu        sync.Mutex
	outcomes  map[string]outcome
	positions map[string][]int
	talk      map[string]time.Duration // how long each caller talks once answered
}

func newOffice(t *testing.T, agents []string, phone calltest.Phone, opts func(caller string) Call) *office {
	o := &office{t: t, svc: New(Opts{Logger: quiet()}), sip: calltest.NewDialer("sip", nil), start: time.Now(), opts: opts,
		outcomes: map[string]outcome{}, positions: map[string][]int{}, talk: map[string]time.Duration{}}
	for _, a := range agents {
		o.sip.Set(a, phone)
	}
	o.sw = call.New(call.Options{Dialers: map[string]call.Dialer{"sip": o.sip}, Handler: o.handle, Logger: quiet()})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		o.sw.Shutdown(ctx)
	})
	return o
}

// agents returns Agents for extension numbers, one SIP phone each.
func agents(numbers ...string) []Agent {
	var out []Agent
	for _, n := range numbers {
		out = append(out, Agent{Number: n, Targets: []call.Target{{Kind: "sip", Address: n}}})
	}
	return out
}

func (o *office) handle(ctx context.Context, c call.Control) {
	who := c.Info().Caller.Number
	q := o.opts(who)
	var agent string
	q.Talk = func(ctx context.Context, leg call.Leg) {
		agent = leg.Remote().Number
		o.mu.Lock()
		d := o.talk[who]
		o.mu.Unlock()
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
	}
	q.Position = func(ctx context.Context, n int) (call.FrameSource, error) {
		o.mu.Lock()
		o.positions[who] = append(o.positions[who], n)
		o.mu.Unlock()
		return &calltest.Source{Frames: make([]call.Frame, 100)}, nil // 2 s
	}
	if o.opts(who).Position == nil {
		q.Position = nil
	}
	r, err := o.svc.Wait(ctx, c, q)
	o.mu.Lock()
	o.outcomes[who] = outcome{r, time.Since(o.start), agent, err}
	o.mu.Unlock()
	c.Hangup(ctx, call.CauseNormal)
}

// call makes caller call in at time at (since the office started), to
// talk for talk once an agent answers.
func (o *office) call(caller string, at, talk time.Duration) *calltest.Leg {
	o.mu.Lock()
	o.talk[caller] = talk
	o.mu.Unlock()
	time.Sleep(time.Until(o.start.Add(at)))
	leg := calltest.NewLeg("trunk/Provider", call.Party{Number: caller})
	o.sw.Incoming(leg, "100")
	return leg
}

func (o *office) result(caller string) outcome {
	o.t.Helper()
	synctest.Wait()
	o.mu.Lock()
	defer o.mu.Unlock()
	r, ok := o.outcomes[caller]
	if !ok {
		o.t.Fatalf("caller %s has not left the queue", caller)
	}
	return r
}

func basic(strategy Strategy, numbers ...string) func(string) Call {
	return func(string) Call {
		return Call{Queue: "support", Agents: agents(numbers...), Strategy: strategy, MaxWait: 10 * time.Minute}
	}
}

func TestStrategies(t *testing.T) {
	t.Parallel()
	// Callers: c1 at 0 s talks 50 s, c2 at 2 s talks 10 s, c3 at 20 s
	// talks 5 s, c4 at 60 s. Agent 101 answers after 1 s, 102 after 2 s,
	// 103 after 3 s.
	tests := []struct {
		strategy Strategy
		want     []string // who answers c1 to c4
	}{
		{RingAll, []string{"101", "102", "102", "101"}},
		{RoundRobin, []string{"101", "102", "103", "101"}},
		// At 60 s, 102 (free since 14 s) has waited longest.
		{LeastRecent, []string{"101", "102", "103", "102"}},
		{FewestCalls, []string{"101", "102", "103", "101"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.strategy), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				o := newOffice(t, []string{"101"}, calltest.Phone{AnswerAfter: time.Second}, basic(tt.strategy, "101", "102", "103"))
				o.sip.Set("102", calltest.Phone{AnswerAfter: 2 * time.Second})
				o.sip.Set("103", calltest.Phone{AnswerAfter: 3 * time.Second})
				o.call("c1", 0, 50*time.Second)
				o.call("c2", 2*time.Second, 10*time.Second)
				o.call("c3", 20*time.Second, 5*time.Second)
				o.call("c4", 60*time.Second, 5*time.Second)
				time.Sleep(2 * time.Minute)
				var got []string
				for _, c := range []string{"c1", "c2", "c3", "c4"} {
					r := o.result(c)
					if r.result != Answered {
						t.Errorf("%s left by %v; want answered", c, r.result)
					}
					got = append(got, r.agent)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("agents %v; want %v", got, tt.want)
				}
			})
		})
	}
}

func TestPick(t *testing.T) {
	t.Parallel()
	as := agents("101", "102", "103")
	stats := map[string]*agentStats{
		"101": {calls: 5, lastEnd: time.Unix(100, 0)},
		"102": {calls: 1, lastEnd: time.Unix(300, 0)},
		"103": {calls: 3, lastEnd: time.Unix(200, 0)},
	}
	tests := []struct {
		s    Strategy
		free []int
		last string
		want []int
	}{
		{RingAll, []int{0, 2}, "", []int{0, 2}},
		{RoundRobin, []int{0, 1, 2}, "102", []int{2}},
		{RoundRobin, []int{0, 1}, "102", []int{0}}, // round and round
		{RoundRobin, []int{1, 2}, "", []int{1}},
		{LeastRecent, []int{0, 1, 2}, "", []int{0}},
		{LeastRecent, []int{1, 2}, "", []int{2}},
		{FewestCalls, []int{0, 1, 2}, "", []int{1}},
		{FewestCalls, []int{0, 2}, "", []int{2}},
		{FewestCalls, nil, "", nil},
	}
	for _, tt := range tests {
		if got := tt.s.pick(as, tt.free, stats, tt.last); !slices.Equal(got, tt.want) {
			t.Errorf("%s.pick(free %v, last %q) = %v; want %v", tt.s, tt.free, tt.last, got, tt.want)
		}
	}
}

func TestSkipsUnavailableAgents(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		opts := func(string) Call {
			c := basic(RingAll, "101", "102", "103")("")
			c.Available = func(n string) bool { return n != "101" } // on do-not-disturb
			return c
		}
		o := newOffice(t, []string{"101", "102", "103"}, calltest.Phone{AnswerAfter: 3 * time.Second}, opts)
		o.sip.Set("102", calltest.Phone{Busy: true})
		o.call("c1", 0, 10*time.Second)
		time.Sleep(time.Minute)
		if r := o.result("c1"); r.result != Answered || r.agent != "103" {
			t.Errorf("c1: %v by %q; want answered by 103", r.result, r.agent)
		}
		if l := o.sip.Last("101"); l != nil {
			t.Errorf("101, on do-not-disturb, was rung")
		}
	})
}

func TestMaxWaitTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		opts := func(string) Call {
			c := basic(RoundRobin, "101", "102")("")
			c.MaxWait = time.Minute
			return c
		}
		o := newOffice(t, []string{"101", "102"}, calltest.Phone{AnswerAfter: calltest.Never}, opts)
		leg := o.call("c1", 0, 0)
		time.Sleep(2 * time.Minute)
		r := o.result("c1")
		if r.result != Timeout || r.at != time.Minute || r.err != nil {
			t.Errorf("c1 left by %v at %v (err %v); want timeout at 1m", r.result, r.at, r.err)
		}
		// 0-15 s 101, 20-35 s 102, 40-55 s 101: music between attempts.
		if n := len(o.sip.Legs()); n != 3 {
			t.Errorf("%d attempts; want 3", n)
		}
		if leg.PCM().Writes() == 0 {
			t.Error("the caller heard nothing while waiting")
		}
		if n := o.svc.Waiting("support"); n != 0 {
			t.Errorf("%d callers still waiting", n)
		}
	})
}

func TestExitKey(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		opts := func(string) Call {
			c := basic(RingAll, "101")("")
			c.ExitKey = '0'
			c.RingTime = 5 * time.Second
			return c
		}
		o := newOffice(t, []string{"101"}, calltest.Phone{AnswerAfter: calltest.Never}, opts)
		leg := o.call("c1", 0, 0)
		time.Sleep(7 * time.Second) // ringing 101, then music
		leg.Presses("0")
		time.Sleep(time.Minute)
		r := o.result("c1")
		if r.result != Exit || r.at != 7*time.Second {
			t.Errorf("c1 left by %v at %v; want exit at 7s", r.result, r.at)
		}
		if n := len(o.sip.Legs()); n != 1 {
			t.Errorf("%d attempts; want 1", n)
		}
	})
}

func TestPositionAnnouncements(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		opts := func(caller string) Call {
			c := basic(RingAll, "101")("")
			c.AnnounceEvery = 20 * time.Second
			c.Position = func(context.Context, int) (call.FrameSource, error) { return nil, nil } // replaced by the office
			return c
		}
		o := newOffice(t, []string{"101"}, calltest.Phone{AnswerAfter: time.Second}, opts)
		o.call("c0", 0, 30*time.Second) // 101 talks to c0 from 1 s to 31 s
		o.call("c1", 2*time.Second, 30*time.Second)
		o.call("c2", 3*time.Second, 10*time.Second)
		time.Sleep(3 * time.Minute)
		o.mu.Lock()
		defer o.mu.Unlock()
		// c1 is answered at 32 s; c2 hears its position at 3 s, 25 s (20
		// s after the first ended), and 47 s, then is answered at 63 s.
		want := map[string][]int{"c0": nil, "c1": {1, 1}, "c2": {2, 2, 1}}
		for c, w := range want {
			if got := o.positions[c]; !slices.Equal(got, w) {
				t.Errorf("%s heard positions %v; want %v", c, got, w)
			}
		}
	})
}

func TestServedInOrder(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t, []string{"101"}, calltest.Phone{AnswerAfter: time.Second}, basic(LeastRecent, "101"))
		o.call("c0", 0, 20*time.Second)
		o.call("c1", 5*time.Second, 20*time.Second)
		o.call("c2", 6*time.Second, 20*time.Second)
		o.call("c3", 7*time.Second, 20*time.Second)
		time.Sleep(5 * time.Minute)
		var ends []time.Duration
		for _, c := range []string{"c0", "c1", "c2", "c3"} {
			r := o.result(c)
			if r.result != Answered {
				t.Fatalf("%s left by %v; want answered", c, r.result)
			}
			ends = append(ends, r.at)
		}
		if !slices.IsSorted(ends) {
			t.Errorf("callers done at %v; want in the order they called", ends)
		}
	})
}

func TestCallerHangsUp(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t, []string{"101"}, calltest.Phone{AnswerAfter: time.Second}, basic(RingAll, "101"))
		o.call("c0", 0, time.Minute)
		c1 := o.call("c1", time.Second, 0)
		o.call("c2", 2*time.Second, 5*time.Second)
		time.Sleep(10 * time.Second)
		if n := o.svc.Waiting("support"); n != 2 {
			t.Fatalf("%d waiting; want 2", n)
		}
		c1.HangsUp(call.CauseNormal)
		synctest.Wait()
		if n := o.svc.Waiting("support"); n != 1 {
			t.Errorf("%d waiting after c1 hung up; want 1", n)
		}
		time.Sleep(2 * time.Minute)
		if r := o.result("c1"); r.err == nil {
			t.Errorf("c1 left by %v; want the hang-up error", r.result)
		}
		if r := o.result("c2"); r.result != Answered {
			t.Errorf("c2 left by %v; want answered", r.result)
		}
	})
}

func TestStopLetsCallersGo(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		o := newOffice(t, []string{"101"}, calltest.Phone{AnswerAfter: calltest.Never}, basic(RingAll, "101"))
		o.call("c1", 0, 0) // being rung
		o.call("c2", time.Second, 0)
		time.Sleep(9 * time.Second)
		o.svc.Stop()
		synctest.Wait()
		for _, c := range []string{"c1", "c2"} {
			if r := o.result(c); r.result != Timeout || r.at != 10*time.Second {
				t.Errorf("%s left by %v at %v; want timeout at 10s", c, r.result, r.at)
			}
		}
		o.call("c3", 20*time.Second, 0)
		if r := o.result("c3"); r.result != Timeout {
			t.Errorf("c3, after the stop, left by %v; want timeout", r.result)
		}
	})
}

// noEarlyLeg is a caller's leg on a line without early media, as a GSM
// call that still rings: Progress with early media fails.
type noEarlyLeg struct{ *calltest.Leg }

func (l noEarlyLeg) Progress(ctx context.Context, early bool) error {
	if early {
		return errors.New("test: this line has no early media")
	}
	return l.Leg.Progress(ctx, early)
}

// TestEarlyMedia: in a queue with early media the caller hears the music
// between attempts without being answered, and is answered when the agent
// answers, 21 s in; a caller whose line cannot take early media is
// answered when the music starts, as are the callers of a queue without
// it.
func TestEarlyMedia(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		early    bool
		noEarly  bool // the caller's line cannot take early media
		answered bool // 7 s in, during the music, before the agent answers
	}{
		{"early media", true, false, false},
		{"the line has none", true, true, true},
		{"off", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				music := calltest.Tone(555)
				svc := New(Opts{Logger: quiet()})
				sip := calltest.NewDialer("sip", nil)
				sip.Set("101", calltest.Phone{AnswerAfter: calltest.Never})
				handle := func(ctx context.Context, c call.Control) {
					q := basic(RingAll, "101")("")
					q.RingTime = 5 * time.Second // 0-5 s and 10-15 s ringing, music between
					q.EarlyMedia = tt.early
					q.Music = func(context.Context) (call.FrameSource, error) {
						return &calltest.Source{Frames: []call.Frame{music, music, music}}, nil
					}
					svc.Wait(ctx, c, q)
				}
				sw := call.New(call.Options{Dialers: map[string]call.Dialer{"sip": sip}, Handler: handle, Logger: quiet()})
				defer func() {
					ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
					defer cancel()
					sw.Shutdown(ctx)
				}()
				leg := calltest.NewLeg("trunk/Provider", call.Party{Number: "c1"})
				var in call.Leg = leg
				if tt.noEarly {
					in = noEarlyLeg{leg}
				}
				sw.Incoming(in, "100")
				time.Sleep(7 * time.Second)
				st := leg.State()
				if st.Answered != tt.answered || st.Early != (tt.early && !tt.noEarly) {
					t.Errorf("the caller 7 s into the wait: answered %v, early media %v; want %v, %v",
						st.Answered, st.Early, tt.answered, tt.early && !tt.noEarly)
				}
				if !slices.Contains(leg.Heard(), music) {
					t.Error("the caller did not hear the music while waiting")
				}
				sip.Set("101", calltest.Phone{AnswerAfter: time.Second}) // the third attempt, 20 s in
				time.Sleep(15 * time.Second)
				if !leg.State().Answered {
					t.Error("the caller is not answered once the agent answered")
				}
				leg.HangsUp(call.CauseNormal)
			})
		})
	}
}
