package scenario

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/queue"
	"github.com/hookflash/firmware/pbx/store"
)

// Opts configures an Engine. Services left nil make the elements that need
// them take their error path (a menu without Prompts plays nothing, a
// voicemail element without Voicemail hangs up).
type Opts struct {
	Schedules Schedules
	Prompts   Prompts
	Speech    Speech
	Voicemail Voicemail
	SMS       SMSSender
	// Queues keeps callers of queue elements waiting for agents; nil uses
	// a queue.Service of the engine's own, which is never stopped.
	Queues Queues
	// HTTP sends the HTTP request element's requests; nil uses a client
	// that follows no redirects beyond http.Client's default.
	HTTP Doer
	// Dialplan handles calls from extensions (channel kinds other than
	// "trunk", "fxo" and "gsm"); nil refuses them with unavailable.
	Dialplan func(ctx context.Context, c call.Control)
	// Transfers carries out the transfers to numbers outside and the
	// attended transfers that callees ask for; nil: such a request is
	// ignored and the conversation goes on.
	Transfers Transfers
	// Recognizer hears callers' answers in question-answer elements;
	// nil: they are not understood.
	Recognizer Recognizer
	// Assistant talks with callers in AI elements; nil: they go on by
	// next at once.
	Assistant Assistant
	// Dialler takes callers into outbound campaigns' tasks in campaign
	// elements; nil: they go on by next at once.
	Dialler Dialler
	// CRM, when set, answers responsible-manager elements for Bitrix24
	// and amoCRM instead of the engine's own REST clients.
	CRM CRM
	// Record starts the recording of the call callID, which started at
	// started, for a route that records its calls; nil records nothing.
	Record func(callID string, started time.Time) (Recording, error)
	// Refs answers Validate's lookups when a configuration is loaded; nil
	// uses ConfigRefs of that configuration.
	Refs func(cfg *store.Config) Refs
	// Now tells the time for variables and schedules; it defaults to
	// time.Now. Waiting uses the time package's timers (testing/synctest).
	Now    func() time.Time
	Logger *slog.Logger
}

// Engine runs calls through their scenarios. Handle is the switch's
// handler. It is safe for concurrent use.
type Engine struct {
	o      Opts
	log    *slog.Logger
	queues Queues
	snap   atomic.Pointer[snapshot]
}

// New returns an engine with an empty configuration, in which every
// inbound call takes the default scenario (with no extensions, it is hung
// up on). Load or Follow gives it one.
func New(o Opts) *Engine {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{}
	}
	e := &Engine{o: o, log: cmp.Or(o.Logger, slog.Default()), queues: o.Queues}
	if e.queues == nil {
		e.queues = queue.New(queue.Opts{Logger: e.log})
	}
	e.Load(context.Background(), &store.Config{}, 0)
	return e
}

// Load makes cfg, at config revision rev, the configuration of new calls.
// Scenarios that do not decode or validate are logged and their calls
// take the default scenario. Calls in progress keep the configuration they
// started with.
func (e *Engine) Load(ctx context.Context, cfg *store.Config, rev int64) {
	var refs Refs = &ConfigRefs{Config: cfg}
	if e.o.Refs != nil {
		refs = e.o.Refs(cfg)
	}
	s := buildSnapshot(ctx, cfg, refs)
	s.revision = rev
	for _, l := range s.scenarios {
		if l.err != nil {
			e.log.Error("scenario: calls will take the default scenario instead", "scenario", l.id, "name", l.name, "err", l.err)
		}
	}
	if s.dialErr != nil {
		e.log.Error("scenario: extensions will ring without their forwards", "err", s.dialErr)
	}
	e.snap.Store(s)
}

// Follow loads the store's configuration, then each change to it, until
// ctx is done or the store is closed, and then returns nil. A change that
// cannot be read is logged and leaves the loaded configuration in place.
func (e *Engine) Follow(ctx context.Context, st *store.Store) error {
	revisions, cancel := st.Subscribe()
	defer cancel()
	reload := func() {
		rev, err := st.Revision(ctx)
		if err == nil && rev <= e.Revision() && rev != 0 {
			return
		}
		var cfg *store.Config
		if err == nil {
			cfg, err = st.Export(ctx)
		}
		if err != nil {
			if ctx.Err() == nil {
				e.log.Error("scenario: keeping the previous configuration", "err", err)
			}
			return
		}
		e.Load(ctx, cfg, rev)
	}
	reload()
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-revisions:
			if !ok {
				return nil
			}
			reload()
		}
	}
}

// Revision returns the config revision that new calls use.
func (e *Engine) Revision() int64 { return e.snap.Load().revision }

// Handle is the switch's handler. A call from a trunk, an FXO line or a
// GSM module runs the scenario of its inbound route (the default scenario
// when no route takes it, or when the route's scenario cannot run); any
// other call goes to Opts.Dialplan. When a fax tone is heard from the
// caller (call.FaxDetector) while the scenario runs, waiting or talking to
// someone, the scenario stops and the call goes to the FXS ports in fax
// mode, if the box has any (faxdetect.go).
func (e *Engine) Handle(ctx context.Context, c call.Control) {
	info := c.Info()
	kind, _, _ := strings.Cut(info.Channel, "/")
	if kind != "trunk" && kind != "fxo" && kind != "gsm" {
		if e.o.Dialplan != nil {
			e.o.Dialplan(ctx, c)
			return
		}
		c.Hangup(ctx, call.CauseUnavailable)
		return
	}
	s := e.snap.Load()
	x := e.newExecution(s, c, e.o.Now, e.o.Voicemail, e.o.SMS, e.o.HTTP)
	defer x.stopRecording()
	x.inbound(x.watchFax(ctx), info)
	if x.fax.end() {
		x.toFax(ctx)
	}
}

// inbound picks the route of an inbound call and runs its scenario, or,
// outside the hours of a route with an after-hours action, that action.
func (x *execution) inbound(ctx context.Context, info call.CallInfo) {
	l := x.snap.fallback
	rt, ok := x.snap.route(info.Channel, info.Called)
	x.lang = x.snap.language(rt, ok, info.Channel)
	if ok {
		x.set(call.VarRoute, rt.Name)
		var err error
		if l, err = x.snap.scenarioFor(rt.ScenarioID); err != nil {
			x.log.Error("scenario: route "+rt.Name+" takes the default scenario", "call", info.ID, "err", err)
		}
		x.rate = x.snap.options[rt.ID].RateCalls
		x.tunes = melodiesOf(x.snap.options[rt.ID])
		if rt.GreetingPromptID != nil {
			x.greet(ctx, *rt.GreetingPromptID)
		}
		if rt.RecordCalls {
			x.startRecording(ctx, rt, info)
		}
		if ah := x.afterHours(ctx, rt, info); ah != nil {
			l = ah
		}
	} else {
		x.log.Info("scenario: no inbound route; ringing every extension on duty", "call", info.ID, "channel", info.Channel, "called", info.Called)
	}
	x.run(ctx, l)
}

// greet plays a route's greeting before its scenario.
func (x *execution) greet(ctx context.Context, promptID int64) {
	s, dry := x.c.(*simCall)
	if dry {
		s.note("greeting %s", promptLabel(promptID, x.snap.prompts))
	}
	if x.eng.o.Prompts == nil {
		if dry { // a dry run without the prompt files: the prompt's stored length
			s.playFor(ctx, time.Duration(x.snap.prompts[promptID].DurationMS)*time.Millisecond)
		}
		return
	}
	src, err := x.eng.o.Prompts.Open(ctx, promptID)
	if err != nil {
		x.log.Warn("scenario: route greeting", "prompt", promptID, "err", err)
		return
	}
	if _, err := x.c.Play(ctx, src, ""); err != nil && !errors.Is(err, call.ErrLegEnded) && ctx.Err() == nil {
		x.log.Warn("scenario: route greeting", "prompt", promptID, "err", err)
	}
}
