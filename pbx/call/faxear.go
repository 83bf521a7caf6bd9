package call

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/pbx/dsp"
)

// The switch's own ear for fax tones, for a caller whose channel does not
// listen for them itself (GSM, SIP, FXS; the FXO channel does). Once a
// handler asks for FaxTone, the switch runs the DSP's fax-tone detector over
// the caller's PCM wherever it handles it: in a bridge's pump, and, while
// nothing else reads the caller's audio (a menu, a greeting, ringing with
// the caller answered or in early media), from a goroutine of its own. A
// bridge carried by a relay (two SIP legs of one codec) decodes nothing of
// its own; when the caller's audio is a RelayHearer, the relay decodes the
// caller's packets for the ear on the side, in windows (relayEar) that
// keep its cost a fraction of the relay's.

// faxEar runs a fax-tone detector over what the caller says and closes
// heard at the first tone. Its methods are safe for concurrent use.
type faxEar struct {
	heard chan struct{}
	got   atomic.Bool // heard is closed

	mu  sync.Mutex
	det *dsp.FaxToneDetector
	ev  []dsp.FaxToneEvent
}

func newFaxEar() *faxEar {
	det, err := dsp.NewFaxToneDetector(nil)
	if err != nil {
		panic(err) // the default options are valid
	}
	return &faxEar{heard: make(chan struct{}), det: det, ev: make([]dsp.FaxToneEvent, 0, 8)}
}

// hear takes 20 ms that the caller said. It allocates nothing.
func (e *faxEar) hear(f *Frame) {
	if e.got.Load() {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ev = e.det.Process(f[:], e.ev[:0])
	for _, ev := range e.ev {
		if !ev.End && ev.Tone != dsp.FaxToneNone && e.got.CompareAndSwap(false, true) {
			close(e.heard)
			return
		}
	}
}

// reset forgets any tone in progress: what comes next does not follow on
// from what came before.
func (e *faxEar) reset() {
	e.mu.Lock()
	e.det.Reset()
	e.mu.Unlock()
}

// RelayListener hears what the far end of a relayed leg says, for the
// switch's ear.
type RelayListener interface {
	// Wants reports whether the audio packet that arrived at now is to be
	// heard; the relay decodes only those. It is called for every audio
	// packet, on the relay's receiving goroutine, and must be cheap.
	Wants(now time.Time) bool
	// Hear takes the next 20 ms of PCM decoded from the wanted packets, on
	// the same goroutine. It must not block or keep f.
	Hear(f *Frame)
}

// RelayHearer is a Relayer that can let a listener hear what its far end
// sends while it relays, decoding the payloads on the side. The SIP
// channel's RTP sessions are, for G.711.
type RelayHearer interface {
	Relayer
	// HearRelayed makes l hear the far end while relaying, replacing any
	// listener before; nil stops the listening. It is safe for concurrent
	// use.
	HearRelayed(l RelayListener)
}

// How a relayed caller is listened to. A calling fax sends CNG (0.5 s of
// 1100 Hz every 3.5 s, T.30) from its first second until it is answered or
// its T1 (35 s) runs out, so the first 10 s of a bridge hear two full
// bursts; after that a window of 4.5 s (a burst always ends within 4 s
// of any instant) every 30 s still hears a fax started by hand in the
// middle of a call before its T1 ends. Hearing a 20 ms packet (G.711
// decode and the detector, BenchmarkRelayEar in pbx/media) takes about
// 1.2 µs, a fifth on top of the relay's own 5-8 µs (mostly the send); at
// 1200 calls that would be 7 % of a core. The windows keep a long call's
// ear to 15 % of its packets; a shut window costs a few ns.
const (
	relayEarFirst  = 10 * time.Second
	relayEarPeriod = 30 * time.Second
	relayEarWindow = 4500 * time.Millisecond
)

// relayEar is the RelayListener that feeds a relayed caller's audio to the
// ear: all of the first relayEarFirst of the bridge, then the last
// relayEarWindow of every relayEarPeriod. Wants and Hear are called from
// one goroutine at a time.
type relayEar struct {
	e      *faxEar
	start  time.Time
	window int64 // the window of the last packet wanted, counted from 1; 0: none yet
}

// Wants implements RelayListener.
func (r *relayEar) Wants(now time.Time) bool {
	if r.e.got.Load() {
		return false
	}
	d := now.Sub(r.start)
	window := int64(1)
	if d >= relayEarFirst {
		d -= relayEarFirst
		if d%relayEarPeriod < relayEarPeriod-relayEarWindow {
			return false
		}
		window = 2 + int64(d/relayEarPeriod)
	}
	if window != r.window {
		r.e.reset() // a new window: a tone must not join across the gap
		r.window = window
	}
	return true
}

// Hear implements RelayListener.
func (r *relayEar) Hear(f *Frame) { r.e.hear(f) }

// hearRelay lets the call's ear, when it has heard nothing yet, listen to
// the caller's audio a while a relay carries it; the function returned
// ends that. Only the handler's goroutine calls it.
func (c *Call) hearRelay(a Audio) (stop func()) {
	e := c.ear.Load()
	h, ok := a.(RelayHearer)
	if e == nil || e.got.Load() || !ok {
		return func() {}
	}
	h.HearRelayed(&relayEar{e: e, start: time.Now()})
	return func() { h.HearRelayed(nil) }
}

// earListener reads the caller's audio for the ear while nothing else
// does.
type earListener struct {
	quit atomic.Bool
	done chan struct{}
}

// callerEar returns the call's ear, and made true when this call made it.
func (c *Call) callerEar() (e *faxEar, made bool) {
	if e := c.ear.Load(); e != nil {
		return e, false
	}
	made = c.ear.CompareAndSwap(nil, newFaxEar())
	return c.ear.Load(), made
}

// listen starts the ear's listener on the caller's audio, when the call has
// an ear that has heard nothing yet and the caller's media flows (it is
// answered or has early media). Only the handler's goroutine calls it, and
// only while nothing else reads the caller's audio.
func (c *Call) listen() {
	e := c.ear.Load()
	if e == nil || e.got.Load() || c.listener != nil || c.usable() != nil {
		return
	}
	c.mu.Lock()
	ready := c.callerUp || c.early
	c.mu.Unlock()
	a := c.caller.leg.Audio()
	if !ready || a == nil {
		return
	}
	l := &earListener{done: make(chan struct{})}
	c.listener = l
	c.sw.wg.Add(1) // the handler's goroutine is counted, so this is safe
	go func() {
		defer c.sw.wg.Done()
		defer close(l.done)
		var f Frame
		for !l.quit.Load() && !e.got.Load() {
			if a.ReadFrame(&f) != nil || l.quit.Load() {
				return
			}
			e.hear(&f)
		}
	}()
}

// quiet stops the ear's listener, if it runs, and returns once it no longer
// reads the caller's audio: within a frame time. Only the handler's
// goroutine calls it, before something else reads the caller's audio.
func (c *Call) quiet() {
	l := c.listener
	if l == nil {
		return
	}
	c.listener = nil
	l.quit.Store(true)
	<-l.done
}
