package fxs

import (
	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// stutterCycles is how many 100 ms on / 100 ms off cycles of the dial
// tone's frequencies stutter dial tone plays before the steady dial tone.
const stutterCycles = 10

// stutter returns the stutter dial tone (message waiting) of a country's
// dial tone: its frequencies, 100 ms on and 100 ms off ten times, once.
// Play the steady dial tone after it.
func stutter(dial dsp.Tone) dsp.Tone {
	hz := dial.Hz
	if len(hz) == 0 && len(dial.Steps) > 0 {
		hz = dial.Steps[0].Hz
	}
	steps := make([]dsp.Step, 0, 2*stutterCycles)
	for range stutterCycles {
		steps = append(steps, dsp.Step{Hz: hz, Ms: 100}, dsp.Step{Ms: 100})
	}
	return dsp.Tone{Steps: steps, DBm0: dial.DBm0, Once: true}
}

// howler is the receiver-off-hook tone a phone left off-hook hears: the
// four frequencies of the North American ROH tone (1400, 2060, 2450 and
// 2600 Hz), 100 ms on and 100 ms off, loud.
var howler = dsp.Tone{Hz: []float64{1400, 2060, 2450, 2600}, Cadence: []int{100, 100}, DBm0: -3}

// failedTone returns the tone of plan a phone off the hook hears when its
// call ends with cause: busy tone after an answer, and for a busy callee,
// one that did not answer or a normal clearing; the special information
// tone (ITU-T E.180) for a number that exists nowhere; congestion tone for
// every other failure. A plan without a special information tone gives
// congestion tone instead.
func failedTone(plan *dsp.TonePlan, answered bool, cause call.Cause) dsp.Tone {
	switch {
	case answered || cause == call.CauseBusy || cause == call.CauseNoAnswer || cause == call.CauseNormal:
		return plan.Busy
	case cause == call.CauseNotFound:
		return unobtainable(plan)
	}
	return plan.Congestion
}

// unobtainable returns the tone of plan for a number that exists nowhere:
// its special information tone, or congestion tone when it has none.
func unobtainable(plan *dsp.TonePlan) dsp.Tone {
	if len(plan.SIT.Hz) == 0 && len(plan.SIT.Steps) == 0 {
		return plan.Congestion
	}
	return plan.SIT
}
