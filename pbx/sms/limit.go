package sms

import (
	"context"
	"time"
)

// Limits tells how many messages a module may send a day: the admin's
// per-SIM limit (store.GSMModuleOptions.SMSPerDay).
type Limits interface {
	// SMSPerDay returns how many messages module may send in one day of
	// the box's time zone; 0 means no limit.
	SMSPerDay(ctx context.Context, module string) (int, error)
}

// dayCap is what a module's sender remembers of its daily cap.
type dayCap struct {
	warned time.Time // the start of the day whose cap was last logged
}

// capped reports whether module has sent as many messages today as
// Limits allows; its messages then stay queued, and the sender looks again
// after the returned wait: at the next midnight in Location, or sooner
// (RetryMin) in case the admin raised the limit. The first time in a day
// that a message waits for the cap, it logs a warning. A limit or a count
// that cannot be read caps the module until it can.
func (s *Service) capped(ctx context.Context, module string, c *dayCap) (time.Duration, bool) {
	if s.o.Limits == nil {
		return 0, false
	}
	limit, err := s.o.Limits.SMSPerDay(ctx, module)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("sms: read the module's daily limit", "module", module, "err", err)
		}
		return s.o.RetryMin, true
	}
	if limit <= 0 {
		return 0, false
	}
	now := s.o.Now().In(s.o.Location)
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, s.o.Location)
	_, sent, err := s.st.GSMUsage(ctx, module, today)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("sms: count the module's messages of today", "module", module, "err", err)
		}
		return s.o.RetryMin, true
	}
	if sent < limit {
		return 0, false
	}
	tomorrow := time.Date(y, m, d+1, 0, 0, 0, 0, s.o.Location)
	if !c.warned.Equal(today) {
		if at, ok, err := s.st.NextSMSDue(ctx, module); err == nil && ok && !at.After(now) {
			c.warned = today
			s.log.Warn("sms: the module sent its messages for today; the rest wait until the limit allows",
				"module", module, "limit", limit, "sent", sent, "until", tomorrow)
		}
	}
	return min(tomorrow.Sub(now), s.o.RetryMin), true
}
