package calltest

import (
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// Media says what audio a fake leg offers.
type Media int

// The kinds of fake media.
const (
	PCM          Media = iota // call.Audio only
	Relay                     // call.Relayer that relays
	RelayRefused              // call.Relayer whose Relay says no
)

// heardMax is how many heard frames an Audio keeps.
const heardMax = 1024

// ErrRelaying is what ReadFrame and WriteFrame return while the audio is
// relayed: the switch must not pump a relayed leg.
var ErrRelaying = errors.New("calltest: audio used while relayed")

// Audio is a leg's fake PCM media. ReadFrame returns what the far end Says,
// or silence, paced at one frame per 20 ms like a jitter buffer; WriteFrame
// keeps what the far end hears. Both return io.EOF or call.ErrLegEnded once
// the leg ended. It is safe for concurrent use.
type Audio struct {
	leg  *Leg
	pace time.Duration

	reads, writes atomic.Int64
	misuse        atomic.Int64 // reads and writes while relayed

	mu     sync.Mutex
	next   time.Time // when the next frame is due
	said   []call.Frame
	heardQ []call.Frame
	peer   *Audio             // the other side while relayed
	ear    call.RelayListener // hears what the far end says while relayed
}

// SetPace sets how often ReadFrame returns a frame; 0 returns at once.
func (a *Audio) SetPace(d time.Duration) {
	a.mu.Lock()
	a.pace = d
	a.mu.Unlock()
}

// Reads returns how many frames the switch has read.
func (a *Audio) Reads() int64 { return a.reads.Load() }

// Writes returns how many frames the switch has written.
func (a *Audio) Writes() int64 { return a.writes.Load() }

// Misuse returns how many times the switch read or wrote while relaying.
func (a *Audio) Misuse() int64 { return a.misuse.Load() }

// PCM returns the leg's audio, for its counters.
func (l *Leg) PCM() *Audio { return l.pcm }

// ReadFrame implements call.Audio.
func (a *Audio) ReadFrame(f *call.Frame) error {
	a.mu.Lock()
	wait := time.Duration(0)
	if a.pace > 0 {
		now := time.Now()
		if a.next.Before(now) {
			a.next = now
		}
		a.next = a.next.Add(a.pace)
		wait = a.next.Sub(now)
	}
	a.mu.Unlock()
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-a.leg.done:
			t.Stop()
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case a.leg.State().Ended:
		return io.EOF
	case a.peer != nil:
		a.misuse.Add(1)
		return ErrRelaying
	case len(a.said) > 0:
		*f = a.said[0]
		a.said = a.said[1:]
	default:
		*f = call.Frame{}
	}
	a.reads.Add(1)
	return nil
}

// WriteFrame implements call.Audio.
func (a *Audio) WriteFrame(f *call.Frame) error {
	if a.leg.State().Ended {
		return call.ErrLegEnded
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.peer != nil {
		a.misuse.Add(1)
		return ErrRelaying
	}
	a.hear(f)
	a.writes.Add(1)
	return nil
}

// say queues f for ReadFrame, or hands it to the relayed peer.
func (a *Audio) say(f call.Frame) {
	a.mu.Lock()
	peer, ear := a.peer, a.ear
	if peer == nil {
		a.said = append(a.said, f)
	}
	a.mu.Unlock()
	if peer != nil && ear != nil && ear.Wants(time.Now()) {
		ear.Hear(&f)
	}
	if peer != nil {
		peer.mu.Lock()
		peer.hear(&f)
		peer.mu.Unlock()
	}
}

// hear keeps f as heard by the far end; a.mu is held.
func (a *Audio) hear(f *call.Frame) {
	if len(a.heardQ) == heardMax {
		a.heardQ = append(a.heardQ[:0], a.heardQ[1:]...)
	}
	a.heardQ = append(a.heardQ, *f)
}

func (a *Audio) heard() []call.Frame {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]call.Frame(nil), a.heardQ...)
}

// RelayAudio is Audio that offers call.Relayer. While relayed, what one far
// end Says the other hears directly, and ReadFrame and WriteFrame fail with
// ErrRelaying.
type RelayAudio struct {
	*Audio
	refuse bool
	relays atomic.Int64
}

var _ call.RelayHearer = (*RelayAudio)(nil)

// HearRelayed implements call.RelayHearer: while relayed, l hears each
// frame the far end Says, when it wants it then.
func (r *RelayAudio) HearRelayed(l call.RelayListener) {
	r.Audio.mu.Lock()
	r.Audio.ear = l
	r.Audio.mu.Unlock()
}

// Relays returns how many times Relay agreed.
func (r *RelayAudio) Relays() int64 { return r.relays.Load() }

// Relay implements call.Relayer. It agrees when both sides are fake relay
// audio and neither refuses.
func (r *RelayAudio) Relay(other call.Relayer) (stop func(), ok bool) {
	o, isFake := other.(*RelayAudio)
	if !isFake || r.refuse || o.refuse {
		return nil, false
	}
	r.relays.Add(1)
	link := func(p *Audio) {
		r.Audio.mu.Lock()
		r.Audio.peer = p
		r.Audio.mu.Unlock()
	}
	linkBack := func(p *Audio) {
		o.Audio.mu.Lock()
		o.Audio.peer = p
		o.Audio.mu.Unlock()
	}
	link(o.Audio)
	linkBack(r.Audio)
	var once sync.Once
	return func() {
		once.Do(func() {
			link(nil)
			linkBack(nil)
		})
	}, true
}
