package media

import (
	"io"
	"time"

	"github.com/hookflash/firmware/pbx/call"
)

// maxLag is how far a ReadFrame caller may fall behind the 20 ms schedule
// before the schedule restarts from now instead of catching up.
const maxLag = 100 * time.Millisecond

// pacer spaces frames 20 ms apart: frame k is due at the first call's
// time plus k times 20 ms. It is not safe for concurrent use.
type pacer struct {
	on   bool
	next time.Time // when the next frame is due
}

// due returns when the frame of a caller at now is due, and moves the
// schedule on by one frame. A caller more than maxLag late starts a new
// schedule: its frame is due now.
func (p *pacer) due(now time.Time) time.Time {
	if !p.on || now.Sub(p.next) > maxLag {
		p.on, p.next = true, now.Add(frameDur)
		return now
	}
	due := p.next
	p.next = p.next.Add(frameDur)
	return due
}

// ReadFrame fills f with the next 20 ms heard from the far end, decoded
// from the jitter buffer; it blocks until the frame is due (every 20 ms,
// on the clock of the first call). A caller late by up to maxLag gets the
// frames it owes at once, each as at its due time: the jitter buffer does
// not take the caller's own lateness for network delay to shed by
// dropping audio. Missing audio is concealed, then
// silent; while the session relays, or before negotiation, frames are
// silent. It returns io.EOF once the session is closed. One goroutine at
// a time may call it; it allocates nothing after the first call.
func (s *Session) ReadFrame(f *call.Frame) error {
	if s.closing.Load() {
		return io.EOF
	}
	now := time.Now()
	due := s.pace.due(now)
	if d := due.Sub(now); d > 0 {
		if s.readTimer == nil {
			s.readTimer = time.NewTimer(d)
		} else {
			s.readTimer.Reset(d)
		}
		select {
		case <-s.readTimer.C:
		case <-s.done:
			return io.EOF
		}
	}
	s.jbMu.Lock()
	if s.relayTo.Load() != nil {
		clear(f[:])
	} else {
		if s.jb == nil {
			s.jb = newJitterBuffer(s.epoch)
		}
		s.jb.get(due, f)
	}
	s.jbMu.Unlock()
	return nil
}

// dropJitter frees the jitter buffer, when a relay starts: a relayed leg
// needs none (6.5 KB), and ReadFrame makes a new one once the relay ends.
// Its counts stay in the session's Stats.
func (s *Session) dropJitter() {
	s.jbMu.Lock()
	if s.jb != nil {
		s.jbPast.Late += s.jb.stats.Late
		s.jbPast.Concealed += s.jb.stats.Concealed
		s.jb = nil
	}
	s.jbMu.Unlock()
}

// resetJitter empties the jitter buffer, when a relay ends.
func (s *Session) resetJitter() {
	s.jbMu.Lock()
	if s.jb != nil {
		s.jb.reset()
	}
	s.jbMu.Unlock()
}
