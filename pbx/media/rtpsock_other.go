//go:build !linux

package media

// rtpPoller polls nothing elsewhere than on Linux (development only):
// each session reads RTP with a goroutine of its own (readRTP).
type rtpPoller struct{}

// pollReg is a session's registration with the poller: none.
type pollReg struct{}

func newRTPPoller() rtpPoller                    { return rtpPoller{} }
func (*rtpPoller) add(*Session, packetConn) bool { return false }
func (*rtpPoller) remove(*Session)               {}
