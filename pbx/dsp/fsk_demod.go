package dsp

import (
	"math"
	"math/cmplx"
)

// FSK demodulation for caller ID.
//
// The demodulator mixes the signal down by the centre frequency (1700 Hz for
// both Bell 202 and V.23), low-pass filters the complex result (15-tap FIR,
// 1100 Hz) and reads the instantaneous frequency from the phase turn between
// samples: below the centre is mark (1), above it space (0). An asynchronous
// receiver finds each start bit's edge and samples the ten bits of the
// character in their middles, 8000/1200 samples apart. A carrier detector
// (the signal's power against -42 dBm0) silences it between bursts.

const (
	fskCentreHz   = 1700 // between mark and space of both standards
	fskLPTaps     = 15
	fskLPCutHz    = 1100
	fskCarrierDB  = -42.0 // carrier detect threshold, dBm0
	fskPowerAlpha = 1.0 / 64
	// fskMarkLead is the number of mark bits that must come before a byte
	// for it to count as the first byte of a message.
	fskMarkLead = 20
)

// fskByte is a character from the demodulator.
type fskByte struct {
	b         byte
	afterMark bool // preceded by at least fskMarkLead mark bits
}

// fskDemod turns FSK samples into characters. It allocates nothing.
type fskDemod struct {
	lp      [fskLPTaps]float64
	hist    [fskLPTaps]complex128 // mixed samples, newest at hpos
	hpos    int
	lo      complex128 // e^(-jω_c n)
	loStep  complex128
	prev    complex128 // previous filtered sample
	disc    [3]float64 // last discriminator outputs
	dpos    int
	power   float64 // smoothed power, squared 16-bit units
	carrier float64 // power threshold
	spb     float64 // samples per bit

	n       int64   // samples seen
	inChar  bool    // receiving a character
	startAt float64 // sample index of the start bit's edge
	bit     int     // next bit of the character to sample (0: start)
	char    byte
	markRun int // consecutive mark samples while idle
	lead    int // mark samples before the current character
}

func newFSKDemod() fskDemod {
	d := fskDemod{
		lo:      1,
		loStep:  cmplx.Rect(1, -2*math.Pi*fskCentreHz/SampleRate),
		carrier: zeroDBm0Power * math.Pow(10, fskCarrierDB/10),
		spb:     float64(SampleRate) / fskBaud,
	}
	// Hamming-windowed sinc low-pass, unity gain at 0 Hz.
	var sum float64
	mid := (fskLPTaps - 1) / 2.0
	for i := range d.lp {
		t := float64(i) - mid
		h := 2 * fskLPCutHz / float64(SampleRate)
		if t != 0 {
			x := 2 * math.Pi * fskLPCutHz / SampleRate * t
			h *= math.Sin(x) / x
		}
		h *= 0.54 - 0.46*math.Cos(2*math.Pi*float64(i)/(fskLPTaps-1))
		d.lp[i] = h
		sum += h
	}
	for i := range d.lp {
		d.lp[i] /= sum
	}
	return d
}

// process demodulates pcm and appends the characters received to out.
func (d *fskDemod) process(pcm []int16, out []fskByte) []fskByte {
	for _, v := range pcm {
		x := float64(v)
		d.power += fskPowerAlpha * (x*x - d.power)

		// Mix down and filter.
		d.hist[d.hpos] = complex(x, 0) * d.lo
		d.lo *= d.loStep
		var z complex128
		j := d.hpos
		for k := range d.lp {
			z += complex(d.lp[k], 0) * d.hist[j]
			if j--; j < 0 {
				j = fskLPTaps - 1
			}
		}
		if d.hpos++; d.hpos == fskLPTaps {
			d.hpos = 0
			// Keep |lo| at 1 against rounding drift.
			d.lo /= complex(cmplx.Abs(d.lo), 0)
		}
		p := z * cmplx.Conj(d.prev)
		d.prev = z
		d.disc[d.dpos] = math.Atan2(imag(p), real(p))
		d.dpos = (d.dpos + 1) % len(d.disc)
		f := d.disc[0] + d.disc[1] + d.disc[2]
		d.n++

		if d.power < d.carrier {
			d.inChar, d.markRun = false, 0
			continue
		}
		mark := f < 0
		if !d.inChar {
			if mark {
				d.markRun++
				continue
			}
			// A start bit's edge.
			d.inChar, d.bit, d.char = true, 0, 0
			d.startAt = float64(d.n - 1)
			d.lead, d.markRun = d.markRun, 0
			continue
		}
		if float64(d.n-1) < d.startAt+(float64(d.bit)+0.5)*d.spb {
			continue
		}
		switch {
		case d.bit == 0 && mark: // not a start bit after all
			d.inChar = false
		case d.bit >= 1 && d.bit <= 8:
			if mark {
				d.char |= 1 << (d.bit - 1)
			}
		case d.bit == 9:
			d.inChar = false
			if mark { // a good stop bit
				out = append(out, fskByte{b: d.char, afterMark: float64(d.lead) >= fskMarkLead*d.spb})
			}
		}
		d.bit++
	}
	return out
}
