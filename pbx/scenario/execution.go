package scenario

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Limits of one call's run, against scenarios that jump between each
// other forever (Validate cannot see across scenarios).
const (
	maxSteps   = 1000 // elements one call may pass
	maxInstant = 100  // elements in a row that do not wait
)

// Step is one entry of a call's path through its scenarios.
type Step struct {
	At       time.Time `json:"at"`
	Scenario int64     `json:"scenario"` // 0: the default scenario
	Element  string    `json:"element"`
	Label    string    `json:"label,omitempty"`
	Outcome  string    `json:"outcome"`
	// Forward, when set, is the rung extension's forward that the element
	// followed, in the dial plan's words.
	Forward string `json:"forward,omitempty"`
}

// execution is one call's run: its snapshot, its variables and its path.
// It is used by the call's handler goroutine only.
type execution struct {
	eng  *Engine
	snap *snapshot
	c    call.Control
	log  *slog.Logger
	now  func() time.Time
	vm   Voicemail
	sms  SMSSender
	http Doer

	vars  map[string]string
	rate  bool      // the route asks the caller to rate an answered call
	tunes melodies  // the route's waiting, hold and voicemail greeting prompts
	rec   Recording // the call's recording, while its bridges are tapped
	lang  string    // the language the box speaks its own words in (phrases)
	scen  *loaded   // the scenario running
	first int64     // the scenario the call started in
	el    *Element
	path  []Step
	fax   *faxWatch // while set, a fax tone stops the scenario
	// forward is the extension's forward that the element running
	// followed, for its Step.
	forward string
}

func (e *Engine) newExecution(s *snapshot, c call.Control, now func() time.Time, vm Voicemail, sms SMSSender, doer Doer) *execution {
	return &execution{eng: e, snap: s, c: c, log: e.log, now: now, vm: vm, sms: sms, http: doer, vars: map[string]string{}}
}

// Variables every call starts with.
const (
	VarCaller      = "caller"       // the caller's number
	VarCallerName  = "caller_name"  // the caller's name, when caller ID shows one
	VarCalled      = "called"       // the number dialled: the DID
	VarChannel     = "channel"      // the caller's channel: "trunk/Provider", "fxo/1", "gsm/2"
	VarChannelKind = "channel_kind" // "trunk", "fxo" or "gsm"
	VarLine        = "line"         // the trunk's name, or the FXO port or GSM slot
	VarTime        = "time"         // when the call came in, RFC 3339
	VarCause       = "ring_cause"   // why the last ringing element was not answered
)

// set sets a call variable, for the call record and for later elements.
func (x *execution) set(name, value string) {
	x.vars[name] = value
	x.c.SetVar(name, value)
}

// elementSteps is implemented by a Control that keeps each element's kind
// and label with its step and shows the element running: the switch's
// calls (call.Call).
type elementSteps interface {
	StepElement(s call.PathStep)
	Running(s call.PathStep)
}

// elementHook is implemented by a Control that wants to know which element
// runs: the dry run's, which answers for the caller per element.
type elementHook interface {
	enter(scenario int64, element string)
}

// run drives the call through scenario l from its Incoming call element
// until a final element, the caller leaving, or the limits.
func (x *execution) run(ctx context.Context, l *loaded) []Step {
	info := x.c.Info()
	kind, line, _ := strings.Cut(info.Channel, "/")
	x.set(VarCaller, info.Caller.Number)
	if info.Caller.Name != "" {
		x.set(VarCallerName, info.Caller.Name)
	}
	x.set(VarCalled, info.Called)
	x.set(VarChannel, info.Channel)
	x.set(VarChannelKind, kind)
	x.set(VarLine, line)
	x.set(VarTime, x.now().Format(time.RFC3339))

	x.scen, x.first, x.el = l, l.id, l.entry
	instant := 0
	for steps := 0; ; steps++ {
		el := x.el
		if steps == maxSteps || instant == maxInstant {
			x.log.Error("scenario: the call went round without end; hanging up", "call", info.ID, "scenario", x.scen.id, "element", el.ID)
			x.record(x.scen, el, "loop")
			x.c.Hangup(ctx, call.CauseCongestion)
			return x.path
		}
		if h, ok := x.c.(elementHook); ok {
			h.enter(x.scen.id, el.ID)
		}
		if n, ok := x.c.(elementSteps); ok {
			n.Running(x.pathStep(x.scen, el, ""))
		}
		scen := x.scen
		outcome, end, err := el.Params.run(ctx, x)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, call.ErrLegEnded) {
				x.log.Warn("scenario: element failed", "call", info.ID, "element", el.ID, "err", err)
			}
			outcome := "caller hung up"
			if x.fax.stopped(ctx) {
				outcome = outcomeFax
			}
			x.record(scen, el, outcome)
			return x.path
		}
		x.record(scen, el, outcome)
		if end {
			return x.path
		}
		if kinds[el.Type].Waits {
			instant = 0
		} else {
			instant++
		}
		if x.el != el { // a jump to another scenario's entry
			continue
		}
		next := x.scen.byID[el.Next[outcome]]
		if next == nil { // Validate makes this impossible for saved scenarios
			x.log.Error("scenario: outcome leads nowhere; hanging up", "call", info.ID, "element", el.ID, "outcome", outcome)
			x.c.Hangup(ctx, call.CauseUnavailable)
			return x.path
		}
		x.el = next
	}
}

// record adds a step to the call's path and to its call record, with the
// element's kind and label when the Control keeps them.
func (x *execution) record(scen *loaded, el *Element, outcome string) {
	x.path = append(x.path, Step{At: x.now(), Scenario: scen.id, Element: el.ID, Label: el.Label, Outcome: outcome, Forward: x.forward})
	x.forward = ""
	if n, ok := x.c.(elementSteps); ok {
		n.StepElement(x.pathStep(scen, el, outcome))
		return
	}
	s := x.pathStep(scen, el, outcome)
	x.c.Step(s.Step, s.Outcome)
}

// pathStep is the call path's step of element el of scenario scen.
// Elements of a scenario the call jumped to are named scenarioID/elementID.
func (x *execution) pathStep(scen *loaded, el *Element, outcome string) call.PathStep {
	name := el.ID
	if scen.id != x.first {
		name = fmt.Sprintf("%d/%s", scen.id, el.ID)
	}
	return call.PathStep{Step: name, Type: string(el.Type), Label: el.Label, Outcome: outcome}
}

// ended reports whether err means the caller left or the call is over.
func ended(ctx context.Context, err error) bool {
	return err != nil && (ctx.Err() != nil || errors.Is(err, call.ErrLegEnded) || errors.Is(err, context.Canceled))
}

// causeOf returns the call.Cause in err, or 0.
func causeOf(err error) call.Cause {
	var c call.Cause
	if errors.As(err, &c) {
		return c
	}
	return 0
}
