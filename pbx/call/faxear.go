package call

import (
	"sync"
	"sync/atomic"

	"github.com/hookflash/firmware/pbx/dsp"
)

// The switch's own ear for fax tones, for a caller whose channel does not
// listen for them itself (GSM, SIP, FXS; the FXO channel does). Once a
// handler asks for FaxTone, the switch runs the DSP's fax-tone detector over
// the caller's PCM wherever it handles it: in a bridge's pump, and, while
// nothing else reads the caller's audio (a menu, a greeting, ringing with
// the caller answered or in early media), from a goroutine of its own. A
// bridge carried by a relay (two SIP legs of one codec) decodes nothing and
// is not listened to: there a tone goes unheard until the bridge ends.

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
