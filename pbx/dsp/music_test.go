package dsp

import (
	"math"
	"math/rand/v2"
)

// Generated music for the DTMF talk-off test: pieces of 20 to 40 s in a
// random key, major or minor, at 70 to 160 beats per minute, each with a
// chord instrument (four-bar progressions of triads and sevenths, octave
// 4), a bass line (octave 2 to 3) and a melody (a random walk on the scale,
// octaves 5 and 6, eighths to half notes), each voiced by an instrument
// with its own harmonics and envelope, slightly detuned per piece.

// instrument is a timbre: partial k+1 has amplitude partials[k], under an
// attack/decay/sustain/release envelope.
type instrument struct {
	partials                     []float64
	attackMs, decayMs, releaseMs float64
	sustain                      float64
}

var instruments = []instrument{
	{partials: []float64{1}, attackMs: 10, decayMs: 50, sustain: 0.8, releaseMs: 80},                                                // sine
	{partials: []float64{1, 0.4, 0.15}, attackMs: 40, decayMs: 100, sustain: 0.8, releaseMs: 100},                                   // flute
	{partials: []float64{1, 0.5, 0.33, 0.25, 0.2, 0.17, 0.14, 0.12}, attackMs: 80, decayMs: 100, sustain: 0.9, releaseMs: 200},      // strings
	{partials: []float64{1, 0, 0.33, 0, 0.2, 0, 0.14}, attackMs: 5, decayMs: 10, sustain: 1, releaseMs: 30},                         // organ
	{partials: []float64{1, 0.6, 0.3, 0.2, 0.1, 0.05}, attackMs: 2, decayMs: 300, sustain: 0.2, releaseMs: 200},                     // piano
	{partials: []float64{1, 0.9, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15}, attackMs: 30, decayMs: 80, sustain: 0.7, releaseMs: 60}, // brass
}

var (
	majorScale = []int{0, 2, 4, 5, 7, 9, 11}
	minorScale = []int{0, 2, 3, 5, 7, 8, 10}
	// progressions of scale degrees (0-based), one chord per bar
	progressions = [][]int{{0, 3, 4, 0}, {0, 5, 3, 4}, {0, 4, 5, 3}, {1, 4, 0, 0}, {0, 3, 0, 4}, {5, 3, 0, 4}}
)

// musicLike returns n samples of generated music at dbm0 dBm0 (mean power),
// deterministic for seed.
func musicLike(n int, dbm0 float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, seed^0x5851F42D4C957F2D))
	out := make([]float64, n)
	scratch := make([]float64, 4*SampleRate)
	for at := 0; at < n; {
		pieceLen := (20 + r.IntN(21)) * SampleRate
		root := 48 + r.IntN(12) // MIDI note of the key's tonic, octave 3
		scale := majorScale
		if r.IntN(2) == 0 {
			scale = minorScale
		}
		beat := SampleRate * 60 / (70 + r.IntN(91))
		detune := math.Pow(2, (r.Float64()-0.5)*0.2/12) // ±10 cents
		chordInst := instruments[r.IntN(len(instruments))]
		bassInst := instruments[r.IntN(len(instruments))]
		melInst := instruments[r.IntN(len(instruments))]
		prog := progressions[r.IntN(len(progressions))]
		seventh := r.IntN(3) == 0
		degree := func(d, octave int) float64 {
			m := root + 12*(d/7+octave) + scale[d%7]
			return 440 * detune * math.Pow(2, float64(m-69)/12)
		}
		mel := 7 + r.IntN(7) // melody position on the scale, from octave 4 up
		end := min(at+pieceLen, n)
		for bar := 0; at < end; bar++ {
			d := prog[bar%len(prog)]
			barLen := 4 * beat
			// Chord, held for the bar.
			notes := []int{d, d + 2, d + 4}
			if seventh {
				notes = append(notes, d+6)
			}
			for _, k := range notes {
				addNote(out, scratch, at, barLen, degree(k, 1), 0.25, chordInst)
			}
			// Bass: the root on every other beat.
			for b := 0; b < 4; b += 2 {
				addNote(out, scratch, at+b*beat, 2*beat, degree(d, -1+r.IntN(2)), 0.4, bassInst)
			}
			// Melody: eighths to half notes, a random walk on the scale.
			for t := 0; t < barLen; {
				dur := beat / 2 * (1 << r.IntN(3))
				mel = min(max(mel+r.IntN(5)-2, 7), 20)
				if r.IntN(6) != 0 { // now and then a rest
					addNote(out, scratch, at+t, dur, degree(mel, 1), 0.5, melInst)
				}
				t += dur
			}
			at += barLen
		}
		at = end
	}
	var p float64
	for _, v := range out {
		p += v * v
	}
	if p > 0 {
		k := math.Sqrt(zeroDBm0Power * math.Pow(10, dbm0/10) / (p / float64(n)))
		for i := range out {
			out[i] *= k
		}
	}
	return out
}

// addNote adds a note of hz Hz, amp, inst to out[at:at+dur] (plus its
// release), using scratch for the rendering.
func addNote(out, scratch []float64, at, dur int, hz, amp float64, inst instrument) {
	rel := int(inst.releaseMs * 8)
	total := min(dur+rel, len(scratch), len(out)-at)
	if total <= 0 {
		return
	}
	s := scratch[:total]
	clear(s)
	for k, a := range inst.partials {
		f := hz * float64(k+1)
		if a == 0 || f > 3900 {
			continue
		}
		o := newOscillator(f, a*amp)
		o.add(s)
	}
	att, dec := inst.attackMs*8, inst.decayMs*8
	for i := range s {
		x := float64(i)
		var e float64
		switch {
		case x < att:
			e = x / att
		case x < att+dec:
			e = 1 - (1-inst.sustain)*(x-att)/dec
		default:
			e = inst.sustain
		}
		if i >= dur {
			e *= 1 - float64(i-dur)/float64(rel)
		}
		out[at+i] += s[i] * e
	}
}
