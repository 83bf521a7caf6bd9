package prompt

import (
	"errors"
	"io"

	"github.com/hookflash/firmware/pbx/call"
)

// Loop is a call.FrameSource that plays what Open returns again and again,
// opening it anew at each end: music on hold, a queue's music, a route's
// waiting melody. When Open fails, the source fails, or it ends without a
// frame, Loop plays silence from then on. It never ends, and is not safe
// for concurrent use.
type Loop struct {
	Open func() (call.FrameSource, error)

	src     call.FrameSource
	silence bool
}

// ReadFrame implements call.FrameSource.
func (l *Loop) ReadFrame(f *call.Frame) error {
	for opened := false; !l.silence; {
		if l.src == nil {
			if opened { // ended without a frame
				l.silence = true
				break
			}
			src, err := l.Open()
			if err != nil {
				l.silence = true
				break
			}
			l.src, opened = src, true
		}
		err := l.src.ReadFrame(f)
		if err == nil {
			return nil
		}
		l.src = nil
		if !errors.Is(err, io.EOF) {
			l.silence = true
		}
	}
	*f = call.Frame{}
	return nil
}
