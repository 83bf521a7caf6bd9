package call

import (
	"context"
	"errors"
	"fmt"
)

// Answer implements Control.
func (c *Call) Answer(ctx context.Context) error {
	c.mu.Lock()
	up := c.callerUp
	c.mu.Unlock()
	if up {
		return nil
	}
	if err := c.usable(); err != nil {
		return err
	}
	if err := c.caller.leg.Answer(ctx); err != nil {
		return fmt.Errorf("call: answer %s: %w", c.caller.channel, err)
	}
	c.mu.Lock()
	c.callerUp = true
	first := c.answeredAt.IsZero()
	if first {
		c.answeredAt = c.sw.now()
	}
	c.mu.Unlock()
	if first {
		c.sw.publish(c, CallAnswered, c.caller.channel, 0)
	}
	c.listen()
	return nil
}

// Progress implements Control.
func (c *Call) Progress(ctx context.Context, early bool) error {
	if err := c.usable(); err != nil {
		return err
	}
	if err := c.caller.leg.Progress(ctx, early); err != nil {
		return fmt.Errorf("call: progress %s: %w", c.caller.channel, err)
	}
	c.mu.Lock()
	c.progressed = true
	c.early = c.early || early
	c.mu.Unlock()
	c.listen()
	return nil
}

// answerForMedia answers the caller unless it is answered or has early
// media.
func (c *Call) answerForMedia(ctx context.Context) error {
	c.mu.Lock()
	ready := c.callerUp || c.early
	c.mu.Unlock()
	if !ready {
		if err := c.Answer(ctx); err != nil {
			return err
		}
	}
	return c.usable()
}

// ensureMedia answers the caller unless it is answered or has early media,
// and returns its audio.
func (c *Call) ensureMedia(ctx context.Context) (Audio, error) {
	if err := c.answerForMedia(ctx); err != nil {
		return nil, err
	}
	a := c.caller.leg.Audio()
	if a == nil {
		return nil, fmt.Errorf("call: %s has no audio", c.caller.channel)
	}
	return a, nil
}

// Hangup implements Control.
func (c *Call) Hangup(ctx context.Context, cause Cause) error {
	c.Step("hangup", cause.String())
	c.mu.Lock()
	if c.callerCause == 0 {
		c.callerCause = cause
	}
	legs := c.legs
	c.mu.Unlock()
	err := c.caller.leg.Hangup(ctx, cause)
	for _, ls := range legs[1:] {
		ls.hangup(CauseNormal)
	}
	if err != nil && !errors.Is(err, ErrLegEnded) {
		return fmt.Errorf("call: hang up %s: %w", c.caller.channel, err)
	}
	return nil
}
