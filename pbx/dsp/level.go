package dsp

import "math"

// SampleRate is the sample rate in Hz of every signal in this package.
const SampleRate = 8000

// ZeroDBm0Peak is the peak amplitude, in 16-bit PCM units, of a sine wave at
// 0 dBm0: 32768 / 10^(3.14/20), from G.711's A-law overload point at
// +3.14 dBm0.
const ZeroDBm0Peak = 22827.3

// zeroDBm0Power is the mean square, in squared 16-bit PCM units, of a sine
// wave at 0 dBm0.
const zeroDBm0Power = ZeroDBm0Peak * ZeroDBm0Peak / 2

// PeakFromDBm0 returns the peak amplitude in 16-bit PCM units of a sine wave
// at level dbm0 (dBm0).
func PeakFromDBm0(dbm0 float64) float64 {
	return ZeroDBm0Peak * math.Pow(10, dbm0/20)
}

// PowerDBm0 returns the mean power of pcm in dBm0: 0 for a sine wave at
// 0 dBm0, +3.01 for two such sines of different frequency, -Inf for silence
// or an empty slice. It allocates nothing.
func PowerDBm0(pcm []int16) float64 {
	if len(pcm) == 0 {
		return math.Inf(-1)
	}
	var sum float64
	for _, s := range pcm {
		v := float64(s)
		sum += v * v
	}
	return 10 * math.Log10(sum/float64(len(pcm))/zeroDBm0Power)
}

// saturate rounds v to the nearest int16 (halves upwards), clipping at the int16 range as a
// G.711 channel clips at its overload point.
func saturate(v float64) int16 {
	switch {
	case v >= math.MaxInt16:
		return math.MaxInt16
	case v <= math.MinInt16:
		return math.MinInt16
	}
	return int16(math.Floor(v + 0.5))
}
