package media

import (
	"github.com/hookflash/firmware/pbx/dsp"
)

// G.722 samples at 16 kHz, while frames of the switch are 8 kHz: a
// wideband stream is resampled on its way in and out. Its RTP clock is
// 8000 Hz all the same (RFC 3551 section 4.5.2, an error kept for
// compatibility), and it codes one octet per 8 kHz tick, so RTP timestamps,
// packet sizes and the jitter buffer work as for G.711. Two legs that
// both speak G.722 relay their packets untouched and keep the full band.

// wideTx encodes 8 kHz frames into G.722: up to 16 kHz, then the encoder.
type wideTx struct {
	up  dsp.Upsampler16k
	enc *dsp.G722Encoder
	buf [2 * frameTS]int16
}

// encode codes one frame of src into dst and returns the octets written.
func (w *wideTx) encode(dst []byte, src []int16) int {
	if w.enc == nil {
		w.enc = dsp.NewG722Encoder()
	}
	n := w.up.Process(w.buf[:], src)
	return w.enc.Encode(dst, w.buf[:n])
}

// wideRx decodes G.722 into 8 kHz frames: the decoder, then down to 8 kHz
// through dsp's resampler.
type wideRx struct {
	dec  *dsp.G722Decoder
	down *dsp.Resampler
	buf  [2 * frameTS]int16
}

// decode decodes the octets of one frame in src into dst and returns the
// samples written.
func (w *wideRx) decode(dst []int16, src []byte) int {
	if w.dec == nil {
		w.dec = dsp.NewG722Decoder()
		w.down, _ = dsp.NewResampler(16000) // 16 kHz is a rate it takes
	}
	n := w.dec.Decode(w.buf[:], src)
	return w.down.Process(dst, w.buf[:n])
}
