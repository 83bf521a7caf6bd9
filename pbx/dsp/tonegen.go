package dsp

import "fmt"

// genBlock is the number of samples a generator computes at a time; its
// scratch buffer has this many float64s.
const genBlock = 160

// ToneGen generates a Tone as 16-bit PCM at 8 kHz, step by step and
// repeating its pattern unless the tone is Once. It keeps its phase and
// position between calls, so any buffer size gives the same signal.
// Generate allocates nothing; a ToneGen is not safe for concurrent use.
type ToneGen struct {
	steps []stepSamples
	once  bool
	amp   float64 // peak per component, 16-bit PCM units

	idx  int // current step
	left int // samples left in the current step; -1: for ever
	osc  [MaxToneFreqs]oscillator
	nosc int
	done bool
	acc  [genBlock]float64
}

type stepSamples struct {
	hz [MaxToneFreqs]float64
	n  int // frequencies in hz
	ns int // samples; 0: for ever
}

// NewToneGen returns a generator of t at t.DBm0 (dBm0 per component), or an
// error if t does not validate.
func NewToneGen(t Tone) (*ToneGen, error) {
	if err := t.Validate(); err != nil {
		return nil, fmt.Errorf("dsp: tone: %w", err)
	}
	g := &ToneGen{once: t.Once, amp: PeakFromDBm0(t.DBm0)}
	for _, s := range t.steps() {
		var ss stepSamples
		ss.n = copy(ss.hz[:], s.Hz)
		ss.ns = s.Ms * SampleRate / 1000
		g.steps = append(g.steps, ss)
	}
	g.Reset()
	return g, nil
}

// Reset restarts the tone from the beginning of its first step.
func (g *ToneGen) Reset() {
	g.done = false
	g.start(0)
}

func (g *ToneGen) start(i int) {
	g.idx = i
	s := &g.steps[i]
	g.left = s.ns
	if s.ns == 0 {
		g.left = -1
	}
	g.nosc = s.n
	for k := 0; k < s.n; k++ {
		g.osc[k] = newOscillator(s.hz[k], g.amp)
	}
}

// Done reports whether a Once tone has played to its end.
func (g *ToneGen) Done() bool { return g.done }

// Generate writes the next len(out) samples of the tone into out and returns
// how many of them come before the end of a Once tone (len(out) for a
// repeating tone); samples after the end are silence.
func (g *ToneGen) Generate(out []int16) int {
	written := 0
	for len(out) > 0 {
		if g.done {
			clear(out)
			return written
		}
		n := min(len(out), genBlock)
		if g.left >= 0 {
			n = min(n, g.left)
		}
		acc := g.acc[:n]
		clear(acc)
		for k := 0; k < g.nosc; k++ {
			g.osc[k].add(acc)
		}
		for i, v := range acc {
			out[i] = saturate(v)
		}
		out = out[n:]
		written += n
		if g.left > 0 {
			g.left -= n
			if g.left == 0 {
				next := g.idx + 1
				if next == len(g.steps) {
					if g.once {
						g.done = true
						continue
					}
					next = 0
				}
				g.start(next)
			}
		}
	}
	return written
}
