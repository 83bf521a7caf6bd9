package dsp

import "fmt"

// CallerIDReceiver decodes FSK caller ID and message waiting indications
// (Bell 202 or V.23, either one: both share the centre frequency) from
// 16-bit PCM at 8 kHz: it finds the message type after the mark signal, collects the frame and checks its
// checksum. Process allocates nothing except the strings of a decoded
// message; a CallerIDReceiver is not safe for concurrent use.
type CallerIDReceiver struct {
	demod   fskDemod
	chars   [8]fskByte
	frame   [258]byte
	n, want int
	inFrame bool
}

// NewCallerIDReceiver returns a receiver waiting for a message.
func NewCallerIDReceiver() *CallerIDReceiver {
	return &CallerIDReceiver{demod: newFSKDemod()}
}

// Process consumes pcm (at most 160 samples, one 20 ms frame, per call is
// best; longer slices work but only the last message completed in them is
// returned). It returns the message and true when a frame with a good
// checksum ends in pcm, or an error (ErrCallerIDChecksum, or a malformed
// message) when a frame ends that cannot be used.
func (r *CallerIDReceiver) Process(pcm []int16) (msg CallerID, ok bool, err error) {
	for len(pcm) > 0 {
		// At most 48 samples make fewer than 8 characters.
		n := min(len(pcm), 48)
		chars := r.demod.process(pcm[:n], r.chars[:0])
		pcm = pcm[n:]
		for _, c := range chars {
			if c.afterMark {
				r.inFrame, r.n = false, 0
			}
			if !r.inFrame {
				if c.afterMark && (c.b == cidSDMF || c.b == cidMDMF || c.b == cidMWI) {
					r.inFrame, r.frame[0], r.n = true, c.b, 1
				}
				continue
			}
			r.frame[r.n] = c.b
			r.n++
			if r.n == 2 {
				r.want = int(c.b) + 3
			}
			if r.n == r.want {
				r.inFrame = false
				m, perr := ParseCallerID(r.frame[:r.n])
				if perr != nil {
					msg, ok, err = CallerID{}, false, fmt.Errorf("dsp: caller id: frame of %d bytes: %w", r.n, perr)
					continue
				}
				msg, ok, err = m, true, nil
			}
		}
	}
	return msg, ok, err
}
