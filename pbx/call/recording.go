package call

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Record implements Control.
func (c *Call) Record(ctx context.Context, sink FrameSink, max time.Duration, stopOn string) (byte, error) {
	audio, err := c.ensureMedia(ctx)
	if err != nil {
		return 0, err
	}
	c.quiet() // Record reads the caller's audio, and hears for the ear
	defer c.listen()
	ear := c.ear.Load()
	f := &c.frame
	frames := int(max / FrameDuration)
	for n := 0; max <= 0 || n < frames; n++ {
		if d, ok := c.caller.stopDigit(stopOn); ok {
			return d, nil
		}
		if err := c.usable(); err != nil {
			return 0, err
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if err := audio.ReadFrame(f); err != nil { // paces the loop
			if errors.Is(err, io.EOF) || c.usable() != nil {
				return 0, ErrLegEnded
			}
			return 0, fmt.Errorf("call: record from %s: %w", c.caller.channel, err)
		}
		if ear != nil {
			ear.hear(f)
		}
		if err := sink.WriteFrame(f); err != nil {
			return 0, fmt.Errorf("call: record: %w", err)
		}
	}
	return 0, nil
}
