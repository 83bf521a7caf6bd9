package media

import "time"

// checkTimeout runs on the media timeout timer. While the remote is
// expected to send, no RTP for MediaTimeout since the later of the last
// packet, Start and the end of a hold calls the OnTimeout function, once;
// otherwise it sets the timer for when that could next happen. While the
// remote is on hold the timer only waits.
func (s *Session) checkTimeout() {
	s.mu.Lock()
	if s.closed || s.timedOut {
		s.mu.Unlock()
		return
	}
	timeout := s.e.cfg.MediaTimeout
	if !s.neg.expectRecv() {
		s.timer.Reset(timeout)
		s.mu.Unlock()
		return
	}
	last := time.Duration(max(s.lastRx.Load(), s.activeSince.Load()))
	if left := last + timeout - s.since(time.Now()); left > 0 {
		s.timer.Reset(left)
		s.mu.Unlock()
		return
	}
	s.timedOut = true
	f := s.onTimeout
	s.mu.Unlock()
	s.log.Info("media: timeout: no RTP received", "timeout", timeout)
	if f != nil {
		f()
	}
}
