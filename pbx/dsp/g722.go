package dsp

// ITU-T G.722 (09/2012) sub-band ADPCM at 64 kbit/s (mode 1): 16 kHz
// linear PCM is split by a 24-tap quadrature mirror filter into a lower
// sub-band (0-4 kHz) coded with 6 bits a sample and a higher sub-band
// (4-8 kHz) coded with 2 bits, both at 8 kHz, so one octet carries two
// input samples. Each sub-band is an adaptive quantizer with a backward
// adapted scale factor and a predictor of two poles and six zeros. The
// blocks and their names follow the standard's section 6 (encoder) and 7
// (decoder): 1L/1H quantizers, 2L/2H inverse quantizers, 3L/3H scale
// factor adaptation, 4L/4H adaptive prediction, 5L/6L the decoder's lower
// band reconstruction and limiter. The arithmetic is the standard's 16-bit
// fixed point, so the code stream is exact: any conforming decoder tracks
// this encoder.
//
// Samples are 16-bit; the QMF and the ADPCM work on half their value (the
// standard's 15-bit sub-band signals), so a 16-bit signal comes back at
// its level.

// g722QMF are the transmit and receive QMF coefficients h0..h23 of the
// standard's Table 11 (scaled by 2^13); the filter is symmetric.
var g722QMF = [24]int32{
	3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876,
	3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3,
}

// g722Q6 are the lower sub-band quantizer's decision levels (Table 6,
// scaled by 2^3 against a unit scale factor); index 0 is unused.
var g722Q6 = [32]int32{
	0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714,
	786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919, 0, 0,
}

// g722ILN and g722ILP map a quantizer interval (1-30) to the 6-bit code of
// a negative and a non-negative difference (Table 6).
var (
	g722ILN = [32]int32{0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 0}
	g722ILP = [32]int32{0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 0}
)

// g722QM4 is the 4-bit inverse quantizer of the lower band (Table 7),
// which feeds the predictor and scale factor adaptation in every mode.
var g722QM4 = [16]int32{0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0}

// g722QM6 is the 6-bit inverse quantizer of the lower band (Table 7),
// the decoder's output in mode 1.
var g722QM6 = [64]int32{
	-136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856,
	-7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040, -728,
	24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
	4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136,
}

// g722RL42 maps a 4-bit lower band code to its magnitude class and
// g722WL is the log scale factor multiplier of each class (Table 8).
var (
	g722RL42 = [16]int32{0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0}
	g722WL   = [8]int32{-60, -30, 58, 172, 334, 538, 1198, 3042}
)

// The higher sub-band's 2-bit quantizer: codes of a negative and a
// non-negative difference by interval (Table 9), the inverse quantizer,
// the magnitude class of a code and the log scale factor multipliers
// (Table 10).
var (
	g722IHN = [3]int32{0, 1, 0}
	g722IHP = [3]int32{0, 3, 2}
	g722QM2 = [4]int32{-7408, -1616, 7408, 1616}
	g722RH2 = [4]int32{2, 1, 2, 1}
	g722WH  = [3]int32{0, -214, 798}
)

// g722ILB is the inverse log of the scale factor's fractional part: 2^(i/32)
// scaled by 2^11 (block 3L, SCALEL).
var g722ILB = [32]int32{
	2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
	2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
}

// sat16 limits x to a 16-bit two's complement value.
func sat16(x int32) int32 { return min(max(x, -32768), 32767) }

// g722Band is the adaptive state of one sub-band, the same for the encoder
// and the decoder: the log scale factor nb and scale factor det (block
// 3), and the predictor (block 4): its output s and its pole (sp) and
// zero (sz) parts, the last reconstructed signals r, partial
// reconstructions p and quantized differences d, and the pole (a) and
// zero (b) coefficients.
type g722Band struct {
	nb, det   int32
	s, sp, sz int32
	r, p      [3]int32
	a         [3]int32
	b, d      [7]int32
}

func (b *g722Band) init(det int32) { *b = g722Band{det: det} }

// adaptScale is block 3 (LOGSCL and SCALEL): the log scale factor leaks
// by 127/128, moves by the code's multiplier w and is limited to max;
// det is 2 raised to it, for the lower band (shift 8) or the higher band
// (shift 10).
func (b *g722Band) adaptScale(w, limit, shift int32) {
	nb := (b.nb*127)>>7 + w
	b.nb = min(max(nb, 0), limit)
	frac := (b.nb >> 6) & 31
	exp := shift - (b.nb >> 11)
	var v int32
	if exp < 0 {
		v = g722ILB[frac] << -exp
	} else {
		v = g722ILB[frac] >> exp
	}
	b.det = v << 2
}

// sign is the sign bit of a 16-bit value: -1 for negative, else 0.
func sign(x int32) int32 { return x >> 15 }

// predict is block 4 for the quantized difference dx: the reconstructed
// signals, the sign-sign adaptation of the pole (UPPOL2, UPPOL1) and zero
// (UPZERO) coefficients, and the next prediction (FILTEP, FILTEZ,
// PREDIC).
func (b *g722Band) predict(dx int32) {
	b.d[0] = dx
	b.r[0] = sat16(b.s + dx)  // RECONS
	b.p[0] = sat16(b.sz + dx) // PARREC

	// UPPOL2: the second pole coefficient, limited to ±0.375.
	sg0, sg1, sg2 := sign(b.p[0]), sign(b.p[1]), sign(b.p[2])
	wd1 := sat16(b.a[1] << 2)
	wd2 := wd1
	if sg0 == sg1 {
		wd2 = min(-wd1, 32767)
	}
	wd3 := int32(-128)
	if sg0 == sg2 {
		wd3 = 128
	}
	a2 := min(max(wd3+wd2>>7+(b.a[2]*32512)>>15, -12288), 12288)

	// UPPOL1: the first, limited so that the poles stay stable.
	wd1 = -192
	if sg0 == sg1 {
		wd1 = 192
	}
	a1 := sat16(wd1 + (b.a[1]*32640)>>15)
	lim := sat16(15360 - a2)
	a1 = min(max(a1, -lim), lim)

	// UPZERO: each zero coefficient leaks and moves by ±2^-8 after the
	// product of the signs of the new and its past difference.
	step := int32(0)
	if dx != 0 {
		step = 128
	}
	sgd := sign(dx)
	var bp [7]int32
	for i := 1; i < 7; i++ {
		w := -step
		if sign(b.d[i]) == sgd {
			w = step
		}
		bp[i] = sat16(w + (b.b[i]*32640)>>15)
	}

	// DELAYA, DELAYL
	for i := 6; i > 0; i-- {
		b.d[i] = b.d[i-1]
		b.b[i] = bp[i]
	}
	b.r[2], b.r[1] = b.r[1], b.r[0]
	b.p[2], b.p[1] = b.p[1], b.p[0]
	b.a[1], b.a[2] = a1, a2

	// FILTEP, FILTEZ, PREDIC
	b.sp = sat16((b.a[1]*sat16(b.r[1]+b.r[1]))>>15 + (b.a[2]*sat16(b.r[2]+b.r[2]))>>15)
	var sz int32
	for i := 6; i > 0; i-- {
		sz += (b.b[i] * sat16(b.d[i]+b.d[i])) >> 15
	}
	b.sz = sat16(sz)
	b.s = sat16(b.sp + b.sz)
}

// g722State is what an encoder and a decoder keep: the QMF's history and
// the two sub-bands' adaptation, which the decoder tracks exactly.
type g722State struct {
	x         [24]int32 // QMF history, oldest first
	low, high g722Band
}

// Reset returns the coder to the standard's reset state (sections 6.3 and
// 7.3).
func (s *g722State) Reset() {
	s.x = [24]int32{}
	s.low.init(32)
	s.high.init(8)
}

// G722Encoder encodes 16 kHz 16-bit PCM into G.722 at 64 kbit/s, one
// octet for every two samples, the higher sub-band's 2 bits above the
// lower's 6 (RFC 3551 section 4.5.2). The zero value is not ready: use
// NewG722Encoder. It keeps state across calls, so one stream needs one
// encoder.
type G722Encoder struct{ g722State }

// NewG722Encoder returns an encoder in the standard's reset state.
func NewG722Encoder() *G722Encoder {
	e := &G722Encoder{}
	e.Reset()
	return e
}

// Encode codes pcm, 16 kHz samples, into dst: one octet per pair of
// samples (a last odd sample is dropped). It returns the octets written,
// len(pcm)/2 of them, and allocates nothing; dst must have room.
func (e *G722Encoder) Encode(dst []byte, pcm []int16) int {
	n := len(pcm) / 2
	_ = dst[:n]
	for j := range n {
		// Transmit QMF (section 6.1): the two new samples enter the
		// history and the filter's even and odd taps give the sum and
		// difference of the sub-bands.
		copy(e.x[:22], e.x[2:])
		e.x[22], e.x[23] = int32(pcm[2*j]), int32(pcm[2*j+1])
		var xa, xb int32
		for i := range 12 {
			xa += g722QMF[2*i] * e.x[23-2*i]
			xb += g722QMF[2*i+1] * e.x[22-2*i]
		}
		xl, xh := (xa+xb)>>14, (xa-xb)>>14
		dst[j] = byte(e.high.encodeHigh(xh)<<6 | e.low.encodeLow(xl))
	}
	return n
}

// encodeLow is the lower sub-band encoder of one sample: blocks 1L to
// 4L. It returns the 6-bit code.
func (b *g722Band) encodeLow(xl int32) int32 {
	el := sat16(xl - b.s)
	wd := el
	if el < 0 {
		wd = -(el + 1)
	}
	mil := int32(1)
	for ; mil < 30; mil++ {
		if wd < (g722Q6[mil]*b.det)>>12 {
			break
		}
	}
	il := g722ILP[mil]
	if el < 0 {
		il = g722ILN[mil]
	}
	b.adaptLow(il)
	return il
}

// encodeHigh is the higher sub-band encoder of one sample: blocks 1H to
// 4H. It returns the 2-bit code.
func (b *g722Band) encodeHigh(xh int32) int32 {
	eh := sat16(xh - b.s)
	wd := eh
	if eh < 0 {
		wd = -(eh + 1)
	}
	mih := int32(1)
	if wd >= (564*b.det)>>12 {
		mih = 2
	}
	ih := g722IHP[mih]
	if eh < 0 {
		ih = g722IHN[mih]
	}
	b.adaptHigh(ih, (b.det*g722QM2[ih])>>15)
	return ih
}

// G722Decoder decodes G.722 at 64 kbit/s into 16 kHz 16-bit PCM. The zero
// value is not ready: use NewG722Decoder. It keeps state across calls, so
// one stream needs one decoder. Its QMF history holds the sub-bands'
// difference and sum.
type G722Decoder struct{ g722State }

// NewG722Decoder returns a decoder in the standard's reset state.
func NewG722Decoder() *G722Decoder {
	d := &G722Decoder{}
	d.Reset()
	return d
}

// Decode decodes the octets in code into dst, two 16 kHz samples per
// octet, and returns the samples written, 2*len(code); it allocates
// nothing, and dst must have room.
func (d *G722Decoder) Decode(dst []int16, code []byte) int {
	_ = dst[:2*len(code)]
	for j, c := range code {
		rl := d.low.decodeLow(int32(c & 0x3f))
		rh := d.high.decodeHigh(int32(c >> 6))
		// Receive QMF (section 7.1): the sub-bands' difference and sum
		// enter the history; the even taps on the differences give the
		// first output sample, the odd taps on the sums the second.
		copy(d.x[:22], d.x[2:])
		d.x[22], d.x[23] = rl-rh, rl+rh
		var x0, x1 int32
		for i := range 12 {
			x0 += g722QMF[2*i] * d.x[22-2*i]
			x1 += g722QMF[2*i+1] * d.x[23-2*i]
		}
		dst[2*j], dst[2*j+1] = int16(sat16(x0>>11)), int16(sat16(x1>>11))
	}
	return 2 * len(code)
}

// decodeLow is the lower sub-band decoder of one 6-bit code in mode 1:
// blocks 5L and 6L give the output, blocks 2L to 4L, on the code's
// upper 4 bits, adapt as the encoder did.
func (b *g722Band) decodeLow(il int32) int32 {
	rl := min(max(b.s+(b.det*g722QM6[il])>>15, -16384), 16383)
	b.adaptLow(il)
	return rl
}

// decodeHigh is the higher sub-band decoder of one 2-bit code.
func (b *g722Band) decodeHigh(ih int32) int32 {
	dh := (b.det * g722QM2[ih]) >> 15
	rh := min(max(b.s+dh, -16384), 16383)
	b.adaptHigh(ih, dh)
	return rh
}

// adaptLow is what the lower band's encoder and decoder both do with a
// 6-bit code il: blocks 2L to 4L on its upper 4 bits (the 4-bit inverse
// quantizer, scale factor adaptation and prediction).
func (b *g722Band) adaptLow(il int32) {
	ril := il >> 2
	dl := (b.det * g722QM4[ril]) >> 15 // before the scale factor moves
	b.adaptScale(g722WL[g722RL42[ril]], 18432, 8)
	b.predict(dl)
}

// adaptHigh is what the higher band's encoder and decoder both do with a
// 2-bit code ih and its quantized difference dh (block 2H's output, read
// before the scale factor moves): blocks 3H and 4H.
func (b *g722Band) adaptHigh(ih, dh int32) {
	b.adaptScale(g722WH[g722RH2[ih]], 22528, 10)
	b.predict(dh)
}
