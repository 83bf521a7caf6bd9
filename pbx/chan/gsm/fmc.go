package gsm

import (
	"context"
	"crypto/subtle"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/store"
)

// fmcMaxDigits bounds the number an FMC caller dials.
const fmcMaxDigits = 32

// fmc runs fixed-mobile convergence for an employee's mobile calling the
// module: answer, the PIN when one is set (asked for with the plan's
// call-waiting beeps), the internal dial tone, the number (DTMF; "#" or
// FMCInterDigit ends it), then the leg goes to sw as the extension calling
// that number. A wrong PIN or no number gets congestion tone and a
// hang-up. It is the reader of the leg's events until it hands the leg on.
func (c *Channel) fmc(ctx context.Context, l *leg, ext store.Extension, o ModuleOptions, sw Incomer) {
	log := c.log.With("leg", l.id, "extension", ext.Number)
	if err := l.Answer(ctx); err != nil {
		log.Info("gsm: FMC: call not answered", "err", err)
		l.Hangup(ctx, call.CauseNormal)
		return
	}
	if o.FMCPIN != "" {
		pin, ok := l.collect(ctx, c.plan.CallWaiting, c.o.FMCFirstDigit, c.o.FMCInterDigit, len(o.FMCPIN))
		if !ok {
			return
		}
		if subtle.ConstantTimeCompare([]byte(pin), []byte(o.FMCPIN)) != 1 {
			log.Warn("gsm: FMC: wrong PIN; call refused")
			c.refuse(ctx, l)
			return
		}
	}
	number, ok := l.collect(ctx, c.plan.Dial, c.o.FMCFirstDigit, c.o.FMCInterDigit, fmcMaxDigits)
	if !ok {
		return
	}
	if number == "" {
		log.Info("gsm: FMC: nothing dialled; call refused")
		c.refuse(ctx, l)
		return
	}
	l.becomeExtension(ext.Number, ext.Name)
	log.Info("gsm: FMC: call handed to the switch", "called", number)
	sw.Incoming(l, number)
}

// refuse plays congestion tone for FMCRefusal, then hangs up.
func (c *Channel) refuse(ctx context.Context, l *leg) {
	pl := l.play(c.plan.Congestion)
	t := time.NewTimer(c.o.FMCRefusal)
	select {
	case <-t.C:
	case <-l.done:
	case <-ctx.Done():
	}
	t.Stop()
	pl.stop()
	l.Hangup(ctx, call.CauseRejected)
}

// collect plays tone until the first digit and gathers up to max digits:
// "#" ends them, as do max digits and a pause of inter after a digit.
// With no digit within first it returns "". ok is false when the leg
// ended (or the channel stops, which hangs it up).
func (l *leg) collect(ctx context.Context, tone dsp.Tone, first, inter time.Duration, max int) (digits string, ok bool) {
	pl := l.play(tone)
	defer pl.stop()
	t := time.NewTimer(first)
	defer t.Stop()
	var b []byte
	for {
		select {
		case <-ctx.Done():
			return "", false
		case <-t.C:
			return string(b), true
		case ev, open := <-l.events:
			if !open || ev.Kind == call.EventHangup {
				return "", false
			}
			if ev.Kind != call.EventDigit {
				continue
			}
			pl.stop() // the tone ends with the first digit
			if ev.Digit == '#' {
				return string(b), true
			}
			if b = append(b, ev.Digit); len(b) >= max {
				return string(b), true
			}
			t.Reset(inter)
		}
	}
}
