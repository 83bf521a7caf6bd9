package fxo

import (
	"context"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

const (
	// digitGuardFrames is how long after a frame of our own DTMF the far
	// end's digits are not listened for (their echo), in frames: 100 ms.
	digitGuardFrames = 5
	// loopGrace is how long after the seizure the loop current is not
	// judged: the DAA's off-hook counter (Si3050 register 31, FOH, 128 ms)
	// and the line's settling.
	loopGrace = 300 * time.Millisecond
)

// ears is the listener's state: the receivers and detectors that run on
// the line's audio. Only the listener's goroutine uses it.
type ears struct {
	l       *line
	gen     uint64
	offHook bool

	// On-hook: caller ID.
	fsk   *dsp.CallerIDReceiver
	dclip *dsp.DTMFCLIPReceiver

	// Off-hook: echo, call progress, digits, fax.
	ec   *dsp.EchoCanceller
	plan *dsp.TonePlan
	cpd  *dsp.CallProgressDetector
	dtmf *dsp.DTMFDetector
	fax  *dsp.FaxToneDetector

	cpev  []dsp.CPEvent
	dtev  []dsp.DTMFEvent
	fxev  []dsp.FaxToneEvent
	sent  call.Frame // what went to the line while the frame just read came in
	clean call.Frame
	guard int

	lowSince time.Time // loop current below the minimum since
	dropped  bool      // the loop drop was reported for this gen
}

func newEars(l *line) (*ears, error) {
	ec, err := dsp.NewEchoCanceller(l.c.o.EchoCanceller)
	if err != nil {
		return nil, err
	}
	dtmf, err := dsp.NewDTMFDetector(nil)
	if err != nil {
		return nil, err
	}
	fax, err := dsp.NewFaxToneDetector(nil)
	if err != nil {
		return nil, err
	}
	return &ears{
		l: l, fsk: dsp.NewCallerIDReceiver(), dclip: dsp.NewDTMFCLIPReceiver(),
		ec: ec, dtmf: dtmf, fax: fax,
		cpev: make([]dsp.CPEvent, 0, 8), dtev: make([]dsp.DTMFEvent, 0, 8), fxev: make([]dsp.FaxToneEvent, 0, 8),
	}, nil
}

// listen reads the line's audio, one frame per 20 ms, for the line's whole
// life: on-hook it listens for caller ID, off-hook it cancels the echo,
// hands the audio to the leg, watches for tones, digits and the loop
// current, and sends the line's next frame.
func (l *line) listen(ctx context.Context) {
	e, err := newEars(l)
	if err != nil {
		l.log.Error("fxo: cannot listen to the line", "err", err)
		return
	}
	var in hal.Frame
	failing := false
	for ctx.Err() == nil {
		if err := l.pcm.ReadFrame(&in); err != nil {
			if isClosed(err) {
				l.log.Info("fxo: the line's audio stream is closed")
				return
			}
			if !failing {
				l.log.Error("fxo: reading the line's audio", "err", err)
				failing = true
			}
			t := time.NewTimer(call.FrameDuration)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
			continue
		}
		failing = false
		e.frame((*call.Frame)(&in))
	}
}

// frame takes one frame heard on the line.
func (e *ears) frame(in *call.Frame) {
	l := e.l
	l.mu.Lock()
	st, gen, lg, plan, seizedAt := l.state, l.gen, l.leg, l.cfg.plan, l.seizedAt
	l.mu.Unlock()
	if !st.offHook() {
		if e.offHook {
			e.offHook = false
			e.fsk, e.dclip = dsp.NewCallerIDReceiver(), dsp.NewDTMFCLIPReceiver()
		}
		e.callerID(in)
		return
	}
	if !e.offHook || gen != e.gen {
		e.start(gen, plan)
	}
	e.ec.Process(e.clean[:], e.sent[:], in[:])
	if lg != nil {
		lg.deliver(&e.clean)
	}
	// The detectors hear the line itself: the exchange's tones are far
	// louder than the hybrid's echo, and the canceller's non-linear
	// processor must not chop them.
	e.cpev = e.cpd.Process(in[:], e.cpev[:0])
	for _, ev := range e.cpev {
		if !ev.End {
			l.onTone(gen, ev.Tone)
		}
	}
	e.fxev = e.fax.Process(in[:], e.fxev[:0])
	for _, ev := range e.fxev {
		if !ev.End && ev.Tone != dsp.FaxToneNone {
			l.onFax(gen, ev.Tone.String())
		}
	}
	e.dtev = e.dtmf.Process(in[:], e.dtev[:0])
	for _, ev := range e.dtev {
		if !ev.End && e.guard == 0 {
			l.onDigit(gen, ev.Digit)
		}
	}
	if l.tx.next(lg, &e.sent) {
		e.guard = digitGuardFrames
	} else if e.guard > 0 {
		e.guard--
	}
	if err := l.pcm.WriteFrame((*hal.Frame)(&e.sent)); err != nil && !isClosed(err) {
		l.log.Debug("fxo: writing the line's audio", "err", err)
	}
	e.checkLoop(gen, seizedAt)
}

// start readies the off-hook detectors for a new seizure.
func (e *ears) start(gen uint64, plan *dsp.TonePlan) {
	e.offHook, e.gen = true, gen
	if e.cpd == nil || plan != e.plan {
		cpd, err := dsp.NewCallProgressDetector(plan, nil)
		if err != nil { // a built-in plan: cannot happen
			e.l.log.Error("fxo: call progress detector", "country", plan.Country, "err", err)
		} else {
			e.cpd, e.plan = cpd, plan
		}
	}
	e.cpd.Reset()
	e.ec.Reset()
	e.dtmf.Reset()
	e.fax.Reset()
	e.sent, e.guard = call.Frame{}, 0
	e.lowSince, e.dropped = time.Time{}, false
}

// callerID feeds the on-hook line's audio to the caller ID receivers.
func (e *ears) callerID(in *call.Frame) {
	if m, ok, err := e.fsk.Process(in[:]); ok {
		e.l.onCallerID(call.Party{Number: m.Number, Name: m.Name, Restricted: m.NumberAbsent == 'P'})
	} else if err != nil {
		e.l.log.Debug("fxo: caller id (fsk)", "err", err)
	}
	if m, ok, err := e.dclip.Process(in[:]); ok {
		e.l.onCallerID(call.Party{Number: m.Number, Restricted: m.Absent == 'P'})
	} else if err != nil {
		e.l.log.Debug("fxo: caller id (dtmf)", "err", err)
	}
}

// checkLoop reads the loop current (Si3050 register 28, LCS2) and reports
// a drop that lasts Opts.LoopDropHold.
func (e *ears) checkLoop(gen uint64, seizedAt time.Time) {
	l := e.l
	now := time.Now()
	if e.dropped || now.Sub(seizedAt) < loopGrace {
		return
	}
	mA, err := l.dev.LoopCurrent()
	if err != nil || mA >= l.c.o.MinLoopMA {
		e.lowSince = time.Time{}
		return
	}
	if e.lowSince.IsZero() {
		e.lowSince = now
		return
	}
	if now.Sub(e.lowSince) >= l.c.o.LoopDropHold {
		e.dropped = true
		l.onLoopDrop(gen)
	}
}
