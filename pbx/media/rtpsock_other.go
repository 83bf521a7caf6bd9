//go:build !linux

package media

// readRTPBatched reads nothing and reports false: elsewhere than on Linux
// (development only) RTP is read with ReadFromUDPAddrPort.
func (s *Session) readRTPBatched(packetConn) bool { return false }

// newRxBatchBufs returns nil: no receive state is pooled elsewhere than
// on Linux.
func newRxBatchBufs() any { return nil }
