package dsp

import (
	"fmt"
	"math"
	"testing"
)

// Narrow-band signals (ITU-T G.168 tests No. 6 and 7 ask that a canceller
// neither diverge nor go unstable on them): a steady tone through one
// canceller, and a tone in a call between two ports that both cancel echo,
// where each canceller's output is the other's reference.

// toneLoop simulates secs seconds of a call between ports A and B, each
// with its own canceller (HighwayEchoCancellerOpts): A's phone says talk
// and returns no echo; B's phone says nothing, and its hybrid returns what
// B hears through the impulse response h. Both lines carry noise at
// echoLineNoise. The switch delays each direction by one 20 ms frame. It
// returns what B hears and what A hears.
func toneLoop(t *testing.T, secs float64, talk, h []float64) (heardB, heardA []int16) {
	t.Helper()
	a, err := NewEchoCanceller(&HighwayEchoCancellerOpts)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewEchoCanceller(&HighwayEchoCancellerOpts)
	n := int(secs*SampleRate) / frameLen * frameLen
	outA, outB := make([]int16, n), make([]int16, n)
	rinA, rinB := make([]int16, n), make([]int16, n)
	sinA, sinB := make([]int16, n), make([]int16, n)
	noiseA, noiseB := make([]float64, n), make([]float64, n)
	addNoise(noiseA, echoLineNoise, 1)
	addNoise(noiseB, echoLineNoise, 2)
	for f := 0; f < n; f += frameLen {
		for i := f; i < f+frameLen; i++ {
			if i >= frameLen {
				rinA[i] = outB[i-frameLen]
				rinB[i] = outA[i-frameLen]
			}
			sinA[i] = saturate(talk[i] + noiseA[i])
		}
		a.Process(outA[f:f+frameLen], rinA[f:f+frameLen], sinA[f:f+frameLen])
		for i := f; i < f+frameLen; i++ {
			if i >= frameLen {
				rinB[i] = outA[i-frameLen]
			}
			e := noiseB[i]
			for k, c := range h {
				if c != 0 && i-k >= 0 {
					e += c * float64(rinB[i-k])
				}
			}
			sinB[i] = saturate(e)
		}
		b.Process(outB[f:f+frameLen], rinB[f:f+frameLen], sinB[f:f+frameLen])
	}
	return rinB, rinA
}

// TestEchoCancellerToneLoop: A's phone sends the end of a DTMF digit (the
// last one dialled, still sounding as the call is bridged), then a steady
// tone at -10 dBm0; B's hybrid returns what B hears 6 dB down after a bulk
// delay. From 1 s on, B must hear the tone at its level within 1 dB in
// every 100 ms window (no canceller adds to it or takes from it), and A
// must hear its echo at least 30 dB below -16 dBm0. Before the fix, A's
// canceller learnt to "cancel" the tone from what came back through B, and
// B heard it at up to 0 dBm0.
func TestEchoCancellerToneLoop(t *testing.T) {
	const talkDBm0, echoGain, secs, dtmfLen = -10.0, 0.5, 4.0, 640
	echoDBm0 := talkDBm0 + 20*math.Log10(echoGain)
	for _, hz := range []float64{1000, 440, 1060} {
		for _, bulkMs := range []int{40, 80} {
			t.Run(fmt.Sprintf("%vHz/bulk_%dms", hz, bulkMs), func(t *testing.T) {
				t.Parallel()
				n := int(secs * SampleRate)
				talk := make([]float64, n)
				addSines(talk, 0, dtmfLen, sine{697, -6}, sine{1336, -4})
				addSines(talk, dtmfLen, n-dtmfLen, sine{hz, talkDBm0})
				h := make([]float64, bulkMs*8+1)
				h[bulkMs*8] = echoGain
				heardB, heardA := toneLoop(t, secs, talk, h)
				worstB, worstA := talkDBm0, math.Inf(-1)
				for w := SampleRate; w+800 <= len(heardB); w += 800 {
					b, a := PowerDBm0(heardB[w:w+800]), PowerDBm0(heardA[w:w+800])
					if math.Abs(b-talkDBm0) > math.Abs(worstB-talkDBm0) {
						worstB = b
					}
					worstA = max(worstA, a)
				}
				t.Logf("from 1 s, 100 ms windows: B hears the tone at %.1f dBm0 at worst, A hears at most %.1f dBm0", worstB, worstA)
				if math.Abs(worstB-talkDBm0) > 1 {
					t.Errorf("B hears %.1f dBm0 in a window; want %.1f ± 1 dBm0 in every one", worstB, talkDBm0)
				}
				if worstA > echoDBm0-30 {
					t.Errorf("A hears %.1f dBm0 in a window; want its echo (%.1f dBm0) at least 30 dB down in every one", worstA, echoDBm0)
				}
			})
		}
	}
}

// TestEchoCancellerToneNoDivergence: a steady tone at -10 dBm0 at Rin and
// its echo 6 dB down after 80 ms, at frequencies where the phase of the
// tone turns by about half a cycle per 64-sample block (near the odd bins
// of the 128-point transform), on which the per-bin step made the filter
// drift instead of converging (fdaf.go), and at 1000 Hz. The linear
// filter's output (NLP off) must never be louder than the echo it cancels
// from 0.5 s on, and at least 30 dB below it from 1 s on. Before the fixes
// the error reached +6 dBm0 (full scale) on all but 1000 Hz.
func TestEchoCancellerToneNoDivergence(t *testing.T) {
	const farDBm0, echoGain, delay = -10.0, 0.5, 640
	echoDBm0 := farDBm0 + 20*math.Log10(echoGain)
	for _, hz := range []float64{434, 440, 940, 1000, 1060, 1440, 2690, 3436} {
		t.Run(fmt.Sprintf("%vHz", hz), func(t *testing.T) {
			t.Parallel()
			n := 4 * SampleRate
			far := make([]float64, n)
			addSines(far, 0, n, sine{hz, farDBm0})
			sin := make([]float64, n)
			for i := delay; i < n; i++ {
				sin[i] = echoGain * far[i-delay]
			}
			addNoise(sin, echoLineNoise, 3)
			run := &echoRun{rin: toPCM(far), sin: toPCM(sin)}
			out := run.cancel(t, linear(HighwayEchoCancellerOpts))
			early, at := peakWindow(out[:SampleRate], SampleRate/2, 800)
			late, lateAt := peakWindow(out, SampleRate, 800)
			t.Logf("Sout (100 ms windows) 0.5 to 1 s: at most %.1f dBm0; from 1 s: at most %.1f dBm0; the echo is at %.1f dBm0", early, late, echoDBm0)
			if early > echoDBm0+0.5 {
				t.Errorf("Sout %.1f dBm0 in the window at %d ms; want no louder than the echo, %.1f dBm0", early, at/8, echoDBm0)
			}
			if late > echoDBm0-30 {
				t.Errorf("Sout %.1f dBm0 in the window at %d ms; want every window from 1 s at least 30 dB below the echo, %.1f dBm0", late, lateAt/8, echoDBm0)
			}
		})
	}
}

// peakWindow returns the largest power (dBm0) of pcm[from:] over windows
// of w samples and where it is.
func peakWindow(pcm []int16, from, w int) (float64, int) {
	peak, at := math.Inf(-1), -1
	for a := from; a+w <= len(pcm); a += w {
		if p := PowerDBm0(pcm[a : a+w]); p > peak {
			peak, at = p, a
		}
	}
	return peak, at
}
