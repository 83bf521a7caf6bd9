package call

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Play implements Control.
func (c *Call) Play(ctx context.Context, src FrameSource, stopOn string) (byte, error) {
	audio, err := c.ensureMedia(ctx)
	if err != nil {
		return 0, err
	}
	f := &c.frame
	tick := time.NewTicker(FrameDuration)
	defer tick.Stop()
	for {
		if d, ok := c.caller.stopDigit(stopOn); ok {
			return d, nil
		}
		if err := src.ReadFrame(f); err != nil {
			if errors.Is(err, io.EOF) {
				return 0, nil
			}
			return 0, fmt.Errorf("call: play: %w", err)
		}
		if err := audio.WriteFrame(f); err != nil {
			if err := c.usable(); err != nil {
				return 0, err
			}
			return 0, fmt.Errorf("call: play to %s: %w", c.caller.channel, err)
		}
	wait: // for the next frame's time, looking at digits meanwhile
		for {
			select {
			case <-tick.C:
				break wait
			case <-c.wake:
				if d, ok := c.caller.stopDigit(stopOn); ok {
					return d, nil
				}
			case <-ctx.Done():
				return 0, c.stopErr(ctx)
			case <-c.ctx.Done():
				return 0, ErrLegEnded
			}
		}
	}
}
