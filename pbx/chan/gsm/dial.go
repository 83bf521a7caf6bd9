package gsm

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/pbx/call"
)

// parseAddress splits a Dial address: call.TrunkAddress(module, number),
// where module is a gsm_modules name or a slot number, or a bare number
// for any module that is up.
func parseAddress(address string) (module, number string, err error) {
	number = address
	if i := strings.LastIndexByte(address, '/'); i >= 0 {
		module, number = address[:i], address[i+1:]
		if module == "" {
			return "", "", fmt.Errorf("gsm: dial %q: empty module name; use module/number or a bare number", address)
		}
	}
	if digits := strings.TrimPrefix(number, "+"); digits == "" || len(number) > 40 || strings.Trim(digits, "0123456789*#") != "" {
		return "", "", fmt.Errorf("gsm: dial %q: the number must be digits, * and #, with an optional leading +", address)
	}
	return module, number, nil
}

// Dial implements call.Dialer for kind "gsm". The address is
// call.TrunkAddress(module, number), the module named by its gsm_modules
// name or its slot ("1/+79161234567"), or a bare number, which takes the
// first module that is up. It fails, with an error matching
// call.CauseUnavailable, when the module is disabled, unregistered, has no
// SIM ready or has used up its minutes (an alarm is raised then), and with
// one matching call.CauseBusy when it is in a call. The leg then reports
// EventProgress when the far end rings and EventAnswer when it answers
// (both seen by the Dev's AT+CLCC polling); a call that lasts until the
// rest of the module's minutes are used up is hung up. Cancelling ctx
// before the answer hangs up. from is not sent: the called party sees the
// SIM's own number.
func (c *Channel) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	module, number, err := parseAddress(address)
	if err != nil {
		return nil, err
	}
	if _, _, ok := c.running(); !ok {
		return nil, fmt.Errorf("gsm: dial: the channel is not running: %w", call.CauseUnavailable)
	}
	cfg := c.conf.Load()
	p, mc, err := c.pick(cfg, module)
	if err != nil {
		return nil, err
	}
	if p.current() != nil {
		return nil, fmt.Errorf("gsm: dial %s (%s): the module is in a call: %w", p.channel, mc.name, call.CauseBusy)
	}
	if why := p.unavailable(mc); why != "" {
		return nil, fmt.Errorf("gsm: dial %s (%s): %s: %w", p.channel, mc.name, why, call.CauseUnavailable)
	}
	g, err := c.checkLimits(ctx, p, mc)
	if err != nil {
		return nil, err
	}
	l := newLeg(p, false, call.Party{Number: number})
	l.grant = g
	if !p.claim(l) {
		return nil, fmt.Errorf("gsm: dial %s (%s): the module is in a call: %w", p.channel, mc.name, call.CauseBusy)
	}
	c.spawn(func() { l.dial(ctx, number) })
	return l, nil
}

// pick finds the module named module (a gsm_modules name or a slot), or
// with module "" the first one that is up.
func (c *Channel) pick(cfg *config, module string) (*port, *moduleConf, error) {
	if module == "" {
		for _, p := range c.order {
			if mc := cfg.bySlot[p.slot]; p.unavailable(mc) == "" && !p.limited() {
				return p, mc, nil
			}
		}
		return nil, nil, fmt.Errorf("gsm: dial: no GSM module is up: %w", call.CauseUnavailable)
	}
	for _, p := range c.order {
		if mc := cfg.bySlot[p.slot]; mc != nil && mc.name == module {
			return p, mc, nil
		}
	}
	if slot, err := strconv.Atoi(module); err == nil {
		if p := c.ports[slot]; p != nil && cfg.bySlot[slot] != nil {
			return p, cfg.bySlot[slot], nil
		}
	}
	return nil, nil, fmt.Errorf("gsm: dial: no GSM module %q; use a name or slot from the GSM modules settings: %w", module, call.CauseUnavailable)
}

// dial places the call on the modem and watches ctx until the answer.
func (l *leg) dial(ctx context.Context, number string) {
	if err := l.p.dev.Dial(ctx, number); err != nil {
		l.p.c.log.Info("gsm: call not placed", "leg", l.id, "err", err)
		if l.end(causeOf(err, false, false)) && ctx.Err() != nil {
			l.p.hangupModem() // ATD may have reached the modem
		}
		return
	}
	if l.State() == stateEnded { // hung up while ATD was on its way
		l.p.hangupModem()
		return
	}
	select {
	case <-ctx.Done():
		select {
		case <-l.answered:
			return // answered as ctx ended: the call stays
		default:
		}
		hctx, cancel := context.WithTimeout(context.Background(), hangupTimeout)
		defer cancel()
		l.Hangup(hctx, call.CauseNormal)
	case <-l.answered:
	case <-l.done:
	}
}
