package lab

import (
	"math"

	"github.com/hookflash/firmware/pbx/dsp"
)

// sineHz measures the frequency of pcm when it is one clean sine wave: it
// times the rising zero crossings (interpolated between samples) and
// accepts the result only if every period is within 5 % of their mean, as
// for a test tone; a mix of tones (DTMF, dial tones of two frequencies),
// speech or noise gives false. A partial first and last period are
// ignored.
func sineHz(pcm []int16) (float64, bool) {
	first, last, prev := -1.0, -1.0, -1.0
	n := 0
	minP, maxP := math.Inf(1), 0.0
	for i := 1; i < len(pcm); i++ {
		a, b := float64(pcm[i-1]), float64(pcm[i])
		if !(a < 0 && b >= 0) {
			continue
		}
		t := float64(i-1) + -a/(b-a)
		if first < 0 {
			first = t
		} else {
			p := t - prev
			minP, maxP = math.Min(minP, p), math.Max(maxP, p)
			n++
		}
		prev, last = t, t
	}
	if n < 4 {
		return 0, false
	}
	mean := (last - first) / float64(n)
	if maxP > mean*1.05 || minP < mean*0.95 {
		return 0, false
	}
	return dsp.SampleRate / mean, true
}
