package dsp

import (
	"fmt"
	"math"
)

// Automatic gain control: brings a talker's level to a target.
//
// The AGC measures the power of each block of 40 samples (5 ms) and follows
// it in dB with an envelope that rises with the attack time constant and
// falls with the release time constant. The gain is the target over the
// envelope, within the gain limits. Blocks quieter than the silence
// threshold leave the envelope, and so the gain, where they are: pauses do
// not make the gain climb to its maximum and pump the background noise up
// (no "breathing"). Blocks more than 20 dB under the envelope (the gaps and
// weak consonants between syllables) leave it alone too, until they have
// gone on for a second of sound: then the talker has become quieter, and
// the envelope follows. So the envelope tracks a talker's syllables
// whatever his level, and speech comes out with an active level about
// 9 dB under the target. Within a block the gain moves linearly from the last
// block's value, and it is cut for the block if the block's peak would
// otherwise clip; what still overloads saturates.

const (
	agcBlock       = 40  // samples per measurement (5 ms)
	agcRelGateDB   = 20  // dB under the envelope where a block counts as a pause
	agcQuietBlocks = 200 // such blocks in a row (1 s) that do move the envelope
)

// AGCOpts configures an AGC.
type AGCOpts struct {
	// TargetDBm0 is the level the AGC brings the signal's envelope to, in
	// dBm0: a steady tone ends at exactly this level; speech, whose
	// envelope follows its louder syllables, ends with an active level
	// about 9 dB under it.
	TargetDBm0 float64
	// MaxGainDB is the largest gain applied, dB.
	MaxGainDB float64
	// MinGainDB is the smallest gain applied, dB (negative: attenuation).
	MinGainDB float64
	// AttackMs is the time constant, in ms, with which the envelope follows
	// a rise of the level (and the gain falls).
	AttackMs float64
	// ReleaseMs is the time constant, in ms, with which the envelope
	// follows a fall of the level (and the gain rises).
	ReleaseMs float64
	// SilenceDBm0 is the level, in dBm0, under which a block counts as
	// silence and the gain holds.
	SilenceDBm0 float64
}

// DefaultAGCOpts brings speech to an envelope of -12 dBm0 (an active level
// of about -21 dBm0), with up to 18 dB of gain and 18 dB of attenuation,
// 10 ms attack, 500 ms release, and holds the gain below -45 dBm0.
var DefaultAGCOpts = AGCOpts{
	TargetDBm0:  -12,
	MaxGainDB:   18,
	MinGainDB:   -18,
	AttackMs:    10,
	ReleaseMs:   500,
	SilenceDBm0: -45,
}

// AGC is an automatic gain control for one direction of one call. Process
// allocates nothing; an AGC is not safe for concurrent use.
type AGC struct {
	o          AGCOpts
	attack     float64 // per-block smoothing factors
	release    float64
	silencePow float64 // mean square of a block at SilenceDBm0
	envDB      float64 // envelope, dBm0
	started    bool    // a block above silence has been seen
	quiet      int     // blocks in a row more than agcRelGateDB under the envelope
	gain       float64 // linear gain at the end of the last block
}

// NewAGC returns an AGC with the options o (nil: DefaultAGCOpts). It starts
// at 0 dB of gain.
func NewAGC(o *AGCOpts) (*AGC, error) {
	if o == nil {
		o = &DefaultAGCOpts
	}
	switch {
	case !(o.TargetDBm0 >= -40 && o.TargetDBm0 <= 0):
		return nil, fmt.Errorf("dsp: agc: target %v dBm0; use -40 to 0 dBm0", o.TargetDBm0)
	case !(o.MinGainDB <= 0 && o.MaxGainDB >= 0 && o.MaxGainDB <= 40 && o.MinGainDB >= -40):
		return nil, fmt.Errorf("dsp: agc: gain limits %v to %v dB; use -40 to 0 dB and 0 to 40 dB", o.MinGainDB, o.MaxGainDB)
	case !(o.AttackMs >= 1 && o.ReleaseMs >= o.AttackMs && o.ReleaseMs <= 60000):
		return nil, fmt.Errorf("dsp: agc: attack %v ms, release %v ms; use at least 1 ms of attack and a release of at least the attack, at most 60 s", o.AttackMs, o.ReleaseMs)
	case !(o.SilenceDBm0 >= -80 && o.SilenceDBm0 < o.TargetDBm0):
		return nil, fmt.Errorf("dsp: agc: silence threshold %v dBm0; use -80 dBm0 up to the target", o.SilenceDBm0)
	}
	a := &AGC{
		o:          *o,
		attack:     1 - math.Exp(-agcBlock*1000/SampleRate/o.AttackMs),
		release:    1 - math.Exp(-agcBlock*1000/SampleRate/o.ReleaseMs),
		silencePow: zeroDBm0Power * math.Pow(10, o.SilenceDBm0/10),
	}
	a.Reset()
	return a, nil
}

// Reset returns the AGC to 0 dB of gain with no level measured.
func (a *AGC) Reset() {
	a.envDB, a.started, a.quiet, a.gain = 0, false, 0, 1
}

// GainDB returns the gain applied at the end of the last block, dB.
func (a *AGC) GainDB() float64 { return 20 * math.Log10(a.gain) }

// Process applies the gain control to pcm in place.
func (a *AGC) Process(pcm []int16) {
	for len(pcm) > 0 {
		n := min(len(pcm), agcBlock)
		a.block(pcm[:n])
		pcm = pcm[n:]
	}
}

// block measures x, updates the gain and applies it, ramping from the
// previous gain.
func (a *AGC) block(x []int16) {
	var sum float64
	var peak int32
	for _, v := range x {
		f := float64(v)
		sum += f * f
		peak = max(peak, abs32(int32(v)))
	}
	p := sum / float64(len(x))
	if p >= a.silencePow {
		k := float64(len(x)) / agcBlock
		db := 10 * math.Log10(p/zeroDBm0Power)
		quiet := a.started && db < a.envDB-agcRelGateDB
		if quiet {
			a.quiet++
		} else {
			a.quiet = 0
		}
		switch {
		case quiet && a.quiet < agcQuietBlocks:
			// A pause between syllables (or a weak consonant), not yet
			// a quieter talker: leave the envelope alone.
		case !a.started:
			a.envDB, a.started = db, true
		case db > a.envDB:
			a.envDB += (db - a.envDB) * a.attack * k
		default:
			a.envDB += (db - a.envDB) * a.release * k
		}
	}
	g := a.gain
	if a.started {
		gdb := min(max(a.o.TargetDBm0-a.envDB, a.o.MinGainDB), a.o.MaxGainDB)
		g = math.Pow(10, gdb/20)
	}
	g0 := a.gain
	if peak > 0 {
		limit := math.MaxInt16 / float64(peak)
		g, g0 = min(g, limit), min(g0, limit)
	}
	step := (g - g0) / float64(len(x))
	for i, v := range x {
		x[i] = saturate(float64(v) * (g0 + step*float64(i+1)))
	}
	a.gain = g
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}
