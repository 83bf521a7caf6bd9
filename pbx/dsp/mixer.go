package dsp

import (
	"errors"
	"fmt"
	"math"
)

// Conference mixing: every party hears the sum of all the others, never
// itself. The mixer adds all parties once (each scaled by its gain) into a
// 32-bit sum, and gives each party that sum less its own contribution,
// clipped to the 16-bit range: an overload saturates, as a G.711 channel
// does at its overload point, instead of wrapping around to the opposite
// sign. The cost is two passes over the frame per party, whatever N.

const (
	mixGainShift = 12 // gains are fixed point, 1<<12 = 0 dB
	// MixerMaxGainDB is the largest gain a Mixer applies to a party, dB.
	MixerMaxGainDB = 18
	// MixerMinGainDB is the smallest gain other than muted, dB.
	MixerMinGainDB = -60
	// mixMaxParties bounds the sum: 4096 parties at +18 dB full scale
	// stay inside 32 bits.
	mixMaxParties = 4096
)

// ErrMixerFrame is returned by Mixer.Mix when the buffers do not fit the
// mixer or each other.
var ErrMixerFrame = errors.New("dsp: mixer: buffers do not match; give every party a frame of the same length, at most the mixer's frame")

// Mixer mixes the audio of an N-party conference, one frame at a time. Mix
// allocates nothing; a Mixer is not safe for concurrent use.
type Mixer struct {
	gain  []int32 // per party, fixed point
	acc   []int32
	frame int
}

// NewMixer returns a mixer for up to parties parties and frames of up to
// frame samples, every party at 0 dB.
func NewMixer(parties, frame int) (*Mixer, error) {
	if parties < 2 || parties > mixMaxParties || frame < 1 || frame > 8*SampleRate {
		return nil, fmt.Errorf("dsp: mixer: %d parties, frames of %d samples; use 2 to %d parties and 1 to %d samples", parties, frame, mixMaxParties, 8*SampleRate)
	}
	m := &Mixer{gain: make([]int32, parties), acc: make([]int32, frame), frame: frame}
	for i := range m.gain {
		m.gain[i] = 1 << mixGainShift
	}
	return m, nil
}

// SetGainDB sets the gain, in dB, with which the others hear party: from
// MixerMinGainDB to MixerMaxGainDB, or -Inf to mute it. It rounds the gain
// to the mixer's fixed point (steps of 1/4096).
func (m *Mixer) SetGainDB(party int, db float64) error {
	if party < 0 || party >= len(m.gain) {
		return fmt.Errorf("dsp: mixer: party %d; the mixer has parties 0 to %d", party, len(m.gain)-1)
	}
	switch {
	case math.IsInf(db, -1):
		m.gain[party] = 0
	case db >= MixerMinGainDB && db <= MixerMaxGainDB:
		m.gain[party] = int32(math.Round(math.Pow(10, db/20) * (1 << mixGainShift)))
	default:
		return fmt.Errorf("dsp: mixer: gain %v dB; use %d to %d dB, or -Inf to mute", db, MixerMinGainDB, MixerMaxGainDB)
	}
	return nil
}

// Mix mixes one frame: in[i] is what party i says (nil: silent), out[i]
// receives what party i hears, everyone else's audio (nil: nobody listens
// there). The parties are in[0] to in[len(in)-1]; out must be as long as
// in, and every frame in both of the same length, at most the mixer's
// frame. out[i] must not share memory with any in[j].
func (m *Mixer) Mix(out, in [][]int16) error {
	if len(in) > len(m.gain) || len(out) != len(in) {
		return ErrMixerFrame
	}
	n := -1
	for i := range in {
		for _, b := range [2][]int16{in[i], out[i]} {
			if b == nil {
				continue
			}
			if n == -1 {
				n = len(b)
			}
			if len(b) != n {
				return ErrMixerFrame
			}
		}
	}
	if n > m.frame {
		return ErrMixerFrame
	}
	if n <= 0 {
		return nil
	}
	acc := m.acc[:n]
	clear(acc)
	for i, x := range in {
		if x == nil || m.gain[i] == 0 {
			continue
		}
		g := m.gain[i]
		for s, v := range x[:n] {
			acc[s] += scaleQ(v, g)
		}
	}
	for i, y := range out {
		if y == nil {
			continue
		}
		x, g := in[i], m.gain[i]
		if x == nil || g == 0 {
			for s, v := range acc {
				y[s] = clip16(v)
			}
			continue
		}
		x = x[:n]
		for s, v := range acc {
			y[s] = clip16(v - scaleQ(x[s], g))
		}
	}
	return nil
}

// scaleQ returns v times the fixed-point gain g, rounded.
func scaleQ(v int16, g int32) int32 {
	return (int32(v)*g + 1<<(mixGainShift-1)) >> mixGainShift
}

// clip16 saturates v to the int16 range.
func clip16(v int32) int16 {
	switch {
	case v > math.MaxInt16:
		return math.MaxInt16
	case v < math.MinInt16:
		return math.MinInt16
	}
	return int16(v)
}
