package conf

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/hookflash/firmware/pbx/call"
)

// inQueue is how many frames a party may say ahead of the room's loop:
// enough for the two clocks' jitter, little enough to keep the delay low.
const inQueue = 3

// party is one leg in a room. It is the call.Leg the Service's Dial
// returns, and its own call.Audio: WriteFrame is what the party says,
// ReadFrame what it hears, one frame per room tick.
type party struct {
	r      *room
	id     string
	from   call.Party
	events chan call.Event
	ended  chan struct{}
	once   sync.Once

	// Guarded by r.mu.
	in    [inQueue]call.Frame
	nIn   int
	out   call.Frame
	fresh chan struct{} // poked when out has a new frame
	mix   call.Frame    // the room loop's buffer for this party
}

func newParty(r *room, from call.Party, n uint64) *party {
	return &party{r: r, id: fmt.Sprintf("conf/%s/%d", r.name, n), from: from,
		events: make(chan call.Event, 4), ended: make(chan struct{}), fresh: make(chan struct{}, 1)}
}

// ID implements call.Leg.
func (p *party) ID() string { return p.id }

// Channel implements call.Leg: "conf/<room>".
func (p *party) Channel() string { return "conf/" + p.r.name }

// Remote implements call.Leg: the room, as the party's far end.
func (p *party) Remote() call.Party {
	return call.Party{Number: p.r.name, Name: "Conference " + p.r.name}
}

// Events implements call.Leg.
func (p *party) Events() <-chan call.Event { return p.events }

// Progress implements call.Leg; a room has nothing to say about it.
func (p *party) Progress(ctx context.Context, early bool) error { return p.usable() }

// Answer implements call.Leg; a room answers by itself.
func (p *party) Answer(ctx context.Context) error { return p.usable() }

// SendDigits implements call.Leg; the room ignores digits.
func (p *party) SendDigits(ctx context.Context, digits string) error { return p.usable() }

// Audio implements call.Leg.
func (p *party) Audio() call.Audio { return p }

// Hangup implements call.Leg: the party leaves the room.
func (p *party) Hangup(ctx context.Context, cause call.Cause) error {
	left := false
	p.once.Do(func() {
		left = true
		p.r.s.leave(p)
		close(p.ended)
		p.events <- call.Event{Kind: call.EventHangup, Cause: cause}
		close(p.events)
	})
	if !left {
		return call.ErrLegEnded
	}
	return nil
}

func (p *party) usable() error {
	select {
	case <-p.ended:
		return call.ErrLegEnded
	default:
		return nil
	}
}

// WriteFrame implements call.Audio: f is what the party says. When the
// party is further ahead of the room than inQueue frames, its oldest frame
// is dropped.
func (p *party) WriteFrame(f *call.Frame) error {
	if err := p.usable(); err != nil {
		return err
	}
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	if p.nIn == inQueue {
		copy(p.in[:], p.in[1:])
		p.nIn--
	}
	p.in[p.nIn] = *f
	p.nIn++
	return nil
}

// ReadFrame implements call.Audio: it waits for the room's next frame for
// this party, everyone else mixed, and returns io.EOF once the party left.
func (p *party) ReadFrame(f *call.Frame) error {
	select {
	case <-p.fresh:
	case <-p.ended:
		return io.EOF
	}
	p.r.mu.Lock()
	*f = p.out
	p.r.mu.Unlock()
	return nil
}

// take pops the frame the party says this tick into f; false when it said
// nothing. r.mu is held.
func (p *party) take(f *call.Frame) bool {
	if p.nIn == 0 {
		return false
	}
	*f = p.in[0]
	copy(p.in[:], p.in[1:])
	p.nIn--
	return true
}
