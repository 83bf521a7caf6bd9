package linuxhost

import (
	"fmt"
	"time"

	"github.com/hookflash/firmware/hal"
)

// PCMConfig is the configuration of one ALSA PCM stream. Zero fields take
// the defaults.
type PCMConfig struct {
	// Channels is the number of interleaved channels (TDM slots). Required.
	Channels int
	// Rate is the sample rate in Hz (default hal.SampleRate, 8000).
	Rate int
	// PeriodFrames is the frames per period (default hal.FrameSamples, 160:
	// one period is one 20 ms frame).
	PeriodFrames int
	// Periods is the buffer size in periods (default 4).
	Periods int
	// StartPeriods is, for playback, how many periods must be queued before
	// the device starts, and how many periods of silence refill it after an
	// underrun (default 2). Capture starts on the first read.
	StartPeriods int
	// Stall is how long a read or write may wait for the device before it
	// fails with a message that the PCM clock is not running (default 1 s).
	Stall time.Duration
}

func (c *PCMConfig) defaults() error {
	if c.Channels < 1 || c.Channels > 256 {
		return fmt.Errorf("%d channels: want 1..256", c.Channels)
	}
	if c.Rate == 0 {
		c.Rate = hal.SampleRate
	}
	if c.PeriodFrames == 0 {
		c.PeriodFrames = hal.FrameSamples
	}
	if c.Periods == 0 {
		c.Periods = 4
	}
	if c.StartPeriods == 0 {
		c.StartPeriods = 2
	}
	if c.Stall == 0 {
		c.Stall = time.Second
	}
	if c.Rate < 0 || c.PeriodFrames < 0 || c.Periods < 2 || c.StartPeriods < 1 || c.StartPeriods > c.Periods {
		return fmt.Errorf("rate %d, period %d frames, %d periods, start after %d: want positive values, at least 2 periods and start within the buffer",
			c.Rate, c.PeriodFrames, c.Periods, c.StartPeriods)
	}
	return nil
}

// TDMConfig configures a TDM port.
type TDMConfig struct {
	// Capture and Playback are the PCM device paths of the highway's two
	// directions (ALSADevice gives them for one device; a loopback card has
	// them on two).
	Capture, Playback string
	// PCM sets channels (one per 16-bit slot), rate, periods and stall
	// time for both directions; see PCMConfig.
	PCM PCMConfig
}
