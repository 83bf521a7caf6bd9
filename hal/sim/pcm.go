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

// pcmCushionFrames is the audio each direction holds before its reader
// starts (silence): a writer that is late (a busy CPU) has that long before
// its reader hears a gap, as the DMA buffer of a few periods gives a real
// PCM interface (the ALSA highway starts playback with two periods queued).
const pcmCushionFrames = 2

// pcmMaxLag is how far a reader may fall behind its frame clock before it
// skips ahead instead of catching up with a burst of frames.
const pcmMaxLag = time.Second

// PCMLink is a simulated PCM channel between the box (a driver's stream)
// and the world (a phone, the PSTN, a modem). Each side's ReadFrame is
// paced by the clock: frame n is due n frames after the side's first read,
// and a reader that is late gets the frames it missed at once, as from a
// capture buffer, so nothing is lost to a busy CPU within the cushion of
// pcmCushionFrames each direction starts with. ReadFrame returns the
// oldest frame the other side wrote, or silence when there is none; a
// reader that was itself late first waits as long for the frame, since the
// whole process (the simulated world and the box alike) was stalled. The
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
	for range pcmCushionFrames {
		toBox <- hal.Frame{}
		toWorld <- hal.Frame{}
	}
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
	phase time.Duration // how much later than the box's this end's frame clock runs

	mu   sync.Mutex
	next time.Time // when the next frame is due; zero before the first ReadFrame

	// flowing says whether the other side's frames came in time lately,
	// so that a late reader waits for the next one. Only the reader uses
	// it.
	flowing bool
}

// ReadFrame implements hal.PCMStream.
func (e *pcmEnd) ReadFrame(f *hal.Frame) error {
	now := e.clock.Now()
	e.mu.Lock()
	if e.next.IsZero() {
		e.next = now.Add(e.phase + hal.FrameDuration)
	}
	if now.Sub(e.next) > pcmMaxLag {
		e.next = now
	}
	due := e.next
	e.next = e.next.Add(hal.FrameDuration)
	e.mu.Unlock()
	if err := e.waitUntil(now, due); err != nil {
		return err
	}
	select {
	case fr := <-e.in:
		*f, e.flowing = fr, true
		return nil
	default:
	}
	// The queue is empty. A reader that came late was stalled, and the
	// writer, in the same process, most likely with it: give the writer
	// as long as this reader was late to catch up, rather than cut a gap
	// of silence into the stream that no hardware (its own clock, its own
	// DMA) would hear. A writer late on its own, with this reader on
	// time, still leaves a gap.
	if late := now.Sub(due); e.flowing && late > 0 {
		return e.waitFrame(f, late)
	}
	*f, e.flowing = hal.Frame{}, false
	return nil
}

// waitFrame reads the next frame into f, waiting up to d for the other
// side to write it; silence if it does not, or ErrClosed when the link is
// closed first. Only ReadFrame calls it.
func (e *pcmEnd) waitFrame(f *hal.Frame, d time.Duration) error {
	expired := make(chan struct{})
	t := e.clock.AfterFunc(d, func() { close(expired) })
	defer t.Stop()
	select {
	case <-e.done:
		return hal.ErrClosed
	case fr := <-e.in:
		*f = fr
	case <-expired:
		*f, e.flowing = hal.Frame{}, false
	}
	return nil
}

// waitUntil returns at due (at once when it has passed), or ErrClosed when
// the link is closed first.
func (e *pcmEnd) waitUntil(now, due time.Time) error {
	d := due.Sub(now)
	if d <= 0 {
		select {
		case <-e.done:
			return hal.ErrClosed
		default:
			return nil
		}
	}
	wake := make(chan struct{})
	t := e.clock.AfterFunc(d, func() { close(wake) })
	select {
	case <-e.done:
		t.Stop()
		return hal.ErrClosed
	case <-wake:
		return nil
	}
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
	return nil
}
