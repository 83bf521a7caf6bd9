package media

import (
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/pion/rtp"
)

// The interfaces of the switch that a Session implements.
var (
	_ call.Audio         = (*Session)(nil)
	_ call.Relayer       = (*Session)(nil)
	_ call.StatsReporter = (*Session)(nil)
)

// ErrClosed is returned by a Session's methods after Close.
var ErrClosed = errors.New("media: session closed")

// packetConn is the UDP socket a Session reads and writes; *net.UDPConn
// implements it, and tests give an in-memory network to run sessions under
// testing/synctest.
type packetConn interface {
	ReadFromUDPAddrPort(b []byte) (int, netip.AddrPort, error)
	WriteToUDPAddrPort(b []byte, addr netip.AddrPort) (int, error)
	Close() error
}

// drainConn is the RTCP socket: a packetConn whose waiting packets are
// read without blocking, as no goroutine waits on it. rtcpSocket
// implements it on a *net.UDPConn.
type drainConn interface {
	packetConn
	// ReadWaiting reads one packet waiting in the socket without blocking
	// and returns when it arrived; ok is false when none waits.
	ReadWaiting(b []byte) (n int, from netip.AddrPort, at time.Time, ok bool)
}

// maxPacket is the largest RTP or RTCP packet received, in bytes.
const maxPacket = 1500

// Session is one RTP stream pair (RFC 3550) with its RTCP, negotiated by
// SDP offer/answer. The SIP channel drives its signalling side (Offer,
// Answer, SetRemote, Start, Close); the switch uses its media side
// (ReadFrame, WriteFrame, Relay, MediaStats). All methods are safe for
// concurrent use, except that ReadFrame and WriteFrame each take one
// caller at a time, as call.Audio says.
type Session struct {
	e        *Engine
	id       uint64
	log      *slog.Logger
	local    netip.AddrPort
	rtpConn  packetConn
	rtcpConn drainConn
	release  func() // returns the port pair to the engine
	epoch    time.Time
	cname    string

	mu        sync.Mutex // guards the signalling state below
	sessID    string
	version   uint64
	lastBody  uint64      // FNV-1a hash of our last SDP without o=, to bump the version on change
	want      Direction   // the direction we would like
	offer     *sdpDesc    // our offer waiting for an answer; nil when none
	neg       negotiation // the current negotiation; codec nil before the first
	prefer    *codec      // offered first before any negotiation (Prefer); nil: our order
	started   bool
	timer     *time.Timer // media timeout
	rtcpTimer *time.Timer
	onTimeout func()
	timedOut  bool
	closed    bool

	state       atomic.Pointer[negotiation] // neg for the hot paths; nil before the first
	relayTo     atomic.Pointer[Session]     // the session our received RTP is relayed to
	ear         atomic.Pointer[relayEar]    // hears what we relay; see HearRelayed
	closing     atomic.Bool
	lastRx      atomic.Int64 // ns since epoch of the last RTP packet accepted; 0: none
	activeSince atomic.Int64 // ns since epoch of Start or the end of a hold
	wrongPT     atomic.Int64 // packets dropped for their payload type
	foreign     atomic.Int64 // packets dropped for their source (not latched)

	tx sender

	rtcpReadMu sync.Mutex // serialises drainRTCP

	rxMu   sync.Mutex // guards rx, latch, dtmfRx, rtcpRx
	rx     rxStats
	latch  latch
	dtmfRx dtmfReceiver
	rtcpRx rtcpState

	rxPkt rtp.Packet // owned by the RTP reader
	reg   pollReg    // the engine's poller reads RTP; see rtpPoller

	jbMu      sync.Mutex
	jb        *jitterBuffer // created by ReadFrame when not relaying
	jbPast    jbStats       // the counts of jitter buffers dropped by a relay
	pace      pacer         // owned by the ReadFrame caller
	readTimer *time.Timer   // owned by the ReadFrame caller

	dtmfMu  sync.Mutex // serialises SendDigits
	digits  chan byte
	onDigit atomic.Pointer[func(byte)] // OnDigit's; nil: digits go to the channel
	done    chan struct{}
	wg      sync.WaitGroup // the RTP read goroutine, when the poller does not read
}

// digitQueue is how many received digits wait for a reader of Digits.
const digitQueue = 32

// newSession returns a session on the sockets given, which it owns from
// now on, and has the engine's poller read its RTP, or starts a goroutine
// that does.
func newSession(e *Engine, rtpConn packetConn, rtcpConn drainConn, local netip.AddrPort) *Session {
	id := e.ids.Add(1)
	s := &Session{
		e: e, id: id, local: local, rtpConn: rtpConn, rtcpConn: rtcpConn,
		log:    e.log.With("rtp", local.String()),
		epoch:  time.Now(),
		cname:  strconv.FormatUint(rand.Uint64(), 36) + "@hookflash",
		sessID: strconv.FormatUint(rand.Uint64()>>2, 10),
		want:   SendRecv,
		digits: make(chan byte, digitQueue),
		done:   make(chan struct{}),
	}
	s.tx.init()
	if !e.poll.add(s, rtpConn) {
		s.wg.Add(1)
		go s.readRTP()
	}
	return s
}

// since returns t as time since the session's epoch, on the monotonic
// clock.
func (s *Session) since(t time.Time) time.Duration { return t.Sub(s.epoch) }

// LocalAddr returns the address and port RTP is received on.
func (s *Session) LocalAddr() netip.AddrPort { return s.local }

// Offer returns our SDP offer (RFC 3264 section 5): G722, PCMU, PCMA and
// telephone-event/8000, ptime 20 ms, our direction (see SetDirection), with
// the codec in use first in a re-offer, or the one Prefer named in a first
// offer. Pass the answer to SetRemote.
func (s *Session) Offer() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := s.neg.codec
	if first == nil {
		first = s.prefer
	}
	d := buildOffer(s.local, s.want, first)
	s.offer = d
	return s.stampLocked(d)
}

// Answer negotiates against a remote offer, initial or a re-INVITE's, and
// returns our SDP answer (RFC 3264 section 6); hold and resume in a
// re-offer take effect at once. It returns an error, for a 488 or 400
// reply, when the SDP is broken or has nothing we can use, and then
// changes nothing.
func (s *Session) Answer(remoteOffer []byte) ([]byte, error) {
	d, err := parseSDP(remoteOffer)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	ans, neg, err := answerOffer(d, s.local, s.want)
	if err != nil {
		return nil, err
	}
	s.offer = nil
	s.applyLocked(neg)
	return s.stampLocked(ans), nil
}

// SetRemote applies the remote SDP. After Offer it is the answer to our
// offer (RFC 3264 section 7; an answer in a 183 and again in the 200 is
// fine). Without an offer pending it is a new offer from the remote, such
// as a re-INVITE putting us on hold (a=sendonly, a=inactive or
// c=0.0.0.0) or resuming; it is applied, and Answer on the same body
// returns what to reply. A broken SDP returns an error and changes
// nothing.
func (s *Session) SetRemote(remoteSDP []byte) error {
	d, err := parseSDP(remoteSDP)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.offer != nil {
		neg, err := applyAnswer(s.offer, d)
		if err != nil {
			return err
		}
		s.offer = nil
		s.applyLocked(neg)
		return nil
	}
	if s.neg.codec != nil && d.origin[1] == s.neg.origin[0] && d.origin[2] == s.neg.origin[1] {
		return nil // the same version again (RFC 3264 section 8): nothing changed
	}
	_, neg, err := answerOffer(d, s.local, s.want)
	if err != nil {
		return err
	}
	s.applyLocked(neg)
	return nil
}

// SetDirection sets the direction we would like, for the next Offer or
// Answer: SendOnly or Inactive put the remote on hold (RFC 3264 section
// 8.4), SendRecv resumes.
func (s *Session) SetDirection(d Direction) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.want = d.or(SendRecv)
}

// stampLocked fills in our origin, with the version bumped when the body
// changed since the last one we sent, and returns the SDP body.
func (s *Session) stampLocked(d *sdpDesc) []byte {
	d.name = "hookflash"
	h := fnv.New64a()
	h.Write(d.marshal())
	if body := h.Sum64(); body != s.lastBody {
		s.version++
		s.lastBody = body // a hash, not the body: a few hundred bytes less per session
	}
	addrType := "IP4"
	if s.local.Addr().Is6() {
		addrType = "IP6"
	}
	d.origin = [6]string{"hookflash", s.sessID, strconv.FormatUint(s.version, 10), "IN", addrType, s.local.Addr().String()}
	return d.marshal()
}

// applyLocked makes neg the current negotiation: the hot paths see it at
// once, the latch resets when the remote moved, the media timeout restarts
// when the remote starts sending again, RTCP reports start.
func (s *Session) applyLocked(neg negotiation) {
	old := s.neg
	s.neg = neg
	n := neg
	s.state.Store(&n)
	now := s.since(time.Now())
	if old.remote != neg.remote || old.codec == nil {
		s.rxMu.Lock()
		s.latch = latch{}
		s.rtcpRx.dst, s.rtcpRx.latched = neg.remoteRTCP, false
		s.rxMu.Unlock()
		s.tx.setDst(neg.remote)
	}
	if neg.expectRecv() && !old.expectRecv() {
		s.activeSince.Store(int64(now))
	}
	if old.codec != neg.codec && old.codec != nil {
		s.log.Info("media: codec changed", "from", old.codec.name, "to", neg.codec.name)
	}
	if s.rtcpTimer == nil && !s.closed {
		s.rtcpTimer = time.AfterFunc(rtcpInterval(true), s.sendReport)
	}
}

// Start tells the session the call is answered: from now on, no RTP for
// Config.MediaTimeout while the remote is not on hold calls the OnTimeout
// function. Later calls do nothing.
func (s *Session) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.closed {
		return
	}
	s.started = true
	s.activeSince.Store(int64(s.since(time.Now())))
	s.timer = time.AfterFunc(s.e.cfg.MediaTimeout, s.checkTimeout)
}

// OnTimeout sets f to be called once, on a goroutine of its own, when the
// media timeout strikes. Set it before Start.
func (s *Session) OnTimeout(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onTimeout = f
}

// Digits returns the channel of RFC 4733 digits received ('0'-'9', '*',
// '#', 'A'-'D'), each event once. It is closed by Close. Digits that find
// the channel full (32 waiting) are dropped.
func (s *Session) Digits() <-chan byte { return s.digits }

// OnDigit makes the session hand each digit Digits would carry to fn
// instead, on the RTP reader (see rtpPoller): a leg then needs no goroutine
// of its own to read Digits. fn must not block: the reader serves other
// sessions too.
func (s *Session) OnDigit(fn func(digit byte)) { s.onDigit.Store(&fn) }

// Codec returns the negotiated codec name ("G722", "PCMU", "PCMA"), or "" before
// negotiation.
func (s *Session) Codec() string {
	if st := s.state.Load(); st != nil {
		return st.codec.name
	}
	return ""
}

// RemoteHolds reports whether the remote's last SDP puts us on hold: it
// will not receive (a=sendonly or a=inactive, RFC 3264 section 8.4) or
// gave the RFC 2543 hold address c=0.0.0.0.
func (s *Session) RemoteHolds() bool {
	st := s.state.Load()
	return st != nil && (!st.remoteDir.receives() || !addrUsable(st.remote))
}

// Close ends the session: it stops a relay, sends an RTCP BYE, closes the
// sockets, waits for its reader and returns the ports. ReadFrame then
// returns io.EOF and Digits is closed. Close may be called more than once.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.closing.Store(true)
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.rtcpTimer != nil {
		s.rtcpTimer.Stop()
	}
	s.mu.Unlock()
	s.stopRelay()
	s.drainRTCP() // for the last word of the remote's reports in Stats
	s.sendBye()
	close(s.done)
	s.e.poll.remove(s)
	err := errors.Join(s.rtpConn.Close(), s.rtcpConn.Close())
	s.wg.Wait()
	close(s.digits)
	if s.release != nil {
		s.release()
	}
	if err != nil {
		return fmt.Errorf("media: close: %w", err)
	}
	return nil
}

// readRTP reads RTP packets one by one until the socket is closed, on a
// goroutine of the session's, for sockets the engine's poller does not
// read (in-memory ones in tests, other systems than Linux).
func (s *Session) readRTP() {
	defer s.wg.Done()
	buf := make([]byte, maxPacket)
	for {
		n, from, err := s.rtpConn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if s.closing.Load() || errors.Is(err, net.ErrClosed) {
				return
			}
			continue // e.g. ICMP port unreachable reported on the socket
		}
		s.handleRTP(buf[:n], netip.AddrPortFrom(from.Addr().Unmap(), from.Port()), time.Now())
	}
}
