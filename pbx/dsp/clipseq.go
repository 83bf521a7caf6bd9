package dsp

import (
	"errors"
	"fmt"
	"math"
)

// Caller ID sequences on an FXS port (ETSI EN 300 659-1, on-hook data
// transmission associated with ringing): what the line does, and when,
// around the data burst (FSK from FSKModulate, or DTMF from
// DTMFCallerID.Burst).
//
// Before the first ring: the exchange reverses the line's polarity, plays
// the dual tone alerting signal DT-AS (2130 + 2750 Hz), waits, sends the
// data, returns the polarity to normal, and starts ringing. DTMF caller ID
// before the first ring is sent after the reversal without DT-AS.
//
// After the first ring: the first ring of the cadence (up to its longest
// silence: the UK's double ring is one ring here), then the data in that
// silence, and the second ring at its normal time.
//
// Timing ranges (ms) checked by CLIPSeqOpts.Validate:
//   - end of DT-AS to start of data: 45 to 500; end of data to the first
//     ring: 200 to 500 (EN 300 659-1, data prior to ringing with DT-AS);
//   - end of the first ring to start of data: 500 to 2000; end of data to
//     the second ring: at least 200 (EN 300 659-1, data during ringing);
//   - reversal to the start of DTMF data without DT-AS: at least 200 (the
//     DTMF-based variant the standard describes for existing networks);
//   - reversal to DT-AS: at least 100, and DT-AS lasting 80 to 110 (100
//     nominal): these two are this package's reading of the standard's
//     figure, not checked against its text.

// CLIPMode is when the caller ID data is sent.
type CLIPMode int

// Caller ID modes.
const (
	// CLIPBeforeRing sends the data before the first ring.
	CLIPBeforeRing CLIPMode = iota + 1
	// CLIPAfterFirstRing sends the data between the first and second ring.
	CLIPAfterFirstRing
)

// CLIPAction is what the FXS driver does at a CLIPStep.
type CLIPAction int

// Caller ID sequence actions.
const (
	// CLIPReverse reverses the line's polarity.
	CLIPReverse CLIPAction = iota + 1
	// CLIPAlert plays DT-AS, 2130 + 2750 Hz, for Ms.
	CLIPAlert
	// CLIPData plays the data burst for Ms.
	CLIPData
	// CLIPNormal returns the line to its normal polarity.
	CLIPNormal
	// CLIPRing rings once for Ms (the first ring of CLIPAfterFirstRing).
	CLIPRing
	// CLIPRingCadence starts ringing with the cadence from its first "on"
	// step; it lasts until the call is answered or abandoned (Ms is 0).
	CLIPRingCadence
)

// String returns the action's name.
func (a CLIPAction) String() string {
	switch a {
	case CLIPReverse:
		return "reverse"
	case CLIPAlert:
		return "alert"
	case CLIPData:
		return "data"
	case CLIPNormal:
		return "normal"
	case CLIPRing:
		return "ring"
	case CLIPRingCadence:
		return "ring-cadence"
	}
	return fmt.Sprintf("CLIPAction(%d)", int(a))
}

// CLIPStep is one action of a caller ID sequence: Action at AtMs (ms from
// the start of the sequence), lasting Ms.
type CLIPStep struct {
	Action CLIPAction
	AtMs   int
	Ms     int
}

// CLIPSeqOpts configures a caller ID sequence; all times are in ms.
type CLIPSeqOpts struct {
	// Mode is CLIPBeforeRing or CLIPAfterFirstRing.
	Mode CLIPMode
	// Reversal reverses the polarity before the data (CLIPBeforeRing).
	Reversal bool
	// Alert plays DT-AS before the data (CLIPBeforeRing; FSK data).
	Alert bool
	// ReversalToAlertMs is from the reversal to the start of DT-AS.
	ReversalToAlertMs int
	// AlertMs is how long DT-AS lasts.
	AlertMs int
	// AlertToDataMs is from the end of DT-AS to the start of the data.
	AlertToDataMs int
	// ReversalToDataMs is from the reversal to the start of the data when
	// there is no DT-AS.
	ReversalToDataMs int
	// DataToRingMs is from the end of the data to the first ring
	// (CLIPBeforeRing).
	DataToRingMs int
	// RingToDataMs is from the end of the first ring to the start of the
	// data (CLIPAfterFirstRing).
	RingToDataMs int
	// AlertDBm0 is the level of each tone of DT-AS, dBm0.
	AlertDBm0 float64
}

// Default caller ID sequences. The DT-AS level (-15 dBm0 per tone) is this
// package's choice, within what telephones detect.
var (
	// DefaultCLIPBeforeRing is ETSI FSK caller ID before the first ring:
	// reversal, 150 ms, DT-AS of 100 ms, 100 ms, data, 300 ms, ringing.
	DefaultCLIPBeforeRing = CLIPSeqOpts{Mode: CLIPBeforeRing, Reversal: true, Alert: true,
		ReversalToAlertMs: 150, AlertMs: 100, AlertToDataMs: 100, DataToRingMs: 300, AlertDBm0: -15}
	// DefaultCLIPAfterFirstRing is caller ID after the first ring: the data
	// starts 700 ms after the first ring ends.
	DefaultCLIPAfterFirstRing = CLIPSeqOpts{Mode: CLIPAfterFirstRing, RingToDataMs: 700}
	// DefaultDTMFCLIPBeforeRing is DTMF caller ID before the first ring:
	// reversal, 250 ms, the digits, 300 ms, ringing.
	DefaultDTMFCLIPBeforeRing = CLIPSeqOpts{Mode: CLIPBeforeRing, Reversal: true,
		ReversalToDataMs: 250, DataToRingMs: 300}
)

// Validate checks o against the standard's timing ranges.
func (o *CLIPSeqOpts) Validate() error {
	bad := func(what string, v int, lo, hi int) error {
		if hi == 0 {
			return fmt.Errorf("dsp: caller id sequence: %s %d ms; EN 300 659-1 asks for at least %d ms", what, v, lo)
		}
		return fmt.Errorf("dsp: caller id sequence: %s %d ms; EN 300 659-1 asks for %d to %d ms", what, v, lo, hi)
	}
	switch o.Mode {
	case CLIPBeforeRing:
		if o.Alert {
			if o.Reversal && o.ReversalToAlertMs < 100 {
				return bad("reversal to DT-AS", o.ReversalToAlertMs, 100, 0)
			}
			if o.AlertMs < 80 || o.AlertMs > 110 {
				return bad("DT-AS", o.AlertMs, 80, 110)
			}
			if o.AlertToDataMs < 45 || o.AlertToDataMs > 500 {
				return bad("DT-AS to data", o.AlertToDataMs, 45, 500)
			}
			if math.IsNaN(o.AlertDBm0) || o.AlertDBm0 > 0 || o.AlertDBm0 < -40 {
				return fmt.Errorf("dsp: caller id sequence: DT-AS level %v dBm0; use -40 to 0 dBm0", o.AlertDBm0)
			}
		} else {
			if !o.Reversal {
				return errors.New("dsp: caller id sequence: data before the first ring needs a reversal or DT-AS to alert the telephone")
			}
			if o.ReversalToDataMs < 200 {
				return bad("reversal to data", o.ReversalToDataMs, 200, 0)
			}
		}
		if o.DataToRingMs < 200 || o.DataToRingMs > 500 {
			return bad("data to first ring", o.DataToRingMs, 200, 500)
		}
	case CLIPAfterFirstRing:
		if o.RingToDataMs < 500 || o.RingToDataMs > 2000 {
			return bad("first ring to data", o.RingToDataMs, 500, 2000)
		}
	default:
		return fmt.Errorf("dsp: caller id sequence: mode %d; use CLIPBeforeRing or CLIPAfterFirstRing", o.Mode)
	}
	return nil
}

// clipDataToRing2 is the least time from the end of the data to the second
// ring (CLIPAfterFirstRing), ms.
const clipDataToRing2 = 200

// firstRing returns the length in ms of a ring cadence's first ring (all
// its steps before its longest silence: one ring in most countries, the
// double ring of 400, 200, 400 ms in the UK) and of that silence, where
// caller ID after the first ring goes.
func firstRing(ring Cadence) (burst, silence int) {
	k := 1
	for i := 3; i < len(ring); i += 2 {
		if ring[i] > ring[k] {
			k = i
		}
	}
	for _, ms := range ring[:k] {
		burst += ms
	}
	return burst, ring[k]
}

// Plan appends to dst the steps of the sequence for a data burst of dataMs
// ms with the ring cadence ring (on, off... ms), and returns the extended
// slice. In CLIPAfterFirstRing mode the data must fit the first silence of
// the cadence, ending at least 200 ms before the second ring.
func (o *CLIPSeqOpts) Plan(dst []CLIPStep, dataMs int, ring Cadence) ([]CLIPStep, error) {
	if err := o.Validate(); err != nil {
		return dst, err
	}
	if dataMs < 1 || len(ring) < 2 || len(ring)%2 != 0 {
		return dst, fmt.Errorf("dsp: caller id sequence: %d ms of data, ring cadence %v; want data and on/off pairs", dataMs, ring)
	}
	switch o.Mode {
	case CLIPBeforeRing:
		t := 0
		if o.Reversal {
			dst = append(dst, CLIPStep{Action: CLIPReverse})
		}
		if o.Alert {
			if o.Reversal {
				t += o.ReversalToAlertMs
			}
			dst = append(dst, CLIPStep{Action: CLIPAlert, AtMs: t, Ms: o.AlertMs})
			t += o.AlertMs + o.AlertToDataMs
		} else {
			t += o.ReversalToDataMs
		}
		dst = append(dst, CLIPStep{Action: CLIPData, AtMs: t, Ms: dataMs})
		t += dataMs
		if o.Reversal {
			dst = append(dst, CLIPStep{Action: CLIPNormal, AtMs: t})
		}
		dst = append(dst, CLIPStep{Action: CLIPRingCadence, AtMs: t + o.DataToRingMs})
	case CLIPAfterFirstRing:
		burst, off := firstRing(ring)
		if o.RingToDataMs+dataMs+clipDataToRing2 > off {
			return dst, fmt.Errorf("dsp: caller id sequence: %d ms of data does not fit the %d ms after the first ring (%d ms before it, %d ms after); send it before the first ring or shorten it",
				dataMs, off, o.RingToDataMs, clipDataToRing2)
		}
		t := 0
		for i := 0; t < burst; i += 2 {
			dst = append(dst, CLIPStep{Action: CLIPRing, AtMs: t, Ms: ring[i]})
			t += ring[i] + ring[i+1]
		}
		dst = append(dst,
			CLIPStep{Action: CLIPData, AtMs: burst + o.RingToDataMs, Ms: dataMs},
			// The second ring keeps the cadence's time.
			CLIPStep{Action: CLIPRingCadence, AtMs: burst + off})
	}
	return dst, nil
}

// CLIPLine is the state of the line during a frame of a caller ID sequence.
type CLIPLine struct {
	// Reversed is true while the polarity is reversed.
	Reversed bool
	// Ringing is true while ringing voltage is applied.
	Ringing bool
	// Done is true once the sequence has reached its ringing cadence: the
	// caller ID part is over (the sequencer still reports Ringing).
	Done bool
}

// CLIPSequencer plays a caller ID sequence frame by frame for an FXS
// driver: each call to Frame gives the frame's audio (DT-AS, the data
// burst, silence) and the line's state (polarity, ringing) at its first
// sample. Line state therefore changes on frame boundaries; with 10 or
// 20 ms frames every time stays inside the standard's ranges for the
// defaults. Frame allocates nothing; a CLIPSequencer is not safe for
// concurrent use.
type CLIPSequencer struct {
	steps    []CLIPStep
	data     []int16
	ring     Cadence
	ringMs   int // ms into the cadence at which CLIPRingCadence starts
	alertAmp float64
	alert    [2]oscillator
	acc      [genBlock]float64
	pos      int64 // samples played
}

// NewCLIPSequencer returns a sequencer of o's sequence for the data burst
// data (8 kHz PCM, which the sequencer reads but does not copy: leave it
// alone until Done) and the ring cadence ring.
func NewCLIPSequencer(o *CLIPSeqOpts, data []int16, ring Cadence) (*CLIPSequencer, error) {
	ms := (len(data)*1000 + SampleRate - 1) / SampleRate
	steps, err := o.Plan(nil, ms, ring)
	if err != nil {
		return nil, err
	}
	s := &CLIPSequencer{steps: steps, data: data, ring: ring, alertAmp: PeakFromDBm0(o.AlertDBm0)}
	if o.Mode == CLIPAfterFirstRing {
		burst, off := firstRing(ring)
		s.ringMs = burst + off // the cadence goes on from its second ring
	}
	s.alert = [2]oscillator{newOscillator(2130, s.alertAmp), newOscillator(2750, s.alertAmp)}
	return s, nil
}

// Steps returns the sequence's steps (the sequencer's own slice: do not
// change it).
func (s *CLIPSequencer) Steps() []CLIPStep { return s.steps }

// Frame writes the next len(out) samples of the sequence's audio into out
// and returns the line's state at the first of them.
func (s *CLIPSequencer) Frame(out []int16) CLIPLine {
	line := s.lineAt(s.pos)
	for len(out) > 0 {
		n := min(len(out), genBlock)
		t := s.pos
		step, until := s.audioAt(t)
		n = min(n, int(until-t))
		switch step {
		case CLIPAlert:
			acc := s.acc[:n]
			clear(acc)
			s.alert[0].add(acc)
			s.alert[1].add(acc)
			for i, v := range acc {
				out[i] = saturate(v)
			}
		case CLIPData:
			start := t - until + int64(len(s.data))
			copy(out[:n], s.data[start:start+int64(n)])
		default:
			clear(out[:n])
		}
		out = out[n:]
		s.pos += int64(n)
	}
	return line
}

// audioAt returns what sounds at sample t (CLIPAlert, CLIPData or 0 for
// silence) and the sample where that stretch ends.
func (s *CLIPSequencer) audioAt(t int64) (CLIPAction, int64) {
	next := int64(math.MaxInt64)
	for _, st := range s.steps {
		from := int64(st.AtMs) * SampleRate / 1000
		var to int64
		switch st.Action {
		case CLIPAlert:
			to = from + int64(st.Ms)*SampleRate/1000
		case CLIPData:
			to = from + int64(len(s.data))
		default:
			continue
		}
		if t >= from && t < to {
			return st.Action, to
		}
		if from > t {
			next = min(next, from)
		}
	}
	return 0, next
}

// lineAt returns the line's state at sample t.
func (s *CLIPSequencer) lineAt(t int64) CLIPLine {
	ms := int(t * 1000 / SampleRate)
	var l CLIPLine
	for _, st := range s.steps {
		if ms < st.AtMs {
			break
		}
		switch st.Action {
		case CLIPReverse:
			l.Reversed = true
		case CLIPNormal:
			l.Reversed = false
		case CLIPRing:
			l.Ringing = ms < st.AtMs+st.Ms
		case CLIPRingCadence:
			l.Done = true
			l.Ringing = s.ring.On(int64(ms - st.AtMs + s.ringMs))
		}
	}
	return l
}
