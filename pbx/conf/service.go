package conf

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	"github.com/hookflash/firmware/pbx/call"
)

// DefaultMaxParties is how many parties a room takes when Opts leaves it 0.
const DefaultMaxParties = 32

// Opts configures a Service.
type Opts struct {
	// MaxParties bounds each room; a party beyond it is refused with
	// call.CauseCongestion. 0: DefaultMaxParties.
	MaxParties int
	// NoTones turns off the join and leave tones.
	NoTones bool
	Logger  *slog.Logger
}

// ErrClosed is Dial's error once the Service is closed.
var ErrClosed = errors.New("conf: the conference service is closed")

// Service holds the rooms. It implements call.Dialer; it is safe for
// concurrent use.
type Service struct {
	o   Opts
	log *slog.Logger
	wg  sync.WaitGroup

	mu     sync.Mutex
	rooms  map[string]*room
	closed bool
}

// New returns a Service with no rooms.
func New(o Opts) *Service {
	if o.MaxParties <= 0 {
		o.MaxParties = DefaultMaxParties
	}
	return &Service{o: o, log: cmp.Or(o.Logger, slog.Default()), rooms: map[string]*room{}}
}

// Dial implements call.Dialer: it joins room address with the caller ID
// from and returns the party's leg, which reports EventAnswer at once. The
// leg leaves the room when it is hung up or ctx is done.
func (s *Service) Dial(ctx context.Context, address string, from call.Party) (call.Leg, error) {
	if address == "" || strings.Trim(address, "0123456789") != "" {
		return nil, fmt.Errorf("conf: room %q: a room is named by digits: %w", address, call.CauseUnavailable)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	r := s.rooms[address]
	if r == nil {
		r = newRoom(s, address)
		s.rooms[address] = r
		s.wg.Add(1)
		go func() { defer s.wg.Done(); r.run() }()
	}
	p, err := r.join(from)
	if err != nil {
		return nil, err
	}
	go func() {
		select {
		case <-ctx.Done():
			p.Hangup(context.Background(), call.CauseNormal)
		case <-p.ended:
		}
	}()
	return p, nil
}

// Rooms returns the rooms open now, by number, with how many parties each
// has.
func (s *Service) Rooms() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for n, r := range s.rooms {
		out[n] = r.size()
	}
	return out
}

// Parties returns the caller IDs of the parties in room, in the order they
// joined; nil when the room is not open.
func (s *Service) Parties(room string) []call.Party {
	s.mu.Lock()
	r := s.rooms[room]
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	return r.members()
}

// Close hangs up every party of every room, waits for the rooms' loops to
// end and refuses later Dials.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	var rooms []*room
	for _, r := range s.rooms {
		rooms = append(rooms, r)
	}
	s.mu.Unlock()
	sort.Slice(rooms, func(i, j int) bool { return rooms[i].name < rooms[j].name })
	for _, r := range rooms {
		for _, p := range r.all() {
			p.Hangup(context.Background(), call.CauseNormal)
		}
	}
	s.wg.Wait()
}

// leave removes p from its room, and an emptied room from the Service.
func (s *Service) leave(p *party) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := p.r
	if r.remove(p) == 0 {
		delete(s.rooms, r.name)
		close(r.done)
	}
}
