package fxs

import (
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// portState is where a port stands. Each state lists the inputs it takes
// and the state they lead to; inputs a state does not list are ignored.
type portState int

const (
	// stateIdle: on-hook, no call. Off-hook -> stateDialTone (or a hotline
	// call); Dial -> stateRinging; a message-waiting change -> stateMWI.
	stateIdle portState = iota
	// stateMWI: on-hook transmission of an MWI message (EN 300 659-1
	// "data transmission not associated with ringing"). End of data ->
	// stateIdle; off-hook -> stateDialTone.
	stateMWI
	// stateDialTone: off-hook, dial tone, no digit yet. A digit ->
	// stateDialling; the hotline delay -> stateCalling; ToneTimeout ->
	// stateHowler; on-hook -> stateIdle.
	stateDialTone
	// stateDialling: digits being collected, in silence. A complete
	// number, '#' or the inter-digit timeout -> stateCalling; an invalid
	// one -> stateTone (congestion); on-hook -> stateIdle.
	stateDialling
	// stateCalling: the leg is with the switch, not answered. Progress ->
	// ringback (or early media); Answer -> stateTalking; Hangup ->
	// stateTone (busy or congestion); on-hook -> stateIdle (EventHangup).
	stateCalling
	// stateRinging: an inbound call rings, with its caller ID sequence.
	// Off-hook (ring trip) -> stateTalking (EventAnswer); Hangup or the
	// Dial context ending -> stateIdle.
	stateRinging
	// stateTalking: in a call. Digits -> EventDigit (voice ports); flash
	// -> EventFlash, or with a second call the port's own swap (waiting.go);
	// on-hook -> stateIdle (EventHangup), or stateRinging with the second
	// call; Hangup -> stateTone (busy). CollectNumber starts a recall (recall.go) within
	// it: second dial tone, digits to the recall, a flash ends it.
	stateTalking
	// stateTone: a final tone (busy, congestion) until on-hook ->
	// stateIdle; ToneTimeout -> stateHowler.
	stateTone
	// stateHowler: the receiver-off-hook howler. HowlerTime ->
	// stateParked; on-hook -> stateIdle.
	stateHowler
	// stateParked: silent, waiting for on-hook -> stateIdle.
	stateParked
)

// statusName is the state as the dashboard shows it.
func (s portState) statusName() string {
	switch s {
	case stateIdle, stateMWI:
		return "idle"
	case stateDialTone, stateDialling:
		return "dialling"
	case stateRinging:
		return "ringing"
	case stateCalling, stateTalking:
		return "in call"
	}
	return "off-hook"
}

// maxDigits is the longest number a phone may dial.
const maxDigits = 32

// port is one FXS port: its state machine and what its audio loop plays
// and listens for. The fields after mu are guarded by it; the hook loop,
// the audio loop, timers and the legs' methods all take it.
type port struct {
	c       *Channel
	n       int
	channel string // "fxs/N"
	dev     *fxs.Dev
	pcm     hal.PCMStream
	log     *slog.Logger

	mu       sync.Mutex
	state    portState
	cfg      *portConfig // settings of the current call or off-hook spell
	leg      *leg
	other    *leg // a second call (waiting.go): waiting, or held; nil: none
	digits   string
	recall   *recall // a second number being dialled in a call; nil: none
	mwi      bool    // message waiting, as asked
	mwiShown bool    // what the phone's indicator was last told
	timer    *time.Timer
	timerGen uint64
	stopped  bool // Stop was called: the line stays as it is
	media    media
}

func newPort(c *Channel, pt Port) (*port, error) {
	p := &port{c: c, n: pt.Number, channel: "fxs/" + strconv.Itoa(pt.Number), dev: pt.Dev, pcm: pt.Audio}
	p.log = c.log.With("port", p.n)
	if err := p.media.init(); err != nil {
		return nil, fmt.Errorf("fxs: port %d: %w", p.n, err)
	}
	return p, nil
}

// current returns the port's settings in the running configuration.
func (p *port) current() *portConfig { return p.c.conf.Load().port(p.c, p.n) }

// arm calls fn under p.mu after d, unless the port changes its timer
// meanwhile. p.mu is held.
func (p *port) arm(d time.Duration, fn func()) {
	p.disarm()
	gen := p.timerGen
	p.timer = time.AfterFunc(d, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.timerGen == gen {
			fn()
		}
	})
}

// disarm cancels the pending timer. p.mu is held.
func (p *port) disarm() {
	p.timerGen++
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
}

// setLinefeed sets the line's feed, logging a failure (the port stays
// usable as far as the chip lets it).
func (p *port) setLinefeed(lf fxs.Linefeed) {
	if err := p.dev.SetLinefeed(lf); err != nil {
		p.log.Error("fxs: set linefeed", "linefeed", lf, "err", err)
	}
}

// enterIdle ends whatever the port did and waits on-hook. p.mu is held.
func (p *port) enterIdle() {
	p.disarm()
	p.media.stop()
	if p.state == stateRinging || p.state == stateMWI {
		p.setLinefeed(fxs.ForwardActive)
	}
	p.state, p.cfg, p.digits = stateIdle, nil, ""
	if p.mwi != p.mwiShown && !p.stopped {
		p.sendMWI()
	}
}

// enterDialTone starts dial tone (stutter dial tone while a message waits)
// and digit collection, or dials a hotline. p.mu is held.
func (p *port) enterDialTone() {
	p.cfg = p.current()
	p.state, p.digits = stateDialTone, ""
	p.media.stop()
	if p.cfg.hotline != "" && p.c.o.HotlineDelay < 0 {
		p.dialNumber(p.cfg.hotline)
		return
	}
	p.media.listenDigits()
	dial := p.cfg.plan.Dial
	if p.mwi {
		p.media.play(p.log, stutter(dial), &dial)
	} else {
		p.media.play(p.log, dial, nil)
	}
	if p.cfg.hotline != "" {
		p.arm(p.c.o.HotlineDelay, func() { p.dialNumber(p.cfg.hotline) })
		return
	}
	p.arm(p.c.o.ToneTimeout, p.enterHowler)
}

// enterTone plays a final tone until on-hook. p.mu is held.
func (p *port) enterTone(t dsp.Tone) { p.playFor(stateTone, t, p.c.o.ToneTimeout, p.enterHowler) }

// enterHowler plays the howler to a phone left off-hook. p.mu is held.
func (p *port) enterHowler() {
	p.log.Info("fxs: phone left off-hook; howler")
	p.playFor(stateHowler, howler, p.c.o.HowlerTime, p.enterParked)
}

// playFor enters state s, playing t for d and then calling next. p.mu is
// held.
func (p *port) playFor(s portState, t dsp.Tone, d time.Duration, next func()) {
	p.state = s
	p.media.stop()
	p.media.play(p.log, t, nil)
	p.arm(d, next)
}

// enterParked silences a phone left off-hook. p.mu is held.
func (p *port) enterParked() {
	p.log.Info("fxs: phone still off-hook; port parked until it hangs up")
	p.disarm()
	p.media.stop()
	p.state = stateParked
}

// status returns the port as the dashboard shows it.
func (p *port) status() PortStatus {
	cfg := p.current()
	p.mu.Lock()
	defer p.mu.Unlock()
	return PortStatus{Port: p.n, Extension: cfg.ext.Number, Mode: cfg.mode(), State: p.state.statusName(), MessageWaiting: p.mwi}
}

// shutdown hangs up the port's call and leaves the line idle.
func (p *port) shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.other != nil {
		p.other.end(call.CauseNormal)
	}
	if p.leg != nil {
		p.leg.end(call.CauseNormal)
	}
	p.enterIdle()
}
