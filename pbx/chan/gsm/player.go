package gsm

import (
	"sync"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// player sends a tone to a leg's far end, one frame for each frame the
// module's audio delivers, until stopped.
type player struct {
	quit chan struct{}
	done chan struct{}
	once sync.Once
}

// play starts sending tone to l's far end. A tone that does not validate
// plays as silence, logged.
func (l *leg) play(tone dsp.Tone) *player {
	pl := &player{quit: make(chan struct{}), done: make(chan struct{})}
	gen, err := dsp.NewToneGen(tone)
	if err != nil {
		l.p.c.log.Error("gsm: tone not playable", "leg", l.id, "err", err)
	}
	go func() {
		defer close(pl.done)
		var in, out call.Frame
		audio := l.Audio()
		for {
			select {
			case <-pl.quit:
				return
			default:
			}
			if err := audio.ReadFrame(&in); err != nil { // paces the tone
				return
			}
			if gen != nil {
				gen.Generate(out[:])
			}
			if err := audio.WriteFrame(&out); err != nil {
				return
			}
		}
	}()
	return pl
}

// stop ends the tone and waits until the player let go of the audio. It
// may be called more than once.
func (pl *player) stop() {
	pl.once.Do(func() { close(pl.quit) })
	<-pl.done
}
