package gsm

import (
	"io"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
)

// readWait is how long ReadFrame waits for the module's next frame before
// it returns silence: two frame times, so a frame a little late is not
// replaced.
const readWait = 2 * call.FrameDuration

// legAudio is a leg's call.Audio over its module's PCM port: frames of the
// far end come from the port's reader, frames to it go straight to the
// port.
type legAudio struct {
	l *leg
	t *time.Timer // ReadFrame's; ReadFrame has one caller at a time
}

// deliver hands a frame of the far end to the leg, dropping the oldest
// waiting frame when nobody read it in time. Only the port's reader calls
// it.
func (l *leg) deliver(f *hal.Frame) { hal.QueueDropOldest(l.frames, *f) }

// ReadFrame implements call.Audio: the next frame of the far end, silence
// when none came within two frame times, io.EOF once the leg ended.
func (a *legAudio) ReadFrame(f *call.Frame) error {
	if a.t == nil {
		a.t = time.NewTimer(readWait)
	} else {
		a.t.Reset(readWait)
	}
	select {
	case fr := <-a.l.frames:
		*f = call.Frame(fr)
		return nil
	case <-a.l.done:
		return io.EOF
	case <-a.t.C:
		*f = call.Frame{}
		return nil
	}
}

// WriteFrame implements call.Audio: f goes to the module's PCM port.
func (a *legAudio) WriteFrame(f *call.Frame) error {
	select {
	case <-a.l.done:
		return call.ErrLegEnded
	default:
	}
	if a.l.p.audio == nil {
		return nil
	}
	return a.l.p.audio.WriteFrame((*hal.Frame)(f))
}
