package dsp

import (
	"errors"
	"fmt"
	"strings"
)

// DTMF caller ID: the calling number sent as DTMF digits before the first
// ring (or between the first two), as the DTMF-based protocol that ETSI
// EN 300 659-1 keeps for networks that had it, and its national variants.
// What this file follows:
//   - The A/C form (Sweden's Telia specification, also used in Finland and
//     by the ETSI annex): [A number] [D redirecting number] [B information
//     code] C, digits 0-9, at most 15 per number; information code 00: the
//     number is not available, 10: the number is restricted (private).
//     Tones of 70 ms with 70 ms pauses.
//   - The D/C form: D number C, for variants that start the number with D;
//     the information codes as above.
//   - Denmark (TDC): A number #; instead of a number D1# (restricted by the
//     caller), D2# (international call: not available), D3# (not available
//     for technical reasons). Tones and pauses of at least 50 ms.
//
// The absence reasons map onto CallerID's: 'P' private (restricted), 'O'
// out of area (unavailable).

// DTMFCLIPFormat is a form of DTMF caller ID.
type DTMFCLIPFormat int

// DTMF caller ID forms.
const (
	// DTMFCLIPA is A<number>C, B00C (unavailable), B10C (private), with
	// a redirecting number as D<number> before the C.
	DTMFCLIPA DTMFCLIPFormat = iota + 1
	// DTMFCLIPD is D<number>C, with the A form's absence codes.
	DTMFCLIPD
	// DTMFCLIPDenmark is A<number>#, D1# (private), D3# (unavailable).
	DTMFCLIPDenmark
)

// dtmfCLIPMaxDigits is the longest number a DTMF caller ID carries.
const dtmfCLIPMaxDigits = 20

// DefaultDTMFCLIPGenOpts sends DTMF caller ID as the A/C form asks: 70 ms
// tones with 70 ms pauses, at the levels of DefaultDTMFGenOpts. Queue the
// digits of DTMFCallerID.Digits on a DTMFGen made with these options.
var DefaultDTMFCLIPGenOpts = DTMFGenOpts{LowDBm0: -6, HighDBm0: -4, OnMs: 70, OffMs: 70}

// DTMFCLIPBurstLen returns the length in samples of a DTMF caller ID burst
// of digits digits sent with the options o.
func DTMFCLIPBurstLen(digits int, o *DTMFGenOpts) int {
	return digits * (o.OnMs + o.OffMs) * SampleRate / 1000
}

// DTMFCallerID is the content of a DTMF caller ID message: a number, or a
// reason for its absence ('P' private, 'O' unavailable), and in the A form
// perhaps the number the call was redirected from.
type DTMFCallerID struct {
	Number      string
	Redirecting string
	Absent      byte
}

// ErrDTMFCLIP is wrapped by the errors of ParseDTMFCallerID.
var ErrDTMFCLIP = errors.New("dsp: dtmf caller id: malformed message")

// Digits returns c as the DTMF digits of the form f, start and end codes
// included.
func (c *DTMFCallerID) Digits(f DTMFCLIPFormat) (string, error) {
	for _, n := range []string{c.Number, c.Redirecting} {
		if len(n) > dtmfCLIPMaxDigits || strings.Trim(n, "0123456789") != "" {
			return "", fmt.Errorf("dsp: dtmf caller id: number %q: use up to %d digits 0-9", n, dtmfCLIPMaxDigits)
		}
	}
	if (c.Number == "") == (c.Absent == 0) {
		return "", errors.New("dsp: dtmf caller id: give a number or a reason for its absence, not both or neither")
	}
	if c.Absent != 0 && c.Absent != cidAbsentPrivate && c.Absent != cidAbsentUnavail {
		return "", fmt.Errorf("dsp: dtmf caller id: absence reason %q: use 'P' (private) or 'O' (unavailable)", c.Absent)
	}
	if c.Redirecting != "" && f != DTMFCLIPA {
		return "", errors.New("dsp: dtmf caller id: only the A form carries a redirecting number")
	}
	var sb strings.Builder
	switch f {
	case DTMFCLIPA, DTMFCLIPD:
		if c.Number != "" {
			sb.WriteByte("AD"[f-DTMFCLIPA])
			sb.WriteString(c.Number)
		}
		if c.Redirecting != "" {
			sb.WriteString("D" + c.Redirecting)
		}
		switch c.Absent {
		case cidAbsentUnavail:
			sb.WriteString("B00")
		case cidAbsentPrivate:
			sb.WriteString("B10")
		}
		sb.WriteByte('C')
	case DTMFCLIPDenmark:
		switch c.Absent {
		case cidAbsentUnavail:
			sb.WriteString("D3")
		case cidAbsentPrivate:
			sb.WriteString("D1")
		default:
			sb.WriteString("A" + c.Number)
		}
		sb.WriteByte('#')
	default:
		return "", fmt.Errorf("dsp: dtmf caller id: format %d; use DTMFCLIPA, DTMFCLIPD or DTMFCLIPDenmark", f)
	}
	return sb.String(), nil
}

// ParseDTMFCallerID decodes the digits of a DTMF caller ID message, start
// and end codes included, in any of the forms: ending in C (the A and D
// forms; a lone D field is the number, a D field after an A field the
// redirecting number) or in # (Denmark). Errors wrap ErrDTMFCLIP.
func ParseDTMFCallerID(digits string) (DTMFCallerID, error) {
	var c DTMFCallerID
	bad := func(why string) (DTMFCallerID, error) {
		return DTMFCallerID{}, fmt.Errorf("%w %q: %s", ErrDTMFCLIP, digits, why)
	}
	if len(digits) < 2 {
		return bad("too short")
	}
	end := digits[len(digits)-1]
	if end != 'C' && end != '#' {
		return bad("no end code C or #")
	}
	body := digits[:len(digits)-1]
	var dField string
	var seen [256]bool
	for len(body) > 0 {
		code := body[0]
		n := 1
		for n < len(body) && body[n] >= '0' && body[n] <= '9' {
			n++
		}
		val := body[1:n]
		body = body[n:]
		if seen[code] && !(code == 'D' && end == 'C') {
			return bad(fmt.Sprintf("field %c twice", code))
		}
		seen[code] = true
		if len(val) > dtmfCLIPMaxDigits {
			return bad("number too long")
		}
		switch {
		case code == 'A' && val != "":
			c.Number = val
		case code == 'D' && end == 'C' && val != "" && dField == "":
			dField = val
		case code == 'D' && end == 'C' && val != "":
			// A second redirection (the Swedish form allows two): keep
			// the first.
		case code == 'B' && end == 'C':
			switch val {
			case "00":
				c.Absent = cidAbsentUnavail
			case "10":
				c.Absent = cidAbsentPrivate
			default:
				return bad("unknown information code " + val)
			}
		case code == 'D' && end == '#':
			switch val {
			case "1":
				c.Absent = cidAbsentPrivate
			case "2", "3":
				c.Absent = cidAbsentUnavail
			default:
				return bad("unknown code D" + val)
			}
		default:
			return bad(fmt.Sprintf("unexpected %q", code))
		}
	}
	if dField != "" {
		if c.Number == "" {
			c.Number = dField
		} else {
			c.Redirecting = dField
		}
	}
	if c.Number == "" && c.Absent == 0 {
		return bad("neither a number nor a reason for its absence")
	}
	if c.Number != "" && c.Absent != 0 {
		return bad("both a number and a reason for its absence")
	}
	return c, nil
}

// dtmfCLIPGapSamples is the longest silence inside a message (500 ms):
// after it, a message without its end code is dropped.
const dtmfCLIPGapSamples = SampleRate / 2

// DTMFCLIPReceiver decodes DTMF caller ID from 16-bit PCM at 8 kHz with a
// DTMFDetector: it collects digits from a start code (A, B or D) to an end
// code (C or #) and parses them. Process allocates nothing except the
// strings of a decoded message; a DTMFCLIPReceiver is not safe for
// concurrent use.
type DTMFCLIPReceiver struct {
	det    *DTMFDetector
	ev     [8]DTMFEvent
	buf    [2*dtmfCLIPMaxDigits + 8]byte
	n      int
	in     bool
	lastAt int64
	pos    int64
}

// NewDTMFCLIPReceiver returns a receiver waiting for a message.
func NewDTMFCLIPReceiver() *DTMFCLIPReceiver {
	det, _ := NewDTMFDetector(nil) // the default options are valid
	return &DTMFCLIPReceiver{det: det}
}

// Process consumes pcm (one 20 ms frame per call is best; longer slices
// work, but only the last message completed in them is returned). It
// returns the message and true when a message ends in pcm, or an error when
// one ends malformed or breaks off (no digit for 500 ms before its end
// code).
func (r *DTMFCLIPReceiver) Process(pcm []int16) (msg DTMFCallerID, ok bool, err error) {
	for len(pcm) > 0 {
		n := min(len(pcm), frameSamples)
		events := r.det.Process(pcm[:n], r.ev[:0])
		pcm = pcm[n:]
		r.pos += int64(n)
		for _, e := range events {
			if e.End {
				continue
			}
			m, done, perr := r.digit(e.Digit, e.At)
			if done {
				msg, ok, err = m, perr == nil, perr
			}
		}
		if r.in && r.pos-r.lastAt > dtmfCLIPGapSamples+dtmfWin {
			r.in = false
			msg, ok, err = DTMFCallerID{}, false, fmt.Errorf("%w %q: broke off without its end code", ErrDTMFCLIP, r.buf[:r.n])
		}
	}
	return msg, ok, err
}

// frameSamples is the chunk the receiver feeds its detector: a detector
// returns at most two events per 40 ms, so r.ev never grows.
const frameSamples = 160

// digit takes one detected digit; it reports done with the parsed message
// (or its error) when the digit is an end code.
func (r *DTMFCLIPReceiver) digit(d byte, at int64) (DTMFCallerID, bool, error) {
	start := d == 'A' || d == 'B' || d == 'D'
	switch {
	case !r.in && !start:
		return DTMFCallerID{}, false, nil
	case !r.in, d == 'A', r.n == len(r.buf):
		r.in, r.n = start, 0
		if !start {
			return DTMFCallerID{}, false, nil
		}
	}
	r.buf[r.n] = d
	r.n++
	r.lastAt = at
	if d != 'C' && d != '#' {
		return DTMFCallerID{}, false, nil
	}
	r.in = false
	m, err := ParseDTMFCallerID(string(r.buf[:r.n]))
	return m, true, err
}
