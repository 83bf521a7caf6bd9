package dsp

import "math"

// Non-linear processor of the echo canceller.
//
// The linear filter leaves a residual echo some 30 to 40 dB below the echo;
// with a loud far end that is still audible. While the far end talks and
// the near end does not, the NLP replaces Sout by comfort noise at the
// level of the line's background noise, with a 2 ms cross-fade each way.
// "The far end talks" means the echo estimate ŷ is above the background
// noise.
//
// Near-end speech is declared, and held for 40 ms so that the NLP does not
// chop syllables, when the Geigel detector fires, or when the short-term
// (4 ms) powers of both the error and Sin exceed 9 dB above what the filter
// expects to leave, λ·P(ŷ) + P(noise), the error is not more than 3 dB
// above Sin (an error larger than Sin is the filter's own mistake, not a
// talker), and the error is above the echo bound: the largest short-term
// power of Rin over the last tail, less MinERLDB and less 22 dB. λ is the
// measured ratio of residual echo to echo estimate, tracked per block while
// no near-end speech is held and capped at -15 dB: it follows a fall at
// once but a rise only slowly (time constant 0.4 s), because near-end
// speech that has not been detected yet also raises it; following that at
// once let λ climb within a syllable until weak near-end speech (10 dB
// below the far end) was taken for echo and suppressed. The verdict ends early
// after 4 ms in which the error is within 3 dB of the expected residual.
// The background noise level is tracked by following the error's block
// power down at once and up by 3 dB per second.
//
// The echo bound is what keeps the NLP closed at the onsets of far-end
// bursts. There the echo estimate is least accurate: taps that the filter
// holds at delays shorter than the echo path's, learnt on other spectra,
// answer the new burst before the echo arrives, and the residual in the
// first milliseconds of the echo is as large as the estimate itself, so
// λ·P(ŷ) says nothing. Measured on the simulated hybrids once the filter
// has converged, that residual stays some 30 dB or more below Rin less the
// echo return loss, so an error above the bound (22 dB, leaving margin) is
// taken to be a talker. The price is that near-end speech more than
// MinERLDB + 22 dB below the far end's short-term peaks is taken for echo
// while the far end talks.

const (
	nlpAlpha      = 1.0 / 32 // weight of a sample in the short-term powers (4 ms)
	nlpNearRatio  = 8        // near-end speech: error above this · expected (9 dB)
	nlpHold       = 320      // samples a near-end verdict is held (40 ms)
	nlpClearRatio = 2        // error below this · expected: the echo alone (3 dB)
	nlpClearLen   = 32       // samples of that which end a near-end verdict (4 ms)
	nlpFadeStep   = 1.0 / 16 // cross-fade per sample (2 ms)
	nlpNoiseInit  = -70.0    // initial background noise level, dBm0
	// nlpNoiseMin is the lowest background noise power: -90 dBm0 in
	// squared PCM units.
	nlpNoiseMin = zeroDBm0Power * 1e-9
	// nlpNoiseRise is the most the noise power estimate may grow per block
	// of 64 samples: 3 dB per second, 10^(0.3·0.008).
	nlpNoiseRise = 1.005541
	// nlpLambdaMax caps λ at -15 dB: the NLP takes the far end to be
	// talking alone only once the filter removes at least 15 dB of the
	// echo, and near-end speech that has not been detected yet cannot
	// raise λ so far that it is never detected (near-end speech as loud as
	// the echo is 9 dB above 8·λ·P(ŷ) at the cap).
	nlpLambdaMax = 0.03
	// nlpLambdaFall and nlpLambdaRise are the weights of a block in λ when
	// the block's ratio is below or above it.
	nlpLambdaFall = 0.3
	nlpLambdaRise = 0.02
	nlpEchoRatio  = 1.0 // suppress while P(ŷ) is above this · P(noise)
	// nlpFarMarginDB is how far below Rin's short-term peak power, less the
	// hybrid's least echo return loss, an error may still be residual echo.
	nlpFarMarginDB = 22.0
)

// echoNLP is the state of the non-linear processor.
type echoNLP struct {
	pe, py float64 // short-term powers of the error and the echo estimate
	lambda float64 // residual echo over echo estimate, powers
	noise  float64 // background noise power, squared PCM units
	ps     float64 // short-term power of Sin
	hold   int     // samples left of the near-end verdict
	clear  int     // samples the error has been down to the expected residual
	gain   float64 // 1: pass the error, 0: comfort noise
	cnAmp  float64 // comfort noise amplitude: √(1.5·noise)
	rng    uint32

	pr      float64   // short-term power of Rin
	farMax  []float64 // largest pr in each of the last K+1 blocks
	farAt   int       // slot of farMax to fill next
	farCur  float64   // largest pr since the last block
	farEnv  float64   // largest of farMax
	farGain float64   // the echo bound over the largest pr: -(MinERLDB + nlpFarMarginDB) dB
}

// newEchoNLP returns the processor for a canceller of k partitions and the
// least echo return loss minERLDB (dB).
func newEchoNLP(k int, minERLDB float64) echoNLP {
	p := echoNLP{
		farMax:  make([]float64, k+1),
		farGain: math.Pow(10, -(minERLDB+nlpFarMarginDB)/10),
	}
	p.reset()
	return p
}

func (p *echoNLP) reset() {
	clear(p.farMax)
	*p = echoNLP{
		farMax:  p.farMax,
		farGain: p.farGain,
		lambda:  1,
		noise:   zeroDBm0Power * math.Pow(10, nlpNoiseInit/10),
		gain:    1,
		rng:     0x2545F491,
	}
	p.cnAmp = math.Sqrt(p.noise * 1.5)
}

// nearEnd reports whether near-end speech is held to be present.
func (p *echoNLP) nearEnd() bool { return p.hold > 0 }

// block updates λ and the noise level with the totals of one block of n
// (ecN) samples: pe, the error's energy, and py, the echo estimate's; and
// moves the Rin envelope on by a block.
func (p *echoNLP) block(pe, py float64, n int) {
	p.farMax[p.farAt] = p.farCur
	if p.farAt++; p.farAt == len(p.farMax) {
		p.farAt = 0
	}
	p.farCur = 0
	p.farEnv = 0
	for _, v := range p.farMax {
		p.farEnv = max(p.farEnv, v)
	}
	if p.hold == 0 && py > 4*float64(n)*p.noise {
		r := max(pe-float64(n)*p.noise, 0) / py
		if r > p.lambda {
			p.lambda += nlpLambdaRise * (r - p.lambda)
		} else {
			p.lambda += nlpLambdaFall * (r - p.lambda)
		}
		p.lambda = min(max(p.lambda, 1e-6), nlpLambdaMax)
	}
	pb := pe / float64(n)
	if pb < p.noise {
		p.noise += 0.5 * (pb - p.noise)
	} else {
		p.noise *= nlpNoiseRise
	}
	p.noise = max(p.noise, nlpNoiseMin)
	p.cnAmp = math.Sqrt(p.noise * 1.5)
}

// process returns the Sout sample for the error e, the echo estimate y and
// the Rin sample r of the same instant; geigel reports whether the Geigel
// detector holds near-end speech to be present.
func (p *echoNLP) process(e, y, r float64, geigel bool, o *EchoCancellerOpts) float64 {
	s := e + y
	p.pr += nlpAlpha * (r*r - p.pr)
	p.farCur = max(p.farCur, p.pr)
	farBound := p.farGain * max(p.farEnv, p.farCur)
	p.pe += nlpAlpha * (e*e - p.pe)
	p.py += nlpAlpha * (y*y - p.py)
	p.ps += nlpAlpha * (s*s - p.ps)
	expect := p.lambda*p.py + p.noise
	switch {
	case geigel || p.pe > nlpNearRatio*expect && p.ps > nlpNearRatio*expect && p.pe < 2*p.ps && p.pe > farBound:
		p.hold, p.clear = nlpHold, 0
	case p.pe < nlpClearRatio*expect:
		// The error is what the filter leaves of the echo: after 4 ms of
		// that, near-end speech is over (or was never there).
		if p.clear++; p.clear >= nlpClearLen {
			p.hold = 0
		}
	default:
		p.clear = 0
		if p.hold > 0 {
			p.hold--
		}
	}
	if !o.NLP {
		return e
	}
	if p.hold == 0 && p.py > nlpEchoRatio*p.noise {
		p.gain = max(0, p.gain-nlpFadeStep)
	} else {
		p.gain = min(1, p.gain+nlpFadeStep)
	}
	if p.gain == 1 {
		return e
	}
	cn := 0.0
	if o.ComfortNoise {
		cn = p.comfortNoise()
	}
	return p.gain*e + (1-p.gain)*cn
}

// comfortNoise returns a sample of white noise at the background level.
func (p *echoNLP) comfortNoise() float64 {
	// xorshift32; the sum of two uniform numbers in [-1, 1) has a variance
	// of 2/3.
	u := func() float64 {
		p.rng ^= p.rng << 13
		p.rng ^= p.rng >> 17
		p.rng ^= p.rng << 5
		return float64(p.rng)/(1<<31) - 1
	}
	return (u() + u()) * p.cnAmp
}
