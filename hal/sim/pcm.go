package sim

import (
	"sync"

	"github.com/hookflash/firmware/hal"
)

// pcmQueueFrames is how much audio a direction buffers (1 s); a writer
// running ahead of the frame clock loses the newest frames beyond it, as a
// full TDM FIFO would.
const pcmQueueFrames = 50

// PCMLink is a simulated PCM channel between the box (a driver's stream)
// and the world (a phone, the PSTN, a modem). Each side's ReadFrame is
// paced by the clock: it returns one frame every hal.FrameDuration, the
// oldest frame the other side wrote, or silence when it wrote none.
type PCMLink struct {
	box, world *pcmEnd
}

// NewPCMLink returns a link paced by clock (nil: hal.SystemClock).
func NewPCMLink(clock hal.Clock) *PCMLink {
	c := hal.OrSystem(clock)
	toBox := make(chan hal.Frame, pcmQueueFrames)
	toWorld := make(chan hal.Frame, pcmQueueFrames)
	done := make(chan struct{})
	var once sync.Once
	closeFn := func() { once.Do(func() { close(done) }) }
	return &PCMLink{
		box:   &pcmEnd{clock: c, in: toBox, out: toWorld, done: done, close: closeFn},
		world: &pcmEnd{clock: c, in: toWorld, out: toBox, done: done, close: closeFn},
	}
}

// Box is the driver's side.
func (l *PCMLink) Box() hal.PCMStream { return l.box }

// World is the simulated line's side.
func (l *PCMLink) World() hal.PCMStream { return l.world }

type pcmEnd struct {
	clock hal.Clock
	in    <-chan hal.Frame
	out   chan<- hal.Frame
	done  chan struct{}
	close func()

	mu     sync.Mutex
	ticker hal.Ticker
}

// ReadFrame implements hal.PCMStream.
func (e *pcmEnd) ReadFrame(f *hal.Frame) error {
	e.mu.Lock()
	if e.ticker == nil {
		e.ticker = e.clock.NewTicker(hal.FrameDuration)
	}
	t := e.ticker
	e.mu.Unlock()
	select {
	case <-e.done:
		return hal.ErrClosed
	case <-t.C():
	}
	select {
	case fr := <-e.in:
		*f = fr
	default:
		*f = hal.Frame{}
	}
	return nil
}

// WriteFrame implements hal.PCMStream.
func (e *pcmEnd) WriteFrame(f *hal.Frame) error {
	select {
	case <-e.done:
		return hal.ErrClosed
	default:
	}
	select {
	case e.out <- *f:
	default: // queue full: the frame is lost
	}
	return nil
}

// Close implements hal.PCMStream; it closes both ends.
func (e *pcmEnd) Close() error {
	e.close()
	e.mu.Lock()
	if e.ticker != nil {
		e.ticker.Stop()
	}
	e.mu.Unlock()
	return nil
}
