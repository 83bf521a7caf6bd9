package fxo

import (
	"io"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
)

// rxFrames is how many received frames wait for a slow reader of a leg's
// audio before the oldest is dropped (60 ms).
const rxFrames = 3

// legAudio is a leg's call.Audio: frames the listener delivers, and frames
// queued for the line's transmit path.
type legAudio struct {
	lg    *leg
	timer *time.Timer // ReadFrame's wait; used by the one reader only
}

// ReadFrame implements call.Audio: the next 20 ms heard on the line, echo
// cancelled. Before the line is seized (no audio yet) it returns silence
// every frame time; after the leg ended, io.EOF.
func (a *legAudio) ReadFrame(f *call.Frame) error {
	lg := a.lg
	select {
	case fr := <-lg.rx:
		*f = fr
		return nil
	case <-lg.done:
		return io.EOF
	default:
	}
	if a.timer == nil {
		a.timer = time.NewTimer(2 * call.FrameDuration)
	} else {
		a.timer.Reset(2 * call.FrameDuration)
	}
	select {
	case fr := <-lg.rx:
		*f = fr
	case <-lg.done:
		return io.EOF
	case <-a.timer.C:
		*f = call.Frame{}
	}
	return nil
}

// WriteFrame implements call.Audio: f is sent at the line's frame clock,
// after any digits being sent.
func (a *legAudio) WriteFrame(f *call.Frame) error {
	select {
	case <-a.lg.done:
		return call.ErrLegEnded
	default:
	}
	a.lg.l.tx.write(a.lg, f)
	return nil
}

// deliver hands a received frame to the leg's reader, dropping the oldest
// when the reader lags. Only the listener calls it.
func (lg *leg) deliver(f *call.Frame) { hal.QueueDropOldest(lg.rx, *f) }
