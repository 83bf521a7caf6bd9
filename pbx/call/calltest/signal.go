package calltest

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Signals a fake far end can say: tones in a cadence, as fax machines and
// exchanges send them, and speech-like sound, for detectors that must not
// take it for a tone.

// Bursts returns total of hz at dbm0 (the sine's level), on for on and off
// for off in turn, starting with on, in 20 ms frames: CNG is
// Bursts(1100, -15, 500*time.Millisecond, 3*time.Second, ...).
func Bursts(hz, dbm0 float64, on, off, total time.Duration) []call.Frame {
	a := dsp.PeakFromDBm0(dbm0)
	n := int(total / call.FrameDuration)
	perMs := float64(dsp.SampleRate) / 1000
	onN, cycle := int(float64(on.Milliseconds())*perMs), int(float64((on+off).Milliseconds())*perMs)
	frames := make([]call.Frame, n)
	for i := range n * call.FrameSamples {
		if cycle > 0 && i%cycle >= onN {
			continue
		}
		frames[i/call.FrameSamples][i%call.FrameSamples] = int16(a * math.Sin(2*math.Pi*hz*float64(i)/dsp.SampleRate))
	}
	return frames
}

// Speech returns total of speech-like sound at about dbm0: syllables of
// 150 to 350 ms with pauses of 50 to 200 ms between them, each a voice
// whose pitch glides between 90 and 250 Hz, its harmonics shaped by three
// formants that move from syllable to syllable. seed picks the syllables.
func Speech(dbm0 float64, total time.Duration, seed uint64) []call.Frame {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	n := int(total/call.FrameDuration) * call.FrameSamples
	pcm := make([]float64, n)
	for at := 0; at < n; {
		dur := (150 + r.IntN(200)) * dsp.SampleRate / 1000
		f0, f1 := 90+r.Float64()*160, 90+r.Float64()*160
		formants := [3]float64{300 + r.Float64()*600, 900 + r.Float64()*1400, 2200 + r.Float64()*900}
		var phase float64
		for k := 0; k < dur && at+k < n; k++ {
			pitch := f0 + (f1-f0)*float64(k)/float64(dur)
			phase += 2 * math.Pi * pitch / dsp.SampleRate
			var v float64
			for h := 1; float64(h)*pitch < 3400; h++ {
				hz := float64(h) * pitch
				var g float64
				for _, f := range formants {
					g += math.Exp(-(hz - f) * (hz - f) / (2 * 150 * 150))
				}
				v += g * math.Sin(float64(h)*phase)
			}
			pcm[at+k] = v * math.Sin(math.Pi*float64(k)/float64(dur)) // a syllable swells and fades
		}
		at += dur + (50+r.IntN(150))*dsp.SampleRate/1000
	}
	var sum float64
	for _, v := range pcm {
		sum += v * v
	}
	scale := 0.0
	if sum > 0 {
		scale = dsp.PeakFromDBm0(dbm0) / math.Sqrt(2*sum/float64(n))
	}
	frames := make([]call.Frame, n/call.FrameSamples)
	for i, v := range pcm {
		frames[i/call.FrameSamples][i%call.FrameSamples] = int16(max(-32768, min(32767, v*scale)))
	}
	return frames
}

// SaysAll queues frames for the switch to read, in order, one per 20 ms
// as it reads them.
func (l *Leg) SaysAll(frames []call.Frame) {
	for _, f := range frames {
		l.Says(f)
	}
}
