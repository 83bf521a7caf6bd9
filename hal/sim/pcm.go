package sim

import (
	"sync"
	"time"

	"github.com/hookflash/firmware/hal"
)

// pcmQueueFrames is how much audio a direction buffers (1 s); a writer
// running ahead of the frame clock loses the newest frames beyond it, as a
// full TDM FIFO would.
const pcmQueueFrames = 50

// PCMLink is a simulated PCM channel between the box (a driver's stream)
// and the world (a phone, the PSTN, a modem). Each side's ReadFrame is
// paced by the clock: it returns one frame every hal.FrameDuration, the
// oldest frame the other side wrote, or silence when it wrote none. The
// world's frame clock runs half a frame behind the box's, so a frame the
// box writes on its tick is always there for the world's next read (and
// the other way round): with both clocks on the same instants, which of a
// read and a write at one instant goes first would decide whether a frame
// of silence is inserted mid-stream, as under testing/synctest it did.
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
		world: &pcmEnd{clock: c, in: toWorld, out: toBox, done: done, close: closeFn, phase: hal.FrameDuration / 2},
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
	phase time.Duration // how long after its first ReadFrame the end's frame clock starts

	mu     sync.Mutex
	ticker hal.Ticker
	start  chan struct{} // closed when the frame clock has started
}

// ReadFrame implements hal.PCMStream.
func (e *pcmEnd) ReadFrame(f *hal.Frame) error {
	e.mu.Lock()
	if e.start == nil {
		e.start = make(chan struct{})
		e.clock.AfterFunc(e.phase, func() {
			e.mu.Lock()
			select {
			case <-e.done: // closed before the clock started
			default:
				e.ticker = e.clock.NewTicker(hal.FrameDuration)
			}
			e.mu.Unlock()
			close(e.start)
		})
	}
	start := e.start
	e.mu.Unlock()
	select {
	case <-e.done:
		return hal.ErrClosed
	case <-start:
	}
	e.mu.Lock()
	t := e.ticker
	e.mu.Unlock()
	if t == nil {
		return hal.ErrClosed
	}
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
