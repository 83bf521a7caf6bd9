package dsp

import "math/bits"

// G.711 companding (ITU-T G.711 tables 1a/1b and 2a/2b).
//
// Both laws quantise the 16-bit magnitude m of a sample, taking m = x for
// x >= 0 and m = -x-1 (the ones' complement) for x < 0, so that the two signs
// use the same intervals and every A-law interval is 16 samples apart and
// every µ-law interval 4 samples apart at the bottom of the range. A code
// decodes to the middle of its interval, so the round-trip error of any
// sample is at most half the step of its segment (and, for µ-law, samples
// beyond the overload point at ±32636 decode to the largest value, ±32124).
//
// Encoding looks the code up in a table indexed by the top bits of the sample
// (A-law: 4096 entries, µ-law: 16384 entries), decoding and A/µ conversion
// in 256-entry tables. The tables are computed once at package
// initialisation and never written afterwards.

const (
	alawInvert = 0x55 // G.711 A-law inverts the even bits of every code.
	ulawInvert = 0xFF // G.711 µ-law inverts all bits of every code.
	ulawBias   = 132  // µ-law bias in 16-bit units (33 in 14-bit units).
)

var (
	alawEncTable  = makeALawEncTable()
	ulawEncTable  = makeULawEncTable()
	alawDecTable  = makeALawDecTable()
	ulawDecTable  = makeULawDecTable()
	alawToULawTab = makeALawToULawTable()
	ulawToALawTab = makeULawToALawTable()
)

// alawEncodeMag returns the A-law code of a 16-bit sample computed from the
// G.711 segment rules; it builds the encoding table.
func alawEncodeMag(x int16) byte {
	sign := byte(0x80)
	m := int(x)
	if x < 0 {
		sign = 0
		m = -m - 1
	}
	var code byte
	if m < 256 {
		code = byte(m >> 4)
	} else {
		seg := bits.Len(uint(m)) - 8 // 1..7
		code = byte(seg<<4) | byte((m>>(seg+3))&0x0F)
	}
	return (sign | code) ^ alawInvert
}

// ulawEncodeMag returns the µ-law code of a 16-bit sample computed from the
// G.711 segment rules; it builds the encoding table.
func ulawEncodeMag(x int16) byte {
	sign := byte(0)
	m := int(x)
	if x < 0 {
		sign = 0x80
		m = -m - 1
	}
	v := m + ulawBias
	seg := bits.Len(uint(v)) - 8
	var code byte
	if seg > 7 {
		code = 0x7F // beyond the overload point
	} else {
		code = byte(seg<<4) | byte((v>>(seg+3))&0x0F)
	}
	return (sign | code) ^ ulawInvert
}

func makeALawEncTable() *[4096]byte {
	var t [4096]byte
	for i := range t {
		// Entry i holds the samples whose top 12 bits are i.
		t[i] = alawEncodeMag(int16(uint16(i << 4)))
	}
	return &t
}

func makeULawEncTable() *[16384]byte {
	var t [16384]byte
	for i := range t {
		t[i] = ulawEncodeMag(int16(uint16(i << 2)))
	}
	return &t
}

func makeALawDecTable() *[256]int16 {
	var t [256]int16
	for i := range t {
		c := byte(i) ^ alawInvert
		seg := int(c>>4) & 7
		mant := int(c & 0x0F)
		var v int
		if seg == 0 {
			v = mant<<4 + 8
		} else {
			v = (mant<<4 + 0x108) << (seg - 1)
		}
		if c&0x80 == 0 {
			v = -v
		}
		t[i] = int16(v)
	}
	return &t
}

func makeULawDecTable() *[256]int16 {
	var t [256]int16
	for i := range t {
		c := byte(i) ^ ulawInvert
		seg := int(c>>4) & 7
		mant := int(c & 0x0F)
		v := (mant<<3+ulawBias)<<seg - ulawBias
		if c&0x80 != 0 {
			v = -v
		}
		t[i] = int16(v)
	}
	return &t
}

func makeALawToULawTable() *[256]byte {
	var t [256]byte
	for i := range t {
		t[i] = ULawEncode(ALawDecode(byte(i)))
	}
	return &t
}

func makeULawToALawTable() *[256]byte {
	var t [256]byte
	for i := range t {
		t[i] = ALawEncode(ULawDecode(byte(i)))
	}
	return &t
}

// ALawEncode returns the G.711 A-law code of the 16-bit PCM sample x.
func ALawEncode(x int16) byte { return alawEncTable[uint16(x)>>4] }

// ALawDecode returns the 16-bit PCM sample of the G.711 A-law code a.
func ALawDecode(a byte) int16 { return alawDecTable[a] }

// ULawEncode returns the G.711 µ-law code of the 16-bit PCM sample x.
func ULawEncode(x int16) byte { return ulawEncTable[uint16(x)>>2] }

// ULawDecode returns the 16-bit PCM sample of the G.711 µ-law code u.
func ULawDecode(u byte) int16 { return ulawDecTable[u] }

// ALawToULaw converts the A-law code a to the µ-law code of the nearest
// level, without going through linear PCM.
func ALawToULaw(a byte) byte { return alawToULawTab[a] }

// ULawToALaw converts the µ-law code u to the A-law code of the nearest
// level, without going through linear PCM.
func ULawToALaw(u byte) byte { return ulawToALawTab[u] }

// EncodeALaw writes the A-law codes of src into dst and returns the number
// of samples encoded, min(len(dst), len(src)). It allocates nothing.
func EncodeALaw(dst []byte, src []int16) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, x := range src {
		dst[i] = alawEncTable[uint16(x)>>4]
	}
	return n
}

// DecodeALaw writes the 16-bit PCM samples of the A-law codes in src into
// dst and returns the number decoded, min(len(dst), len(src)).
func DecodeALaw(dst []int16, src []byte) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, c := range src {
		dst[i] = alawDecTable[c]
	}
	return n
}

// EncodeULaw writes the µ-law codes of src into dst and returns the number
// of samples encoded, min(len(dst), len(src)).
func EncodeULaw(dst []byte, src []int16) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, x := range src {
		dst[i] = ulawEncTable[uint16(x)>>2]
	}
	return n
}

// DecodeULaw writes the 16-bit PCM samples of the µ-law codes in src into
// dst and returns the number decoded, min(len(dst), len(src)).
func DecodeULaw(dst []int16, src []byte) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, c := range src {
		dst[i] = ulawDecTable[c]
	}
	return n
}

// TranscodeALawToULaw writes the µ-law codes of the A-law codes in src into
// dst and returns the number converted, min(len(dst), len(src)). dst and src
// may be the same slice.
func TranscodeALawToULaw(dst, src []byte) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, c := range src {
		dst[i] = alawToULawTab[c]
	}
	return n
}

// TranscodeULawToALaw writes the A-law codes of the µ-law codes in src into
// dst and returns the number converted, min(len(dst), len(src)). dst and src
// may be the same slice.
func TranscodeULawToALaw(dst, src []byte) int {
	n := min(len(dst), len(src))
	dst, src = dst[:n], src[:n]
	for i, c := range src {
		dst[i] = ulawToALawTab[c]
	}
	return n
}
