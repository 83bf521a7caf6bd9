package dsp

import (
	"fmt"
	"math"
)

// FSKStandard is the modem that carries caller ID: Bell 202 in North
// America, ITU-T V.23 (ETSI EN 300 659-1) in Europe. Both send 1200 bit/s.
type FSKStandard int

// FSK standards.
const (
	// Bell202 sends mark (1) at 1200 Hz and space (0) at 2200 Hz.
	Bell202 FSKStandard = iota + 1
	// V23 sends mark (1) at 1300 Hz and space (0) at 2100 Hz.
	V23
)

// fskBaud is the bit rate of both standards, bit/s.
const fskBaud = 1200

// tones returns the mark and space frequencies of s in Hz.
func (s FSKStandard) tones() (mark, space float64, ok bool) {
	switch s {
	case Bell202:
		return 1200, 2200, true
	case V23:
		return 1300, 2100, true
	}
	return 0, 0, false
}

// String returns the name of the standard.
func (s FSKStandard) String() string {
	switch s {
	case Bell202:
		return "Bell202"
	case V23:
		return "V23"
	}
	return fmt.Sprintf("FSKStandard(%d)", int(s))
}

// FSKModOpts configures an FSK caller ID burst.
type FSKModOpts struct {
	// Standard is Bell202 or V23.
	Standard FSKStandard
	// DBm0 is the level of the FSK signal, dBm0.
	DBm0 float64
	// SeizureBits is the number of alternating 0/1 bits of the channel
	// seizure signal (300 in Bell 202 and ETSI on-hook transmission; 0 for
	// none, as in off-hook caller ID).
	SeizureBits int
	// MarkBits is the number of mark (1) bits before the message (180 for
	// Bell 202 and ETSI on-hook, 80 off-hook).
	MarkBits int
}

// DefaultFSKModOpts is ETSI EN 300 659 on-hook transmission: V.23 at
// -13 dBm0, 300 bits of channel seizure and 180 mark bits.
var DefaultFSKModOpts = FSKModOpts{Standard: V23, DBm0: -13, SeizureBits: 300, MarkBits: 180}

// fskTrailBits is the number of mark bits sent after the last byte.
const fskTrailBits = 4

// FSKBurstLen returns the length in samples of the burst that FSKModulate
// makes of a frame of n bytes with the options o.
func FSKBurstLen(o *FSKModOpts, n int) int {
	bits := o.SeizureBits + o.MarkBits + 10*n + fskTrailBits
	return (bits*SampleRate + fskBaud - 1) / fskBaud
}

// FSKModulate writes into dst the phase-continuous FSK burst of frame
// (seizure, mark, then each byte as a start bit, eight data bits least
// significant first, and a stop bit) and returns the number of samples
// written, FSKBurstLen(o, len(frame)). It allocates nothing.
func FSKModulate(dst []int16, o *FSKModOpts, frame []byte) (int, error) {
	mark, space, ok := o.Standard.tones()
	if !ok {
		return 0, fmt.Errorf("dsp: fsk: unknown standard %v; use Bell202 or V23", o.Standard)
	}
	if o.SeizureBits < 0 || o.MarkBits < 0 || o.DBm0 > 3 {
		return 0, fmt.Errorf("dsp: fsk: seizure %d bits, mark %d bits, %v dBm0: want bit counts >= 0 and at most +3 dBm0", o.SeizureBits, o.MarkBits, o.DBm0)
	}
	n := FSKBurstLen(o, len(frame))
	if len(dst) < n {
		return 0, fmt.Errorf("dsp: fsk: buffer of %d samples; the burst needs %d (FSKBurstLen)", len(dst), n)
	}
	amp := PeakFromDBm0(o.DBm0)
	wMark := 2 * math.Pi * mark / SampleRate
	wSpace := 2 * math.Pi * space / SampleRate
	phase := 0.0
	for i := 0; i < n; i++ {
		dst[i] = saturate(amp * math.Sin(phase))
		if fskBit(o, frame, i*fskBaud/SampleRate) == 1 {
			phase += wMark
		} else {
			phase += wSpace
		}
		if phase > 2*math.Pi {
			phase -= 2 * math.Pi
		}
	}
	return n, nil
}

// fskBit returns bit k of the burst of frame.
func fskBit(o *FSKModOpts, frame []byte, k int) byte {
	if k < o.SeizureBits {
		return byte(k % 2) // 0, 1, 0, 1...
	}
	k -= o.SeizureBits + o.MarkBits
	if k < 0 || k >= 10*len(frame) {
		return 1
	}
	switch pos := k % 10; pos {
	case 0:
		return 0 // start bit
	case 9:
		return 1 // stop bit
	default:
		return (frame[k/10] >> (pos - 1)) & 1
	}
}
