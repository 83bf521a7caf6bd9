package call

import (
	"context"
	"time"
)

// CollectDigits implements Control.
func (c *Call) CollectDigits(ctx context.Context, o DigitOpts) (string, error) {
	if err := c.answerForMedia(ctx); err != nil {
		return "", err
	}
	var buf [32]byte
	digits := buf[:0]
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var expired <-chan time.Time
	arm := func(d time.Duration) {
		timer.Stop()
		expired = nil
		if d > 0 {
			timer.Reset(d)
			expired = timer.C
		}
	}
	arm(o.FirstTimeout)
	for {
		for {
			q, ok := c.caller.pop()
			if !ok {
				break
			}
			if q.ev.Kind != EventDigit {
				continue
			}
			if o.Terminator != 0 && q.ev.Digit == o.Terminator {
				return string(digits), nil
			}
			digits = append(digits, q.ev.Digit)
			if o.Max > 0 && len(digits) >= o.Max {
				return string(digits), nil
			}
			arm(o.InterDigitTimeout)
		}
		select {
		case <-c.wake:
		case <-expired:
			if len(digits) == 0 {
				return "", ErrNoInput
			}
			return string(digits), nil
		case <-ctx.Done():
			return string(digits), c.stopErr(ctx)
		case <-c.ctx.Done():
			return string(digits), ErrLegEnded
		}
	}
}
