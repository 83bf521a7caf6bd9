package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// DryRun describes a call to test a scenario with, without placing it:
// who calls, on which line, when, and what the people involved do.
type DryRun struct {
	Caller  string    // the caller's number
	Channel string    // where the call comes in: "trunk/Provider", "fxo/1", "gsm/2"
	Called  string    // the number dialled (the DID)
	At      time.Time // when the call comes in
	// Keys are what the caller presses at each element that listens, by
	// element ID, one entry per time it listens: "2", "101" (a number), or
	// "" for pressing nothing. When they run out, the caller presses
	// nothing. Keys[AnyElement] are pressed, in turn, at elements that
	// listen and have no keys of their own (left).
	Keys map[string][]string
	// Phones say how each target rings, by call.Target string: "sip/101",
	// "fxs/101", "trunk/Provider/+74951234567", "gsm/GSM1/+79161234567". A
	// target not listed rings as Phones[AnyTarget] says, and without
	// that does not answer.
	Phones map[string]DryPhone
	// HTTP are the answers of HTTP request elements, by element ID; an
	// element not listed gets no answer.
	HTTP map[string]DryHTTP
	// Document, when set, is run instead of the scenario the inbound
	// route picks: a scenario being edited, before it is saved.
	Document *Document
}

// The wildcards of DryRun.Keys and DryRun.Phones: any element, any
// target. No element ID or target is "*".
const (
	AnyElement = "*"
	AnyTarget  = "*"
)

// DryPhone is how a target behaves in a dry run. The zero value answers at
// once.
type DryPhone struct {
	AnswerAfter time.Duration
	Never       bool // rings without answering
	Busy        bool
	Unavailable bool
	// Hold, when set, is how long the phone holds the caller once, half
	// way through the conversation (a hook flash, or a SIP phone's hold),
	// before it takes the call back; the caller hears the route's hold
	// melody meanwhile, if it has one.
	Hold time.Duration
	// TransferTo, when set, is the number the phone transfers the caller
	// to, blind (a SIP REFER), once, half way through the conversation
	// (after its hold, if it holds).
	TransferTo string
}

// DryHTTP is an HTTP answer in a dry run.
type DryHTTP struct {
	Status int
	Body   string
}

// Trace is the result of a dry run: the path the call would take, element
// by element, the inbound route, and what would have happened along the
// way in words.
type Trace struct {
	Route  string   `json:"route,omitempty"`
	Path   []Step   `json:"path"`
	Events []string `json:"events"`
}

// Limits of a simulated call.
const (
	dryGiveUp = 10 * time.Minute // how long a caller waits for ringing without end
	dryMax    = time.Hour        // after this the simulated caller hangs up
	dryTalk   = time.Minute      // how long an answered call lasts
)

// DryRun returns the path a call described by in would take through the
// configuration new calls use, without placing a call: the executor runs
// as for a real call, against a simulated call in which time passes as the
// call's waits say, the people do what in says, HTTP answers are in's, and
// voicemail and SMS are only noted. It is safe for concurrent use.
func (e *Engine) DryRun(ctx context.Context, in DryRun) (*Trace, error) {
	s := e.snap.Load()
	sim := &simCall{in: in, now: in.At, vars: map[string]string{}, keys: map[string][]string{}, prompts: s.prompts}
	for k, v := range in.Keys {
		sim.keys[k] = append([]string(nil), v...)
	}
	if sim.now.IsZero() {
		sim.now = e.o.Now()
	}
	sim.start = sim.now
	x := e.newExecution(s, sim, sim.clock, dryVoicemail{sim}, drySMS{sim}, dryHTTP{sim})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if in.Document != nil {
		if err := Validate(ctx, in.Document, nil); err != nil {
			return nil, err
		}
		l := &loaded{name: "dry run", doc: in.Document}
		l.index()
		x.run(ctx, l)
	} else {
		x.inbound(ctx, sim.Info())
	}
	return &Trace{Route: sim.vars[call.VarRoute], Path: x.path, Events: sim.events}, nil
}

// simCall is a call.Control in which nothing is placed: it answers as
// DryRun says and moves its own clock. It is used by one goroutine.
type simCall struct {
	in         DryRun
	start, now time.Time
	vars       map[string]string
	keys       map[string][]string
	element    string
	answered   bool
	ended      bool
	events     []string
	prompts    map[int64]store.Prompt // the configuration's, for naming them
	held       map[string]bool        // the phones (by channel) that have held the caller
	moved      map[string]bool        // the phones (by channel) that have transferred the caller
	holding    string                 // the phone holding the caller now, until its next Bridge or Watch
}

func (s *simCall) clock() time.Time { return s.now }

// note adds an event, after the element that runs (none before the
// scenario starts: a route's greeting) and the time into the call.
func (s *simCall) note(format string, args ...any) {
	at := fmt.Sprintf("+%v ", s.now.Sub(s.start))
	if s.element != "" {
		at = s.element + " " + at
	}
	s.events = append(s.events, at+fmt.Sprintf(format, args...))
}

// wait moves the clock; the caller hangs up once dryMax has passed.
func (s *simCall) wait(d time.Duration) error {
	s.now = s.now.Add(d)
	if s.now.Sub(s.start) > dryMax {
		s.ended = true
		s.note("the caller hangs up after %v", dryMax)
	}
	return s.usable()
}

func (s *simCall) usable() error {
	if s.ended {
		return call.ErrLegEnded
	}
	return nil
}

func (s *simCall) enter(scenario int64, element string) { s.element = element }

func (s *simCall) Info() call.CallInfo {
	return call.CallInfo{ID: "dry-run", Caller: call.Party{Number: s.in.Caller}, Called: s.in.Called,
		Channel: s.in.Channel, Started: s.start}
}

func (s *simCall) Var(name string) string               { return s.vars[name] }
func (s *simCall) SetVar(name, value string)            { s.vars[name] = value }
func (s *simCall) Progress(context.Context, bool) error { return s.usable() }

// Step implements call.Control: an extension's forward that an element
// or a transfer follows, and a transfer, are events, as they are steps of
// a real call's path.
func (s *simCall) Step(step, outcome string) {
	switch step {
	case stepForward:
		s.note("%s", outcome)
	case stepTransfer:
		s.note("transfer %s", outcome)
	}
}

func (s *simCall) Answer(ctx context.Context) error {
	if err := s.usable(); err != nil {
		return err
	}
	if !s.answered {
		s.answered = true
		s.note("answer the caller")
	}
	return nil
}

// simLeg is a leg a simulated Ring returned.
type simLeg struct{ target call.Target }

func (l simLeg) ID() string                               { return "dry/" + l.target.String() }
func (l simLeg) Channel() string                          { return l.target.String() }
func (l simLeg) Remote() call.Party                       { return call.Party{Number: l.target.Address} }
func (l simLeg) Events() <-chan call.Event                { return nil }
func (l simLeg) Progress(context.Context, bool) error     { return nil }
func (l simLeg) Answer(context.Context) error             { return nil }
func (l simLeg) Hangup(context.Context, call.Cause) error { return nil }
func (l simLeg) SendDigits(context.Context, string) error { return nil }
func (l simLeg) Audio() call.Audio                        { return nil }

// Ring implements call.Control as call.Switch does, by DryRun.Phones.
func (s *simCall) Ring(ctx context.Context, targets []call.Target, timeout time.Duration) (call.Leg, error) {
	return s.RingWaves(ctx, [][]call.Target{targets}, 0, timeout)
}

// RingWaves implements call.WaveRinger as call.Switch does, by
// DryRun.Phones: a wave whose targets are all busy or unavailable is
// passed at once, and a target answers its AnswerAfter after its wave was
// dialled.
func (s *simCall) RingWaves(ctx context.Context, waves [][]call.Target, step, timeout time.Duration) (call.Leg, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	var names []string
	var winner *call.Target
	var first time.Duration
	ringing, busy := 0, false
	var at time.Duration // when the wave is dialled
	for _, targets := range waves {
		if timeout > 0 && at >= timeout {
			break // the wait is over before this wave is dialled
		}
		waveRings := false
		for i, t := range targets {
			names = append(names, t.String())
			p, listed := s.in.Phones[t.String()]
			if !listed {
				p, listed = s.in.Phones[AnyTarget]
			}
			busy = busy || p.Busy
			if p.Busy || p.Unavailable {
				continue
			}
			ringing++
			waveRings = true
			// A listed phone answers unless it never does; of those not
			// listed, a conference room answers at once (AnswerAfter 0).
			answers := listed && !p.Never || !listed && t.Kind == "conf"
			if answers && (winner == nil || at+p.AnswerAfter < first) {
				winner, first = &targets[i], at+p.AnswerAfter
			}
		}
		if waveRings {
			at += step // else the next wave is dialled at once
		}
	}
	what := strings.Join(names, " ")
	switch {
	case ringing == 0 && busy:
		s.note("ring %s: busy", what)
		return nil, call.CauseBusy
	case ringing == 0:
		s.note("ring %s: unavailable", what)
		return nil, call.CauseUnavailable
	case winner != nil && (timeout == 0 || first < timeout):
		if err := s.wait(first); err != nil {
			return nil, err
		}
		s.note("ring %s: %s answers", what, winner)
		return simLeg{*winner}, nil
	case timeout == 0:
		s.wait(dryGiveUp)
		s.ended = true
		s.note("ring %s: nobody answers; the caller hangs up after %v", what, dryGiveUp)
		return nil, call.ErrLegEnded
	}
	if err := s.wait(timeout); err != nil {
		return nil, err
	}
	s.note("ring %s for %v: no answer", what, timeout)
	return nil, call.CauseNoAnswer
}

// Bridge implements call.Control: the two talk for a minute, and the
// callee hangs up. A phone with DryPhone.Hold holds the caller half way
// through, once: Bridge returns its flash, as the switch does for a hold,
// and the next Bridge (or Watch, while a hold melody plays) lasts the hold.
// A phone with DryPhone.TransferTo asks, once, half way through what is
// left of the talk, for the caller to be transferred there.
func (s *simCall) Bridge(ctx context.Context, leg call.Leg) (call.BridgeEnd, error) {
	if err := s.usable(); err != nil {
		return call.BridgeEnd{}, err
	}
	s.answered = true
	ch := leg.Channel()
	if s.holding == ch { // taken back without a hold melody: the caller waited in silence
		s.holding = ""
		if err := s.wait(s.phone(ch).Hold); err != nil {
			return call.BridgeEnd{}, err
		}
		s.note("%s takes the call back after %v", ch, s.phone(ch).Hold)
	}
	if p := s.phone(ch); p.Hold > 0 && !s.held[ch] {
		if s.held == nil {
			s.held = map[string]bool{}
		}
		s.held[ch], s.holding = true, ch
		if err := s.wait(dryTalk / 2); err != nil {
			return call.BridgeEnd{}, err
		}
		s.note("talk with %s; %s holds the caller for %v", ch, ch, p.Hold)
		return call.BridgeEnd{Peer: leg, Event: call.Event{Kind: call.EventFlash}}, nil
	}
	talk := dryTalk
	if s.held[ch] {
		talk = dryTalk / 2
	}
	if p := s.phone(ch); p.TransferTo != "" && !s.moved[ch] {
		if s.moved == nil {
			s.moved = map[string]bool{}
		}
		s.moved[ch] = true
		if err := s.wait(talk / 2); err != nil {
			return call.BridgeEnd{}, err
		}
		s.note("talk with %s; %s transfers the caller to %s", ch, ch, p.TransferTo)
		return call.BridgeEnd{Peer: leg, Event: call.Event{Kind: call.EventTransfer, Target: p.TransferTo}}, nil
	}
	if err := s.wait(talk); err != nil {
		return call.BridgeEnd{}, err
	}
	s.note("talk with %s", ch)
	return call.BridgeEnd{Peer: leg, Event: call.Event{Kind: call.EventHangup, Cause: call.CauseNormal}}, nil
}

// phone returns how the target on channel ch behaves.
func (s *simCall) phone(ch string) DryPhone {
	if p, ok := s.in.Phones[ch]; ok {
		return p
	}
	return s.in.Phones[AnyTarget]
}

// CallerLeg implements call.Transferrer.
func (s *simCall) CallerLeg() call.Leg {
	kind, addr, _ := strings.Cut(s.in.Channel, "/")
	return simLeg{call.Target{Kind: kind, Address: addr}}
}

// Hold implements call.Transferrer: nothing plays in a dry run; melodies
// are noted by melody.
func (s *simCall) Hold(leg call.Leg, src call.FrameSource) (resume func()) { return func() {} }

// Watch implements call.Transferrer for a hold: the phone holding the
// caller takes the call back (its flash) after its DryPhone.Hold.
func (s *simCall) Watch(ctx context.Context, legs ...call.Leg) (call.LegEvent, error) {
	if err := s.usable(); err != nil {
		return call.LegEvent{}, err
	}
	for _, l := range legs {
		if l.Channel() != s.holding {
			continue
		}
		s.holding = ""
		if err := s.wait(s.phone(l.Channel()).Hold); err != nil {
			return call.LegEvent{}, err
		}
		s.note("%s takes the call back after %v", l.Channel(), s.phone(l.Channel()).Hold)
		return call.LegEvent{Leg: l, Event: call.Event{Kind: call.EventFlash}}, nil
	}
	// Nobody holds: the call goes on as Bridge says, ended by a hang-up.
	s.wait(dryTalk)
	return call.LegEvent{Leg: legs[0], Event: call.Event{Kind: call.EventHangup, Cause: call.CauseNormal}}, nil
}

// Consult implements call.Transferrer: a dry run simulates no
// consultations.
func (s *simCall) Consult(ctx context.Context, from call.Party, targets []call.Target, timeout time.Duration) (*call.Consultation, error) {
	return nil, call.CauseUnavailable
}

// Join implements call.Transferrer: a dry run simulates no joins.
func (s *simCall) Join(ctx context.Context, a, b call.Leg) (call.LegEvent, error) {
	return call.LegEvent{}, call.ErrNotInCall
}

// melody notes that the caller hears the route's melody what (prompt id)
// from now on, and returns what notes when and after how long it stops.
func (s *simCall) melody(what string, id int64) (stop func()) {
	s.note("%s %s starts", what, promptLabel(id, s.prompts))
	from := s.now
	var once bool
	return func() {
		if !once {
			once = true
			s.note("%s stops after %v", what, s.now.Sub(from))
		}
	}
}

// playFor answers the caller and lets d pass, as a prompt of that length
// plays.
func (s *simCall) playFor(ctx context.Context, d time.Duration) {
	if s.Answer(ctx) == nil {
		s.note("play %v", d)
		s.wait(d)
	}
}

// promptLabel names prompt id for a dry run's events.
func promptLabel(id int64, prompts map[int64]store.Prompt) string {
	if p, ok := prompts[id]; ok && p.Name != "" {
		return fmt.Sprintf("%q (prompt %d)", p.Name, id)
	}
	return fmt.Sprintf("prompt %d", id)
}

// Transfer implements call.Control.
func (s *simCall) Transfer(ctx context.Context, targets []call.Target, timeout time.Duration) (call.BridgeEnd, error) {
	leg, err := s.Ring(ctx, targets, timeout)
	if err != nil {
		return call.BridgeEnd{}, err
	}
	return s.Bridge(ctx, leg)
}

// queue returns the key of DryRun.Keys that the current element takes its
// keys from: its own while it has any, else AnyElement's.
func (s *simCall) queue() string {
	if len(s.keys[s.element]) > 0 {
		return s.element
	}
	return AnyElement
}

// pending returns what the caller presses next at the current element.
func (s *simCall) pending() (string, bool) {
	q := s.keys[s.queue()]
	if len(q) == 0 {
		return "", false
	}
	return q[0], true
}

// Play implements call.Control: the sound plays out, unless the caller
// presses a key meanwhile.
func (s *simCall) Play(ctx context.Context, src call.FrameSource, stopOn string) (byte, error) {
	if err := s.Answer(ctx); err != nil {
		return 0, err
	}
	if k, ok := s.pending(); ok && k != "" && strings.IndexByte(stopOn, k[0]) >= 0 {
		s.note("the caller presses %s during the prompt", k)
		return k[0], nil
	}
	var f call.Frame
	var n time.Duration
	for n < dryMax {
		if err := src.ReadFrame(&f); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return 0, err
		}
		n += call.FrameDuration
	}
	s.note("play %v", n)
	return 0, s.wait(n)
}

// CollectDigits implements call.Control by DryRun.Keys.
func (s *simCall) CollectDigits(ctx context.Context, o call.DigitOpts) (string, error) {
	if err := s.Answer(ctx); err != nil {
		return "", err
	}
	name := s.queue()
	k, _ := s.pending()
	if q := s.keys[name]; len(q) > 0 {
		s.keys[name] = q[1:]
	}
	if k == "" {
		s.note("the caller presses nothing for %v", o.FirstTimeout)
		return "", errors.Join(call.ErrNoInput, s.wait(o.FirstTimeout))
	}
	terminated := false
	if i := strings.IndexByte(k, o.Terminator); o.Terminator != 0 && i >= 0 && (o.Max == 0 || i <= o.Max) {
		if rest := k[i+1:]; rest != "" {
			s.keys[name] = append([]string{rest}, s.keys[name]...)
		}
		k, terminated = k[:i], true
	}
	if o.Max > 0 && len(k) > o.Max {
		s.keys[name] = append([]string{k[o.Max:]}, s.keys[name]...)
		k = k[:o.Max]
	}
	if o.InterDigitTimeout > 0 && !terminated && (o.Max == 0 || len(k) < o.Max) {
		if err := s.wait(o.InterDigitTimeout); err != nil {
			return "", err
		}
	}
	s.note("the caller presses %s", k)
	return k, nil
}

// Record implements call.Control: the caller speaks for 30 s at most.
func (s *simCall) Record(ctx context.Context, sink call.FrameSink, max time.Duration, stopOn string) (byte, error) {
	if err := s.Answer(ctx); err != nil {
		return 0, err
	}
	d := 30 * time.Second
	if max > 0 && max < d {
		d = max
	}
	return 0, s.wait(d)
}

// Hangup implements call.Control.
func (s *simCall) Hangup(ctx context.Context, cause call.Cause) error {
	if !s.ended {
		s.ended = true
		s.note("hang up: %s", cause.String())
	}
	return nil
}

// dryVoicemail notes a message instead of recording one.
type dryVoicemail struct{ s *simCall }

func (v dryVoicemail) LeaveGreeted(ctx context.Context, c call.Control, mailbox string, greeting int64) error {
	if err := v.s.Answer(ctx); err != nil {
		return err
	}
	if greeting != 0 {
		v.s.note("voicemail greeting %s, unless mailbox %s has its own", promptLabel(greeting, v.s.prompts), mailbox)
	}
	v.s.note("the caller leaves a message in mailbox %s", mailbox)
	return v.s.wait(30 * time.Second)
}

// drySMS notes a message instead of sending one.
type drySMS struct{ s *simCall }

func (m drySMS) QueueSMS(ctx context.Context, module, to, text string) error {
	m.s.note("send SMS to %s through %q: %s", to, module, text)
	return nil
}

// dryHTTP answers by DryRun.HTTP for the current element.
type dryHTTP struct{ s *simCall }

func (d dryHTTP) Do(req *http.Request) (*http.Response, error) {
	a, ok := d.s.in.HTTP[d.s.element]
	d.s.note("%s %s", req.Method, req.URL)
	if !ok {
		return nil, errors.New("scenario: no answer in the dry run")
	}
	return &http.Response{StatusCode: a.Status, Body: io.NopCloser(strings.NewReader(a.Body)), Header: http.Header{}}, nil
}
