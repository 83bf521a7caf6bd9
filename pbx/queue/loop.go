package queue

import (
	"errors"
	"io"

	"github.com/hookflash/firmware/pbx/call"
)

// errNoMusic is loop's open error when a queue has no music.
var errNoMusic = errors.New("queue: no music")

// loop is a call.FrameSource that plays what open returns again and again;
// when open fails, or returns nothing to play, it is silence. It never
// ends. It is used by one goroutine.
type loop struct {
	open    func() (call.FrameSource, error)
	src     call.FrameSource
	silence bool
}

// ReadFrame implements call.FrameSource.
func (l *loop) ReadFrame(f *call.Frame) error {
	for tries := 0; !l.silence; tries++ {
		if l.src == nil {
			src, err := l.open()
			if err != nil || tries > 1 { // a source that ends at once is no music
				l.silence = true
				break
			}
			l.src = src
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
