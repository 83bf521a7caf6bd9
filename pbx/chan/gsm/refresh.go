package gsm

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// poll refreshes signal and usage every StatusEvery, and usage alone
// after each UsageChanged.
func (c *Channel) poll(ctx context.Context) {
	t := time.NewTicker(c.o.StatusEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.refresh(ctx)
		case <-c.used:
			c.refreshUsage(ctx)
		}
	}
}

// UsageChanged tells the channel that a module's usage changed outside
// it: the SMS service recorded a message sent. The channel reads every
// module's usage again soon, on its own goroutine, so that Status
// (sms_today) and the SMS limit's alarm count the message at once rather
// than at the next StatusEvery. It never blocks; calls close together are
// coalesced. It is safe for concurrent use.
func (c *Channel) UsageChanged() {
	select {
	case c.used <- struct{}{}:
	default:
	}
}

// refresh reads the signal of idle modules and every module's usage.
func (c *Channel) refresh(ctx context.Context) {
	for _, p := range c.order {
		if p.current() == nil {
			if _, _, err := p.dev.Signal(ctx); err != nil {
				c.log.Debug("gsm: signal not read", "slot", p.slot, "err", err)
			}
			c.changed()
		}
	}
	c.refreshUsage(ctx)
}

// refreshUsage reads every configured module's usage and raises or clears
// its alarms.
func (c *Channel) refreshUsage(ctx context.Context) {
	cfg := c.conf.Load()
	for _, p := range c.order {
		if mc := cfg.bySlot[p.slot]; mc != nil {
			if _, err := c.checkLimits(ctx, p, mc); err != nil && ctx.Err() == nil {
				c.log.Warn("gsm: usage not read", "slot", p.slot, "err", err)
			}
		}
	}
}

// grant is how long an outbound call may last under a module's minute
// limits.
type grant struct {
	capped bool          // a minute limit applies
	left   time.Duration // the rest of the allowance
	alarm  string        // the alarm raised when left runs out
}

// checkLimits reads p's usage, updates its alarms and returns how long an
// outbound call may last. It returns an error matching
// call.CauseUnavailable when the minutes are used up.
func (c *Channel) checkLimits(ctx context.Context, p *port, mc *moduleConf) (grant, error) {
	if c.o.Limits == nil {
		return grant{}, nil
	}
	u, err := readUsage(ctx, c.o.Limits, p.channel, c.o.Now(), c.o.Location)
	if err != nil {
		return grant{}, err
	}
	left, unlimited, binding, minutes := allowance(mc.opts, u)
	p.setUsage(u, minutes, smsAlarm(mc.opts, u))
	if minutes != "" {
		return grant{}, fmt.Errorf("gsm: %s (%s): %s: %w", p.channel, mc.name, minutes, call.CauseUnavailable)
	}
	return grant{capped: !unlimited, left: left, alarm: binding}, nil
}

// alarm reports a limit reached on slot: a warning in the log and
// Opts.OnAlarm.
func (c *Channel) alarm(slot int, what string) {
	c.log.Warn("gsm: limit reached", "slot", slot, "alarm", what)
	if c.o.OnAlarm == nil {
		return
	}
	c.alarmMu.Lock()
	defer c.alarmMu.Unlock()
	c.o.OnAlarm(slot, what)
}
