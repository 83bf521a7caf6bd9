package gsm

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// hangupTimeout bounds the AT command that hangs a call up when no caller
// context is at hand.
const hangupTimeout = 10 * time.Second

// port is one module as the channel sees it: its modem, its audio, the one
// call it may carry and what its events told.
type port struct {
	c       *Channel
	slot    int
	channel string // "gsm/<slot>"
	dev     *gsm.Dev
	audio   hal.PCMStream
	dtmf    *dsp.DTMFDetector // InbandDTMF only; used by readAudio alone

	mu           sync.Mutex
	leg          *leg   // the call in progress; nil when idle
	sim          string // last +CPIN state; "" until one is reported
	down         bool   // the modem stopped answering and is being recovered
	used         usage
	minutesAlarm string
	smsAlarm     string
}

func newPort(c *Channel, m Module) (*port, error) {
	p := &port{c: c, slot: m.Slot, channel: "gsm/" + strconv.Itoa(m.Slot), dev: m.Dev, audio: m.Audio}
	if m.InbandDTMF {
		d, err := dsp.NewDTMFDetector(nil)
		if err != nil {
			return nil, fmt.Errorf("gsm: module slot %d: %w", m.Slot, err)
		}
		p.dtmf = d
	}
	return p, nil
}

// current returns the leg of the call in progress, or nil.
func (p *port) current() *leg {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.leg
}

// claim makes l the port's call; it reports false when a call is up.
func (p *port) claim(l *leg) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.leg != nil {
		return false
	}
	p.leg = l
	p.c.changed()
	return true
}

// release forgets l once it ended.
func (p *port) release(l *leg) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.leg == l {
		p.leg = nil
		p.c.changed()
	}
}

// handle acts on one modem event; it runs on the Dev's event goroutine
// and must not block.
func (p *port) handle(ev gsm.Event) {
	if ev.Kind != gsm.EventDTMF {
		defer p.c.changed()
	}
	switch ev.Kind {
	case gsm.EventIncoming:
		p.incoming(ev.Number)
	case gsm.EventCallState:
		if l := p.current(); l != nil {
			l.callState(ev.Call)
		}
	case gsm.EventHangup, gsm.EventCallFailed:
		if l := p.current(); l != nil {
			l.farEnd(ev.Err)
		}
	case gsm.EventDTMF:
		if l := p.current(); l != nil && p.dtmf == nil {
			l.digit(ev.Digit)
		}
	case gsm.EventSIM:
		p.mu.Lock()
		p.sim = ev.Text
		p.mu.Unlock()
	case gsm.EventModemDown:
		p.mu.Lock()
		p.down = true
		p.mu.Unlock()
		p.c.log.Warn("gsm: modem not answering; being recovered", "slot", p.slot, "err", ev.Err)
	case gsm.EventModemUp:
		p.mu.Lock()
		p.down = false
		p.mu.Unlock()
		p.c.log.Info("gsm: modem answers again", "slot", p.slot, "by", ev.Text)
	case gsm.EventRegistration:
		p.c.log.Info("gsm: registration", "slot", p.slot, "state", ev.Reg.Stat.String())
	}
}

// incoming takes a call that rings on the module (RING with +CLIP, 27.007
// 7.6): a leg for the switch, or the FMC dial tone when the caller is an
// employee's mobile and the module has FMC on.
func (p *port) incoming(number string) {
	c := p.c
	sw, ctx, ok := c.running()
	if !ok {
		c.log.Info("gsm: call while the channel is not running; left ringing", "slot", p.slot)
		return
	}
	cfg := c.conf.Load()
	mc := cfg.bySlot[p.slot]
	if mc == nil || !mc.enabled {
		c.log.Info("gsm: call on a module that is not configured or not enabled; refused", "slot", p.slot, "caller", number)
		c.spawn(func() { p.hangupModem() })
		return
	}
	l := newLeg(p, true, call.Party{Number: number})
	if !p.claim(l) {
		// A second call (waiting, 27.007 7.12) while one is up: not taken.
		c.log.Info("gsm: call waiting not taken", "slot", p.slot, "caller", number)
		return
	}
	if ext, ok := cfg.extensionFor(number); ok && mc.opts.FMC {
		c.log.Info("gsm: FMC call", "slot", p.slot, "caller", number, "extension", ext.Number)
		c.spawn(func() { c.fmc(ctx, l, ext, mc.opts, sw) })
		return
	}
	c.spawn(func() { sw.Incoming(l, "") })
}

// hangupModem ends whatever call the modem has.
func (p *port) hangupModem() {
	ctx, cancel := context.WithTimeout(context.Background(), hangupTimeout)
	defer cancel()
	if err := p.dev.Hangup(ctx); err != nil {
		p.c.log.Warn("gsm: hang-up failed", "slot", p.slot, "err", err)
	}
}

// idleCheck is how often readAudio looks at ctx while a stream with a
// read deadline is silent.
const idleCheck = 100 * time.Millisecond

// readAudio reads the module's audio for as long as the channel runs,
// whether or not a call is up, as the PCM port clocks it: frames go to the
// call's leg (and its DTMF detector) or nowhere.
//
// Audio over USB flows only during a call: such a stream has a read
// deadline, renewed every idleCheck, so that the loop still sees ctx end.
func (p *port) readAudio(ctx context.Context) {
	var f hal.Frame
	var evs []dsp.DTMFEvent
	var last *leg
	deadlined, _ := p.audio.(interface{ SetReadDeadline(time.Time) error })
	for ctx.Err() == nil {
		if deadlined != nil {
			deadlined.SetReadDeadline(time.Now().Add(idleCheck))
		}
		if err := p.audio.ReadFrame(&f); err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				continue // no call: the modem sends nothing
			}
			if !errors.Is(err, hal.ErrClosed) {
				p.c.log.Error("gsm: module audio failed; calls on it are silent", "slot", p.slot, "err", err)
			}
			return
		}
		l := p.current()
		if l == nil {
			continue
		}
		l.deliver(&f)
		if p.dtmf == nil {
			continue
		}
		if l != last {
			p.dtmf.Reset()
			last = l
		}
		evs = p.dtmf.Process(f[:], evs[:0])
		for _, e := range evs {
			if !e.End {
				l.digit(e.Digit)
			}
		}
	}
}

// setUsage records p's usage and alarms, and raises the alarms that are
// new.
func (p *port) setUsage(u usage, minutes, sms string) {
	p.mu.Lock()
	changed := p.used != u || p.minutesAlarm != minutes || p.smsAlarm != sms
	p.used = u
	newMinutes := minutes != "" && minutes != p.minutesAlarm
	newSMS := sms != "" && sms != p.smsAlarm
	p.minutesAlarm, p.smsAlarm = minutes, sms
	p.mu.Unlock()
	if changed {
		p.c.changed()
	}
	if newMinutes {
		p.c.alarm(p.slot, minutes)
	}
	if newSMS {
		p.c.alarm(p.slot, sms)
	}
}

// limitReached raises the minutes alarm for a call that used up the rest
// of the allowance.
func (p *port) limitReached(what string) {
	p.mu.Lock()
	fresh := what != p.minutesAlarm
	p.minutesAlarm = what
	p.mu.Unlock()
	p.c.changed()
	if fresh {
		p.c.alarm(p.slot, what)
	}
}
