package lab

import (
	"fmt"
	"math"
	"slices"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/pbx/dsp"
)

// What an ear reports it hears.
const (
	HearsSilence     = "silence"
	HearsDial        = "dial"
	HearsBusy        = "busy"
	HearsRingback    = "ringback"
	HearsCongestion  = "congestion"
	HearsCallWaiting = "call_waiting"
	HearsStutter     = "stutter" // stutter dial tone: a message waits
	HearsSIT         = "sit"     // special information tone: no such number
	HearsOther       = "other"
)

const (
	// earWindowFrames is how much audio the level and frequency are
	// measured over: 10 frames, 200 ms.
	earWindowFrames = 10
	// silenceDBm0 is the level under which the ear hears nothing.
	silenceDBm0 = -55.0
	// maxDigits is how many received digits an ear keeps.
	maxDigits = 64
)

// Hearing is what an ear hears now: a call progress tone or silence, the
// level and frequency of the last 200 ms, and the DTMF digits heard.
type Hearing struct {
	// Hears is one of the Hears* values.
	Hears string `json:"hears"`
	// LevelDBm0 is the power of the last 200 ms in dBm0; nil in silence.
	LevelDBm0 *float64 `json:"level_dbm0"`
	// ToneHz is the frequency of the tone of the last 200 ms in Hz, when it
	// is one clean sine; nil otherwise.
	ToneHz *float64 `json:"tone_hz"`
	// Digits are the DTMF digits heard since the ear was last cleared.
	Digits string `json:"digits"`
}

// ear classifies one direction of audio. It is not safe for concurrent
// use; its owner locks.
type ear struct {
	country string
	cp      *dsp.CallProgressDetector
	cw      *dsp.CallProgressDetector // the plan's call waiting tone, as "busy"
	stutter *dsp.CallProgressDetector // stutter dial tone, as "busy"
	sit     *dsp.CallProgressDetector // the special information tone, as "busy"; nil if the plan has none
	dtmf    *dsp.DTMFDetector
	cpEv    []dsp.CPEvent
	dtEv    []dsp.DTMFEvent
	cwOn    bool
	stOn    bool
	sitOn   bool

	win    [earWindowFrames * hal.FrameSamples]int16
	pos    int
	digits []byte
	// listen says whether digits are recorded.
	listen bool
}

// newEar returns an ear for the tones of country's plan.
func newEar(country string) (*ear, error) {
	e := &ear{listen: true}
	if err := e.setCountry(country); err != nil {
		return nil, err
	}
	d, err := dsp.NewDTMFDetector(nil)
	if err != nil {
		return nil, fmt.Errorf("lab: %w", err)
	}
	e.dtmf = d
	e.cpEv = make([]dsp.CPEvent, 0, 8)
	e.dtEv = make([]dsp.DTMFEvent, 0, 8)
	return e, nil
}

// setCountry switches the ear to country's tone plan.
func (e *ear) setCountry(country string) error {
	plan, err := dsp.BuiltinPlan(country)
	if err != nil {
		return fmt.Errorf("lab: country %q: %w", country, err)
	}
	cp, err := dsp.NewCallProgressDetector(&plan, nil)
	if err != nil {
		return fmt.Errorf("lab: country %s: %w", country, err)
	}
	// The call waiting tone is found by a second detector whose plan has
	// it in place of every cadenced tone; its dial tone is ignored.
	cwPlan := plan
	cwPlan.Busy, cwPlan.Congestion, cwPlan.Ringback = plan.CallWaiting, plan.CallWaiting, plan.CallWaiting
	cw, err := dsp.NewCallProgressDetector(&cwPlan, &dsp.CallProgressOpts{Cycles: 1, Tolerance: 0.1, SlackMs: 25, MinDBm0: -40})
	if err != nil {
		return fmt.Errorf("lab: country %s: call waiting: %w", country, err)
	}
	// Stutter dial tone (message waiting) is the dial tone's frequencies,
	// 100 ms on and 100 ms off, found the same way.
	stPlan := plan
	hz := plan.Dial.Hz
	if len(hz) == 0 && len(plan.Dial.Steps) > 0 {
		hz = plan.Dial.Steps[0].Hz
	}
	stTone := dsp.Tone{Hz: hz, Cadence: []int{100, 100}, DBm0: plan.Dial.DBm0}
	stPlan.Busy, stPlan.Congestion, stPlan.Ringback = stTone, stTone, stTone
	st, err := dsp.NewCallProgressDetector(&stPlan, &dsp.CallProgressOpts{Cycles: 2, Tolerance: 0.1, SlackMs: 25, MinDBm0: -40})
	if err != nil {
		return fmt.Errorf("lab: country %s: stutter dial tone: %w", country, err)
	}
	// The special information tone's three rising tones are heard as one
	// burst of their frequencies, then its silence.
	var sit *dsp.CallProgressDetector
	if t, ok := sitAsCadence(plan.SIT); ok {
		sitPlan := plan
		sitPlan.Busy, sitPlan.Congestion, sitPlan.Ringback = t, t, t
		sit, err = dsp.NewCallProgressDetector(&sitPlan, &dsp.CallProgressOpts{Cycles: 1, Tolerance: 0.1, SlackMs: 25, MinDBm0: -40})
		if err != nil {
			return fmt.Errorf("lab: country %s: special information tone: %w", country, err)
		}
	}
	e.country, e.cp, e.cw, e.cwOn, e.stutter, e.stOn = plan.Country, cp, cw, false, st, false
	e.sit, e.sitOn = sit, false
	return nil
}

// sitAsCadence returns a special information tone given as steps (tones
// one after another, then silence) as one cadenced tone of all the steps'
// frequencies, on for the tones and off for the silence; false when sit is
// absent or not of that shape.
func sitAsCadence(sit dsp.Tone) (dsp.Tone, bool) {
	var hz []float64
	on, off := 0, 0
	for _, st := range sit.Steps {
		switch {
		case len(st.Hz) > 0 && off > 0:
			return dsp.Tone{}, false // a tone after the silence
		case len(st.Hz) > 0:
			on += st.Ms
			for _, f := range st.Hz {
				if !slices.Contains(hz, f) {
					hz = append(hz, f)
				}
			}
		default:
			off += st.Ms
		}
	}
	if on == 0 || off == 0 || len(hz) > dsp.MaxToneFreqs {
		return dsp.Tone{}, false
	}
	return dsp.Tone{Hz: hz, Cadence: []int{on, off}, DBm0: sit.DBm0}, true
}

// hear consumes one frame.
func (e *ear) hear(f *hal.Frame) {
	pcm := f[:]
	copy(e.win[e.pos:], pcm)
	e.pos = (e.pos + len(pcm)) % len(e.win)
	e.cpEv = e.cp.Process(pcm, e.cpEv[:0])
	for _, ev := range e.cw.Process(pcm, e.cpEv[:0]) {
		if ev.Tone != dsp.CPDial {
			e.cwOn = !ev.End
		}
	}
	for _, ev := range e.stutter.Process(pcm, e.cpEv[:0]) {
		if ev.Tone != dsp.CPDial {
			e.stOn = !ev.End
		}
	}
	if e.sit != nil {
		for _, ev := range e.sit.Process(pcm, e.cpEv[:0]) {
			if ev.Tone != dsp.CPDial {
				e.sitOn = !ev.End
			}
		}
	}
	e.dtEv = e.dtmf.Process(pcm, e.dtEv[:0])
	for _, ev := range e.dtEv {
		if !ev.End && e.listen {
			e.digits = append(e.digits, ev.Digit)
			if len(e.digits) > maxDigits {
				e.digits = e.digits[len(e.digits)-maxDigits:]
			}
		}
	}
}

// clearDigits forgets the digits heard.
func (e *ear) clearDigits() { e.digits = e.digits[:0] }

// hearing reports what the ear hears now.
func (e *ear) hearing() Hearing {
	var w [len(ear{}.win)]int16
	n := copy(w[:], e.win[e.pos:])
	copy(w[n:], e.win[:e.pos])
	h := Hearing{Hears: HearsOther, Digits: string(e.digits)}
	level := dsp.PowerDBm0(w[:])
	if level >= silenceDBm0 {
		l := round1(level)
		h.LevelDBm0 = &l
		if hz, ok := sineHz(w[:]); ok {
			hz = round1(hz)
			h.ToneHz = &hz
		}
	}
	switch t := e.cp.Tone(); {
	case e.stOn:
		h.Hears = HearsStutter
	case e.sitOn:
		h.Hears = HearsSIT
	case t == dsp.CPDial:
		h.Hears = HearsDial
	case t == dsp.CPBusy:
		h.Hears = HearsBusy
	case t == dsp.CPRingback:
		h.Hears = HearsRingback
	case t == dsp.CPCongestion:
		h.Hears = HearsCongestion
	case e.cwOn:
		h.Hears = HearsCallWaiting
	case level < silenceDBm0:
		h.Hears = HearsSilence
	}
	return h
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
