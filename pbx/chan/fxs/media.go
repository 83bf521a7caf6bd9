package fxs

import (
	"context"
	"errors"
	"log/slog"

	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/dsp"
)

// media is what a port's audio loop plays to the phone and listens for in
// what the phone sends, frame by frame. Its fields are guarded by the
// port's mu. What plays, first match wins: the caller ID sequence, an
// on-hook data burst, DTMF to the phone, a tone, the leg's audio, silence.
type media struct {
	det    *dsp.DTMFDetector
	ec     *dsp.EchoCanceller
	gen    *dsp.DTMFGen // digits the far end sends to the phone
	events []dsp.DTMFEvent
	clean  [hal.FrameSamples]int16 // the phone's audio, echo cancelled

	tone, next *dsp.ToneGen // next plays once a tone that plays once ends
	clip       *dsp.CLIPSequencer
	line       dsp.CLIPLine // the caller ID sequence's line state of the last frame
	burst      []int16      // on-hook data still to send
	burstDone  func()       // called when burst has been sent
	leg        *leg         // the leg whose audio flows; nil: none
	listen     bool         // detect DTMF from the phone
	cancel     bool         // cancel the hybrid's echo

	cw    *dsp.ToneGen // the call waiting tone, mixed into what the phone hears
	held  *leg         // the held leg (waiting.go), fed music; nil: none
	music *dsp.ToneGen // what the held leg's far end hears; nil: silence
	mix   [hal.FrameSamples]int16
}

func (m *media) init() error {
	var err error
	if m.det, err = dsp.NewDTMFDetector(nil); err != nil {
		return err
	}
	if m.ec, err = dsp.NewEchoCanceller(&dsp.HighwayEchoCancellerOpts); err != nil {
		return err
	}
	m.gen, err = dsp.NewDTMFGen(nil)
	m.events = make([]dsp.DTMFEvent, 0, 16)
	return err
}

// stop plays silence and stops listening.
func (m *media) stop() {
	m.tone, m.next, m.clip, m.burst, m.burstDone, m.leg = nil, nil, nil, nil, nil, nil
	m.cw, m.held, m.music = nil, nil, nil
	m.listen, m.cancel = false, false
	m.line = dsp.CLIPLine{}
	for m.gen.Busy() {
		m.gen.Generate(m.clean[:]) // drop digits still queued
	}
}

// silence stops the tone.
func (m *media) silence() { m.tone, m.next = nil, nil }

// play plays t, then (when t plays once) then.
func (m *media) play(log *slog.Logger, t dsp.Tone, then *dsp.Tone) {
	m.silence()
	g, err := dsp.NewToneGen(t)
	if err != nil {
		log.Error("fxs: tone", "err", err)
		return
	}
	m.tone = g
	if then != nil {
		if m.next, err = dsp.NewToneGen(*then); err != nil {
			log.Error("fxs: tone", "err", err)
		}
	}
}

// listenDigits starts DTMF detection afresh.
func (m *media) listenDigits() {
	m.det.Reset()
	m.listen = true
}

// connect lets l's audio flow, through the echo canceller and the DTMF
// detector unless the port is a fax port or l carries a fax.
func (m *media) connect(l *leg, cfg *portConfig) {
	m.tone, m.next = nil, nil
	m.leg = l
	// A detector that heard the dialling keeps its state: reset, it would
	// take the last digit, still sounding, for a new one pressed in the call.
	if !m.listen {
		m.det.Reset()
	}
	fax := cfg.fax || l.fax
	m.listen = !fax
	m.cancel = !fax && cfg.echoCancel
	if m.cancel {
		m.ec.Reset()
	}
}

// mediaLoop runs the port's audio, one frame per 20 ms as the PCM stream
// paces it, until ctx ends.
func (p *port) mediaLoop(ctx context.Context) {
	var in, out hal.Frame
	for ctx.Err() == nil {
		if err := p.pcm.ReadFrame(&in); err != nil {
			if ctx.Err() == nil && !errors.Is(err, hal.ErrClosed) {
				p.log.Error("fxs: port audio stopped", "err", err)
			}
			return
		}
		p.mu.Lock()
		p.tick(in[:], out[:])
		p.mu.Unlock()
		if err := p.pcm.WriteFrame(&out); err != nil {
			if ctx.Err() == nil && !errors.Is(err, hal.ErrClosed) {
				p.log.Error("fxs: port audio stopped", "err", err)
			}
			return
		}
	}
}

// tick makes the frame out for the phone and takes the frame in from it.
// p.mu is held.
func (p *port) tick(in, out []int16) {
	m := &p.media
	switch {
	case m.clip != nil:
		p.clipStep(m.clip.Frame(out))
	case m.burst != nil:
		n := copy(out, m.burst)
		clear(out[n:])
		m.burst = m.burst[n:]
		if len(m.burst) == 0 {
			done := m.burstDone
			m.burst, m.burstDone = nil, nil
			if done != nil {
				done()
			}
		}
	case m.gen.Busy():
		m.gen.Generate(out)
	case m.tone != nil:
		m.tone.Generate(out)
		if m.tone.Done() {
			m.tone, m.next = m.next, nil
		}
	case m.leg != nil:
		m.leg.audio.pull(out)
	default:
		clear(out)
	}
	m.tickOther(out)
	sig := in
	if m.leg != nil && m.cancel {
		m.ec.Process(m.clean[:], out, in)
		sig = m.clean[:]
	}
	if m.leg != nil {
		m.leg.audio.push(sig)
	}
	if m.listen {
		m.events = m.det.Process(sig, m.events[:0])
		for _, e := range m.events {
			if !e.End {
				p.digit(e.Digit)
			}
		}
	}
}

// clipStep applies the line state of a caller ID sequence's frame: the
// polarity for the data, ringing for the rings. p.mu is held.
func (p *port) clipStep(line dsp.CLIPLine) {
	m := &p.media
	prev := m.line
	m.line = line
	switch {
	case line.Done:
		m.clip = nil
		p.ring()
	case line.Ringing:
		if !prev.Ringing {
			p.ring()
		}
	case line.Reversed != prev.Reversed || prev.Ringing:
		lf := fxs.ForwardOHT
		if line.Reversed {
			lf = fxs.ReverseOHT
		}
		p.setLinefeed(lf)
	}
}

// ring starts the ringing cadence of the call's country. p.mu is held.
func (p *port) ring() {
	err := p.dev.Ring(&p.cfg.ringing)
	if err != nil && !errors.Is(err, fxs.ErrOffHook) { // off-hook: the hook event answers
		p.log.Error("fxs: ring", "err", err)
	}
}
