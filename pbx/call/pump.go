package call

import (
	"sync"
	"sync/atomic"
)

// media is what carries the audio of a bridge: a relay, a pump, or nothing
// when a leg has no audio.
type media struct {
	relayStop func()
	pump      *pump
}

// startMedia joins a, the caller's audio, and b: with a.Relay when both
// are Relayers, nothing taps them, and the relay accepts, else with a pump
// that gives tap, if any, what each side says, and ear, if any, what a
// says. A relay is not held back for ear: the bridge lets the ear listen
// to a relay on the side (hearRelay).
func startMedia(a, b Audio, tap Tap, ear *faxEar) media {
	if a == nil || b == nil {
		return media{}
	}
	ra, okA := a.(Relayer)
	rb, okB := b.(Relayer)
	if okA && okB && tap == nil {
		if stop, ok := ra.Relay(rb); ok {
			return media{relayStop: stop}
		}
	}
	return media{pump: startPump(a, b, tap, ear)}
}

// stop ends the media; when it returns nobody reads or writes a or b for
// the bridge any more.
func (m media) stop() {
	switch {
	case m.relayStop != nil:
		m.relayStop()
	case m.pump != nil:
		m.pump.stop()
	}
}

// pump copies PCM frames both ways between two Audios, one goroutine per
// direction, each with a frame of its own that it reuses: no allocation per
// frame. Pumps are pooled, so a bridge allocates nothing for its pump but
// its two goroutines.
type pump struct {
	quit atomic.Bool
	wg   sync.WaitGroup
	ab   Frame   // a -> b
	ba   Frame   // b -> a
	tap  Tap     // nil: nobody listens in
	ear  *faxEar // nil: nobody listens for fax tones from a
}

var pumps = sync.Pool{New: func() any { return new(pump) }}

func startPump(a, b Audio, tap Tap, ear *faxEar) *pump {
	p := pumps.Get().(*pump)
	p.quit.Store(false)
	p.tap, p.ear = tap, ear
	p.wg.Add(2)
	go p.run(a, b, &p.ab, true)
	go p.run(b, a, &p.ba, false)
	return p
}

// run copies from -> to until from's media ends, to refuses a frame, or the
// pump stops; the tap hears each frame first, as said by the caller when
// caller is true. ReadFrame paces it: one frame per 20 ms.
func (p *pump) run(from, to Audio, f *Frame, caller bool) {
	defer p.wg.Done()
	for !p.quit.Load() {
		if from.ReadFrame(f) != nil || p.quit.Load() {
			return
		}
		if p.tap != nil {
			p.tap.Tapped(caller, f)
		}
		if caller && p.ear != nil {
			p.ear.hear(f)
		}
		if to.WriteFrame(f) != nil {
			return
		}
	}
}

// stop ends both directions and waits for them: at most one frame time, as
// long as each ReadFrame returns within one.
func (p *pump) stop() {
	p.quit.Store(true)
	p.wg.Wait()
	p.tap, p.ear = nil, nil
	pumps.Put(p)
}
