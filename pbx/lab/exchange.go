package lab

import (
	"strings"
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/dsp"
)

// lineState is what the exchange does with a line.
type lineState int

// Line states, named after what the exchange plays or waits for.
const (
	lineIdle     lineState = iota // battery on the line, nothing else
	lineAlerting                  // an incoming call: caller ID and ringing (EN 300 659-1)
	lineDialTone                  // the box seized the line: dial tone until a digit
	lineDigits                    // collecting the number the box dials
	lineRingback                  // the number is complete: ringing tone until the remote answers
	lineTalking                   // a call is up: the remote party speaks and listens
	lineCleared                   // the remote party hung up; waiting for the box to release
	lineDown                      // no line voltage
)

var lineStateNames = [...]string{"idle", "alerting", "dial_tone", "digits", "ringback", "talking", "cleared", "down"}

func (s lineState) String() string { return lineStateNames[s] }

// Hang-up signals of the remote party (or the exchange).
const (
	HangupBusy     = "busy"     // busy tone only: the line stays fed
	HangupReversal = "reversal" // a polarity reversal (clear-down)
	HangupDrop     = "drop"     // the battery goes away for a moment (loop current drop)
)

const (
	frame = hal.FrameDuration
	// alertFrames is how long a caller lets an unanswered line ring (60 s).
	alertFrames = int(60 * time.Second / frame)
	// dropFrames is how long a loop drop removes the battery (1 s).
	dropFrames = int(time.Second / frame)
)

// LineState is what the lab knows of one PSTN line.
type LineState struct {
	Slot    string `json:"slot"`
	Country string `json:"country"`
	// State is the exchange's state: idle, alerting, dial_tone, digits,
	// ringback, talking, cleared, down.
	State    string `json:"state"`
	Present  bool   `json:"present"`
	Seized   bool   `json:"seized"`
	Ringing  bool   `json:"ringing"`
	Reversed bool   `json:"reversed"`
	// CallerID is what the exchange sends with the call it offers.
	CallerID *CallerID `json:"caller_id"`
	// Dialled is the number the box dialled on its last outgoing call.
	Dialled string `json:"dialled"`
	// AnswerAfterMs is how long the remote party of an outgoing call lets
	// it ring before answering; -1: only when told to.
	AnswerAfterMs  int  `json:"answer_after_ms"`
	AnswerReversal bool `json:"answer_reversal"`
	// Hearing is what the remote party (or the exchange) hears from the box.
	Hearing
}

// Exchange is the PSTN exchange behind one FXO line: it offers calls with
// caller ID, gives dial tone, takes the number the box dials, answers as
// the remote party and clears down. Safe for concurrent use.
type Exchange struct {
	slot  string
	line  *sim.PSTNLine
	clock hal.Clock

	mu        sync.Mutex
	plan      dsp.TonePlan
	state     lineState
	frames    int // frames in this state
	ear       *ear
	voice     *voice
	tone      *dsp.ToneGen
	clip      *dsp.CLIPSequencer
	clipRing  bool
	cid       *CallerID
	reversed  bool
	present   bool
	dialled   string
	heard     int // digits heard when the last one came
	lastDigit int // frame of the last digit
	answerAt  int // frame of the remote answer in ringback; -1 none
	answerRev bool
	autoAfter time.Duration
	autoRev   bool
	digitWait int // frames
	restoreAt int // frames until a loop drop ends; -1 none
}

func newExchange(slot string, line *sim.PSTNLine, clock hal.Clock, country string, o *Opts) (*Exchange, error) {
	e, v, err := newParty(country)
	if err != nil {
		return nil, err
	}
	x := &Exchange{slot: slot, line: line, clock: clock, ear: e, voice: v, present: true, answerAt: -1, restoreAt: -1,
		autoAfter: o.AnswerAfter, autoRev: o.AnswerReversal, digitWait: int(o.DigitTimeout / frame)}
	x.plan, _ = dsp.BuiltinPlan(e.country)
	return x, nil
}

// to enters state s.
func (x *Exchange) to(s lineState) {
	x.state, x.frames, x.tone = s, 0, nil
}

// play makes the exchange play t (a tone of the plan) from now on.
func (x *Exchange) play(t dsp.Tone) {
	x.tone, _ = dsp.NewToneGen(t)
}

// setReversed sets the line polarity.
func (x *Exchange) setReversed(r bool) {
	if r != x.reversed {
		x.reversed = r
		x.line.ReversePolarity()
	}
}

// release returns a line the box let go of to idle.
func (x *Exchange) release() {
	x.setReversed(false)
	x.voice.stop()
	x.clip = nil
	x.to(lineIdle)
}

// frame is one 20 ms step: in is what the box sends, out what the
// exchange sends to the box.
func (x *Exchange) frame(in, out *hal.Frame) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.frames++
	seized := x.line.Seized()
	x.ear.hear(in)
	if x.restoreAt >= 0 {
		if x.restoreAt--; x.restoreAt < 0 && x.present {
			x.line.SetPresent(true)
		}
	}
	switch x.state {
	case lineIdle:
		if seized && x.present {
			x.to(lineDialTone)
			x.play(x.plan.Dial)
			x.ear.clearDigits()
			x.dialled = ""
		}
	case lineAlerting:
		x.alerting(seized, out)
	case lineDialTone, lineDigits:
		x.collect(seized)
	case lineRingback:
		switch {
		case !seized:
			x.release()
		case x.answerAt >= 0 && x.frames >= x.answerAt:
			x.answer(x.answerRev)
		}
	case lineTalking, lineCleared:
		if !seized && x.restoreAt < 0 {
			x.release()
		}
	}
	if x.tone != nil {
		var buf [hal.FrameSamples]int16
		x.tone.Generate(buf[:])
		mix(out, buf[:])
	}
	if x.state == lineTalking {
		x.voice.next(out)
	}
}

// alerting plays the caller ID sequence and rings until the box answers
// (ring trip) or the caller gives up.
func (x *Exchange) alerting(seized bool, out *hal.Frame) {
	if seized {
		x.clip = nil
		x.setReversed(false)
		x.ear.clearDigits()
		x.to(lineTalking)
		return
	}
	if x.frames > alertFrames {
		x.line.StopRinging()
		x.release()
		return
	}
	if x.clip == nil {
		return
	}
	st := x.clip.Frame(out[:])
	x.setReversed(st.Reversed)
	if st.Done {
		x.line.Ring(ringHz(x.plan.Country), cadence(x.plan.Ring))
		x.clip = nil
		return
	}
	if st.Ringing && !x.clipRing {
		x.line.Burst(ringHz(x.plan.Country), time.Duration(firstRingMs(x.clip))*time.Millisecond)
	}
	x.clipRing = st.Ringing
}

// collect gives dial tone and takes the digits the box dials; the number
// is complete when no digit came for the digit timeout.
func (x *Exchange) collect(seized bool) {
	if !seized {
		x.release()
		return
	}
	if n := len(x.ear.digits); n != x.heard || (x.state == lineDialTone && n > 0) {
		x.heard, x.lastDigit = n, x.frames
		if x.state == lineDialTone {
			x.state, x.tone = lineDigits, nil // the first digit stops dial tone
		}
	}
	x.dialled = string(x.ear.digits)
	if x.state == lineDigits && x.frames-x.lastDigit >= x.digitWait {
		x.ear.clearDigits()
		x.heard = 0
		x.to(lineRingback)
		x.play(x.plan.Ringback)
		x.answerAt, x.answerRev = -1, x.autoRev
		if x.autoAfter >= 0 {
			x.answerAt = int(x.autoAfter / frame)
		}
	}
}

// answer makes the remote party of an outgoing call answer.
func (x *Exchange) answer(reversal bool) {
	x.answerAt = -1
	if reversal {
		x.setReversed(true)
	}
	x.ear.clearDigits()
	x.to(lineTalking)
}

func ringHz(country string) float64 {
	if country == "US" {
		return 20
	}
	return 25
}

func cadence(ms []int) []time.Duration {
	d := make([]time.Duration, len(ms))
	for i, v := range ms {
		d[i] = time.Duration(v) * time.Millisecond
	}
	return d
}

// State returns what the exchange does with the line now.
func (x *Exchange) State() LineState {
	x.mu.Lock()
	defer x.mu.Unlock()
	st := LineState{
		Slot: x.slot, Country: x.plan.Country, State: x.state.String(), Present: x.present,
		Seized: x.line.Seized(), Ringing: x.state == lineAlerting, Reversed: x.reversed,
		Dialled: x.dialled, AnswerAfterMs: int(x.autoAfter / time.Millisecond), AnswerReversal: x.autoRev,
		Hearing: x.ear.hearing(),
	}
	if x.autoAfter < 0 {
		st.AnswerAfterMs = -1
	}
	if x.state == lineAlerting && x.cid != nil {
		c := *x.cid
		st.CallerID = &c
	}
	return st
}

// Ring offers the box an incoming call with caller ID. The line must be
// idle.
func (x *Exchange) Ring(r RingRequest) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state != lineIdle {
		return invalid("", "line %s is %s; ring it when idle", x.slot, x.state)
	}
	seq, err := clipSequence(r, &x.plan, x.clock.Now())
	if err != nil {
		return err
	}
	x.to(lineAlerting)
	x.clip, x.clipRing = seq, false
	format := r.Format
	if format == "" {
		format = CLIPFSK
	}
	x.cid = &CallerID{Number: r.CallerID, Name: r.Name, Format: format}
	if seq == nil {
		x.line.Ring(ringHz(x.plan.Country), cadence(x.plan.Ring))
	}
	return nil
}

// Hangup ends the call on the line from the exchange's side: a caller who
// gives up before the box answers, or the remote party hanging up with
// how (HangupBusy, HangupReversal, HangupDrop; "" is HangupBusy).
func (x *Exchange) Hangup(how string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	switch how {
	case "", HangupBusy, HangupReversal, HangupDrop:
	default:
		return invalid("how", "hang-up %q: want %q, %q or %q", how, HangupBusy, HangupReversal, HangupDrop)
	}
	switch x.state {
	case lineAlerting:
		x.line.StopRinging()
		x.release()
		return nil
	case lineDialTone, lineDigits, lineRingback, lineTalking:
	default:
		return invalid("", "line %s is %s: no call to hang up", x.slot, x.state)
	}
	x.voice.stop()
	x.to(lineCleared)
	switch how {
	case "", HangupBusy:
		x.play(x.plan.Busy)
	case HangupReversal:
		x.setReversed(!x.reversed)
	case HangupDrop:
		x.line.SetPresent(false)
		x.restoreAt = dropFrames
	}
	return nil
}

// Answer makes the remote party answer the box's outgoing call now, with a
// polarity reversal if reversal is set (nil: the line's setting).
func (x *Exchange) Answer(reversal *bool) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state != lineRingback {
		return invalid("", "line %s is %s: no outgoing call waits for an answer", x.slot, x.state)
	}
	rev := x.autoRev
	if reversal != nil {
		rev = *reversal
	}
	x.answer(rev)
	return nil
}

// Tone makes the remote party send a test tone. A call must be up.
func (x *Exchange) Tone(t ToneRequest) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state != lineTalking {
		return invalid("", "line %s is %s: the remote party speaks only in a call", x.slot, x.state)
	}
	return x.voice.play(t)
}

// DTMF makes the remote party press keys. A call must be up.
func (x *Exchange) DTMF(digits string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.state != lineTalking {
		return invalid("", "line %s is %s: the remote party presses keys only in a call", x.slot, x.state)
	}
	return x.voice.say(digits)
}

// SetPresent connects the line or cuts it (no line voltage).
func (x *Exchange) SetPresent(present bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.present = present
	x.restoreAt = -1
	x.line.SetPresent(present)
	if !present {
		x.voice.stop()
		x.clip = nil
		x.to(lineDown)
	} else if x.state == lineDown {
		x.to(lineIdle)
	}
}

// LineSettings are an exchange line's settings; nil fields stay as they
// are.
type LineSettings struct {
	Country        *string `json:"country"`
	AnswerAfterMs  *int    `json:"answer_after_ms"`
	AnswerReversal *bool   `json:"answer_reversal"`
}

// Configure changes the line's settings.
func (x *Exchange) Configure(s LineSettings) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if s.AnswerAfterMs != nil && (*s.AnswerAfterMs < -1 || *s.AnswerAfterMs > 600_000) {
		return invalid("answer_after_ms", "answer after %d ms: want -1 (never by itself) to 600000", *s.AnswerAfterMs)
	}
	if s.Country != nil {
		c := strings.ToUpper(*s.Country)
		plan, err := dsp.BuiltinPlan(c)
		if err != nil {
			return invalid("country", "country %q: %v", *s.Country, err)
		}
		if err := x.ear.setCountry(c); err != nil {
			return &Error{Field: "country", Err: err}
		}
		x.plan = plan
	}
	if s.AnswerAfterMs != nil {
		x.autoAfter = time.Duration(*s.AnswerAfterMs) * time.Millisecond
	}
	if s.AnswerReversal != nil {
		x.autoRev = *s.AnswerReversal
	}
	return nil
}
