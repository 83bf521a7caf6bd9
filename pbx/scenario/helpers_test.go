package scenario

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/call/calltest"
	"github.com/hookflash/firmware/pbx/conf"
	"github.com/hookflash/firmware/pbx/store"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func ptr[T any](v T) *T { return &v }

// baseConfig is a small office: extensions 101 (the manager) to 105, each
// with a SIP phone, 105 also on FXS port 1; the "important clients" list
// (ID 1); a schedule (ID 1); prompts 1 (menu) and 2 (closed); a trunk
// "Provider"; an FXO line on port 1 and a GSM module in slot 1.
func baseConfig() *store.Config {
	cfg := &store.Config{
		SIPTrunks:         []store.SIPTrunk{{ID: 1, Name: "Provider"}},
		FXOLines:          []store.FXOLine{{ID: 1, Port: 1, Name: "City"}},
		GSMModules:        []store.GSMModule{{ID: 1, Slot: 1, Name: "GSM1"}},
		NumberLists:       []store.NumberList{{ID: 1, Name: "Important clients", Kind: "white"}},
		NumberListEntries: []store.NumberListEntry{{ID: 1, ListID: 1, Pattern: "+79161112233"}, {ID: 2, ListID: 1, Pattern: "7495777", Prefix: true}},
		Schedules:         []store.Schedule{{ID: 1, Name: "Office", TimeZone: "Europe/Moscow"}},
		Prompts:           []store.Prompt{{ID: 1, Name: "menu", File: "menu.wav"}, {ID: 2, Name: "closed", File: "closed.wav"}},
	}
	for i, n := range []string{"101", "102", "103", "104", "105"} {
		id := int64(i + 1)
		cfg.Extensions = append(cfg.Extensions, store.Extension{ID: id, Number: n, Name: "Ext " + n, OnDuty: true, Voicemail: true, Mobile: "+7916000000" + n[2:], Outbound: store.OutboundInternal})
		cfg.SIPDevices = append(cfg.SIPDevices, store.SIPDevice{ID: id, ExtensionID: id, Username: n})
	}
	cfg.FXSPorts = []store.FXSPort{{ID: 1, Port: 1, ExtensionID: ptr(int64(5))}}
	return cfg
}

// withScenario adds scenario id with the document and, when did is not
// empty, a route from that DID to it.
func withScenario(cfg *store.Config, id int64, doc string, did string) *store.Config {
	cfg.Scenarios = append(cfg.Scenarios, store.Scenario{ID: id, Name: "s" + string(rune('0'+id)), Document: json.RawMessage(doc)})
	if did != "" {
		cfg.InboundRoutes = append(cfg.InboundRoutes, store.InboundRoute{ID: int64(len(cfg.InboundRoutes) + 1), Name: "route " + did,
			Source: store.SourceDID, DID: did, ScenarioID: id})
	}
	return cfg
}

// fakeSchedules returns the interval its func says.
type fakeSchedules func(t time.Time) string

func (f fakeSchedules) IntervalAt(ctx context.Context, id int64, t time.Time) (string, error) {
	return f(t), nil
}

// workingHours is 9:00 to 18:00 UTC, Monday to Friday.
var workingHours = fakeSchedules(func(t time.Time) string {
	if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday || t.UTC().Hour() < 9 || t.UTC().Hour() >= 18 {
		return IntervalNonWorking
	}
	return IntervalWorking
})

// fakePrompts plays every prompt for a second.
type fakePrompts struct{}

func (fakePrompts) Open(ctx context.Context, id int64) (call.FrameSource, error) {
	return &calltest.Source{Frames: make([]call.Frame, 50)}, nil
}

// fakeSpeech speaks every text for two seconds and keeps the texts and
// their languages.
type fakeSpeech struct {
	mu    sync.Mutex
	texts []string
	langs []string // the language of each text
}

func (f *fakeSpeech) Say(ctx context.Context, text string, o SpeechOpts) (call.FrameSource, error) {
	f.mu.Lock()
	f.texts = append(f.texts, text)
	f.langs = append(f.langs, o.Language)
	f.mu.Unlock()
	return &calltest.Source{Frames: make([]call.Frame, 100)}, nil
}

// fakeVoicemail records 5 s of the caller into a mailbox, and keeps the
// route's greeting it was given.
type fakeVoicemail struct {
	mu        sync.Mutex
	boxes     []string
	greetings []int64
}

func (f *fakeVoicemail) LeaveGreeted(ctx context.Context, c call.Control, mailbox string, greeting int64) error {
	var sink calltest.Sink
	if _, err := c.Record(ctx, &sink, 5*time.Second, ""); err != nil {
		return err
	}
	f.mu.Lock()
	f.boxes = append(f.boxes, mailbox)
	f.greetings = append(f.greetings, greeting)
	f.mu.Unlock()
	return nil
}

func (f *fakeVoicemail) left() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.boxes)
}

// fakeSMS keeps what it was asked to send.
type fakeSMS struct {
	mu   sync.Mutex
	sent []string
}

func (f *fakeSMS) QueueSMS(ctx context.Context, module, to, text string) error {
	f.mu.Lock()
	f.sent = append(f.sent, module+"|"+to+"|"+text)
	f.mu.Unlock()
	return nil
}

// dial is one Dial a logDialer saw.
type dial struct {
	at      time.Duration // since the office started
	address string
}

// logDialer is a calltest.Dialer that logs when it dials what.
type logDialer struct {
	*calltest.Dialer
	start time.Time
	mu    sync.Mutex
	log   []dial
}

func (d *logDialer) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	d.mu.Lock()
	d.log = append(d.log, dial{time.Since(d.start), address})
	d.mu.Unlock()
	return d.Dialer.Dial(ctx, address, from)
}

func (d *logDialer) dials() []dial {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.log)
}

// office is a switch whose handler is an Engine, with fake dialers and
// services. It must be made inside a synctest bubble.
type office struct {
	t                    *testing.T
	eng                  *Engine
	sw                   *call.Switch
	sip, fxs, trunk, gsm *logDialer
	rooms                *conf.Service
	recs                 *calltest.Records
	vm                   *fakeVoicemail
	sms                  *fakeSMS
	speech               *fakeSpeech
	dialplan             []string // channels the dial plan got
	mu                   sync.Mutex
}

func newOffice(t *testing.T, cfg *store.Config, sched Schedules, at time.Time) *office {
	now := time.Now()
	clock := time.Now
	if !at.IsZero() {
		clock = func() time.Time { return at.Add(time.Since(now)) }
	}
	o := &office{t: t, recs: &calltest.Records{}, vm: &fakeVoicemail{}, sms: &fakeSMS{}, speech: &fakeSpeech{}}
	mk := func(kind string) *logDialer { return &logDialer{Dialer: calltest.NewDialer(kind, nil), start: now} }
	o.sip, o.fxs, o.trunk, o.gsm = mk("sip"), mk("fxs"), mk("trunk"), mk("gsm")
	o.rooms = conf.New(conf.Opts{Logger: quiet()})
	o.eng = New(Opts{Now: clock, Schedules: sched, Prompts: fakePrompts{}, Speech: o.speech, Voicemail: o.vm, SMS: o.sms, Logger: quiet(),
		Dialplan: func(ctx context.Context, c call.Control) {
			o.mu.Lock()
			o.dialplan = append(o.dialplan, c.Info().Channel)
			o.mu.Unlock()
			c.Hangup(ctx, call.CauseNormal)
		}})
	o.eng.Load(context.Background(), cfg, 1)
	o.sw = call.New(call.Options{
		Dialers: map[string]call.Dialer{"sip": o.sip, "fxs": o.fxs, "trunk": o.trunk, "gsm": o.gsm, "conf": o.rooms},
		Handler: o.eng.Handle, Records: o.recs, Logger: quiet(),
	})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		o.sw.Shutdown(ctx)
		o.rooms.Close()
	})
	return o
}

// phones sets how the extensions' SIP phones behave.
func (o *office) phones(p calltest.Phone, numbers ...string) {
	for _, n := range numbers {
		o.sip.Set(n, p)
	}
}

// call makes an inbound call from number on channel to did.
func (o *office) call(channel, number, did string) *calltest.Leg {
	caller := calltest.NewLeg(channel, call.Party{Number: number})
	o.sw.Incoming(caller, did)
	return caller
}

// path waits for every call to end and returns the path of the one call
// record there must be, as "element:outcome" steps of the scenario (the
// switch's own steps left out).
func (o *office) path() []string {
	o.t.Helper()
	synctest.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if err := o.sw.Shutdown(ctx); err != nil {
		o.t.Fatalf("Shutdown: %v", err)
	}
	recs := o.recs.All()
	if len(recs) != 1 {
		o.t.Fatalf("%d call records; want 1", len(recs))
	}
	return recordPath(o.t, recs[0])
}

func recordPath(t *testing.T, r store.CallRecord) []string {
	var d struct {
		Path []call.PathStep `json:"path"`
	}
	if err := json.Unmarshal(r.Details, &d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range d.Path {
		switch {
		case s.Step == "hangup", strings.HasPrefix(s.Step, "bridge"), len(s.Step) > 5 && s.Step[:5] == "ring ", len(s.Step) > 9 && s.Step[:9] == "transfer ":
			continue
		}
		out = append(out, s.Step+":"+s.Outcome)
	}
	return out
}

// tracePath writes a dry run's path as recordPath does, with an
// extension's forward that an element followed as the call record's step
// before the element's.
func tracePath(tr *Trace) []string {
	var out []string
	for _, s := range tr.Path {
		if s.Forward != "" {
			out = append(out, stepForward+":"+s.Forward)
		}
		out = append(out, s.Element+":"+s.Outcome)
	}
	return out
}

func samePath(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("path %q; want %q", got, want)
	}
}

// never is a phone that rings without answering.
var never = calltest.Phone{AnswerAfter: calltest.Never}
