package dialplan

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// pairRead is how long a pair end's ReadFrame waits for the other end's
// frame before it returns silence: a little more than a frame, so that a
// paced peer is never padded with silence.
const pairRead = call.FrameDuration + 5*time.Millisecond

// pair is two legs joined back to back, each one call's leg: what one end
// is written the other reads, a digit sent to one is an event of the other,
// and hanging up either ends both. A call pickup joins the ringing call and
// the picking call with one. Both ends answer as soon as they are dialled.
type pair struct {
	ends [2]*pairEnd
	done chan struct{} // closed when the pair has ended
	once sync.Once
}

// pairEnd is one end of a pair; it implements call.Leg and call.Audio.
type pairEnd struct {
	p       *pair
	other   *pairEnd
	id      string
	channel string
	remote  call.Party
	in      chan call.Frame // frames written at the other end
	timer   *time.Timer     // ReadFrame's; one reader at a time

	mu     sync.Mutex
	events chan call.Event
	closed bool
}

// newPair returns a pair whose ends are named id+"/0" and id+"/1", seen as
// channels channels[i], with far ends remotes[i].
func newPair(id string, channels [2]string, remotes [2]call.Party) *pair {
	p := &pair{done: make(chan struct{})}
	for i := range p.ends {
		t := time.NewTimer(pairRead)
		t.Stop()
		p.ends[i] = &pairEnd{p: p, id: id + "/" + string(rune('0'+i)), channel: channels[i], remote: remotes[i],
			in: make(chan call.Frame, 8), timer: t, events: make(chan call.Event, queueLen)}
	}
	p.ends[0].other, p.ends[1].other = p.ends[1], p.ends[0]
	return p
}

// queueLen is how many events an end keeps before its reader takes them.
const queueLen = 16

// answer reports the end answered.
func (e *pairEnd) answer() { e.emit(call.Event{Kind: call.EventAnswer}) }

// end ends both ends: each reports a normal hang-up.
func (p *pair) end() {
	p.once.Do(func() {
		close(p.done)
		for _, e := range p.ends {
			e.mu.Lock()
			if !e.closed {
				e.closed = true
				e.events <- call.Event{Kind: call.EventHangup, Cause: call.CauseNormal}
				close(e.events)
			}
			e.mu.Unlock()
		}
	})
}

// emit reports ev unless the end has ended; an event beyond the queue is
// dropped.
func (e *pairEnd) emit(ev call.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || len(e.events) >= cap(e.events)-1 { // room is kept for the hang-up
		return
	}
	e.events <- ev
}

func (e *pairEnd) ID() string                               { return e.id }
func (e *pairEnd) Channel() string                          { return e.channel }
func (e *pairEnd) Remote() call.Party                       { return e.remote }
func (e *pairEnd) Events() <-chan call.Event                { return e.events }
func (e *pairEnd) Progress(context.Context, bool) error     { return e.alive() }
func (e *pairEnd) Answer(context.Context) error             { return e.alive() }
func (e *pairEnd) Audio() call.Audio                        { return e }
func (e *pairEnd) Hangup(context.Context, call.Cause) error { e.p.end(); return nil }

// SendDigits makes the digits events of the other end, whose call passes
// them on to its caller.
func (e *pairEnd) SendDigits(_ context.Context, digits string) error {
	if err := e.alive(); err != nil {
		return err
	}
	for i := range len(digits) {
		e.other.emit(call.Event{Kind: call.EventDigit, Digit: digits[i]})
	}
	return nil
}

// alive returns call.ErrLegEnded once the pair has ended.
func (e *pairEnd) alive() error {
	select {
	case <-e.p.done:
		return call.ErrLegEnded
	default:
		return nil
	}
}

// ReadFrame implements call.Audio: the other end's next frame, or silence
// when none comes within pairRead.
func (e *pairEnd) ReadFrame(f *call.Frame) error {
	e.timer.Reset(pairRead)
	defer e.timer.Stop()
	select {
	case g := <-e.in:
		*f = g
	case <-e.timer.C:
		clear(f[:])
	case <-e.p.done:
		return io.EOF
	}
	return nil
}

// WriteFrame implements call.Audio; a frame the other end's reader is too
// far behind to take is dropped.
func (e *pairEnd) WriteFrame(f *call.Frame) error {
	if err := e.alive(); err != nil {
		return io.EOF
	}
	select {
	case e.other.in <- *f:
	default:
	}
	return nil
}
