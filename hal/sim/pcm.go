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

// pcmCushionFrames is the silence each side reads first, and how many
// frames the box lets queue up whenever the world's stream starts (again):
// the frames queued cover a writer that is a little late (a busy CPU)
// without the reader waiting, as the DMA buffer of a few periods keeps a
// real PCM interface (the ALSA highway starts playback with two periods
// queued). The box keeps it whichever side starts first, since a box
// that waits for a late phone leaves its other ports' audio short; the
// world, an analog line, hears what the box plays without a buffer.
const pcmCushionFrames = 2

// pcmSlack is how long a reader that finds no frame waits for a writer
// that has been writing before it hears silence. Both ends are goroutines
// of one process that the scheduler holds back at will on a loaded
// machine: in the lab's end-to-end tests on 2 CPUs, at a load of 10 to 30
// writers came up to seven frames (140 ms) later than the two-frame
// cushion covers, and at a load of 60 the box waited up to 300 ms for a
// lab phone; hardware, with one clock for both directions and a DMA
// engine that is never late, cuts no gap there. A writer that stopped (an
// FXO line put on hook, a GSM call over) costs its reader's frame loop one
// wait of pcmSlack, after which it hears silence on time.
const pcmSlack = 25 * hal.FrameDuration

// pcmMaxLag is how far a reader may fall behind its frame clock before it
// skips ahead instead of catching up with a burst of frames.
const pcmMaxLag = time.Second

// PCMLink is a simulated PCM channel between the box (a driver's stream)
// and the world (a phone, the PSTN, a modem). Each side's ReadFrame is
// paced by the clock: frame n is due n frames after the side's first read,
// and a reader that is late gets the frames it missed at once, as from a
// capture buffer. ReadFrame returns the oldest frame the other side wrote
// (the box's pcmCushionFrames behind once the stream has started); when
// there is none and the other side has been writing, it waits up to
// pcmSlack for it, so that a writer the scheduler held back, alone or with
// its reader, is heard late rather than with silence cut into its stream;
// when the other side does not write, it returns silence. The world's
// frame clock runs half a frame behind the box's, so a frame the box
// writes on its tick is always there for the world's next read (and the
// other way round) when both start together, as under testing/synctest:
// with both clocks on the same instants, which of a read and a write at
// one instant goes first would decide whether the reader waits.
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
		box: &pcmEnd{clock: c, in: toBox, out: toWorld, done: done, close: closeFn,
			cushion: pcmCushionFrames, buffered: true},
		world: &pcmEnd{clock: c, in: toWorld, out: toBox, done: done, close: closeFn,
			cushion: pcmCushionFrames, phase: hal.FrameDuration / 2},
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

	// cushion is how many more reads hear silence before the reader
	// takes the queue's frames. Only the reader uses it.
	cushion int
	// buffered makes the cushion start again whenever the other side's
	// stream does, and count only reads that find its frames queued.
	buffered bool
	// flowing says whether the other side wrote the last frame this
	// reader took, so that an empty queue means it is late rather than
	// silent. Only the reader uses it.
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
	if !e.flowing {
		switch {
		case e.buffered && len(e.in) == 0:
			e.cushion = pcmCushionFrames
			*f = hal.Frame{}
			return nil
		case e.cushion > 0:
			e.cushion--
			*f = hal.Frame{}
			return nil
		}
	}
	select {
	case fr := <-e.in:
		*f, e.flowing = fr, true
		return nil
	default:
	}
	if e.flowing {
		return e.waitFrame(f, pcmSlack)
	}
	*f = hal.Frame{}
	return nil
}

// waitFrame reads the next frame into f, waiting up to d for the other
// side to write it; silence if it does not, after which the reader takes
// it as silent, or ErrClosed when the link is closed first. Only
// ReadFrame calls it.
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
