package dsp

import (
	"math"
	"testing"
)

// frameLen is one 20 ms frame at 8 kHz, in samples.
const frameLen = 160

// The G.711 digital milliwatt: a 1 kHz sine at 0 dBm0, sampled at 22.5°,
// 67.5°, ... of its period (ITU-T G.711 tables 5 and 6).
var (
	alawMilliwatt = []byte{0x34, 0x21, 0x21, 0x34, 0xB4, 0xA1, 0xA1, 0xB4}
	ulawMilliwatt = []byte{0x1E, 0x0B, 0x0B, 0x1E, 0x9E, 0x8B, 0x8B, 0x9E}
)

func TestG711ReferenceSequenceIs0DBm0(t *testing.T) {
	tests := []struct {
		name   string
		seq    []byte
		decode func([]int16, []byte) int
	}{
		{"alaw", alawMilliwatt, DecodeALaw},
		{"ulaw", ulawMilliwatt, DecodeULaw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcm := make([]int16, 8000)
			for i := 0; i < len(pcm); i += len(tt.seq) {
				tt.decode(pcm[i:], tt.seq)
			}
			got := PowerDBm0(pcm)
			t.Logf("%s digital milliwatt reads %.3f dBm0", tt.name, got)
			if math.Abs(got) > 0.1 {
				t.Errorf("PowerDBm0(decoded %s milliwatt) = %.3f dBm0; want 0 ± 0.1", tt.name, got)
			}
		})
	}
}

func TestG711EncodeMilliwatt(t *testing.T) {
	// A 1 kHz sine at 0 dBm0 sampled at the milliwatt's phases must encode
	// to the reference sequence itself.
	pcm := make([]int16, 8)
	for i := range pcm {
		pcm[i] = saturate(-PeakFromDBm0(0) * math.Sin(math.Pi/8+float64(i)*math.Pi/4))
	}
	gotA := make([]byte, 8)
	EncodeALaw(gotA, pcm)
	gotU := make([]byte, 8)
	EncodeULaw(gotU, pcm)
	for i := range pcm {
		if gotA[i] != alawMilliwatt[i] {
			t.Errorf("ALawEncode(%d) = %#02x; want %#02x", pcm[i], gotA[i], alawMilliwatt[i])
		}
		if gotU[i] != ulawMilliwatt[i] {
			t.Errorf("ULawEncode(%d) = %#02x; want %#02x", pcm[i], gotU[i], ulawMilliwatt[i])
		}
	}
}

func TestZeroDBm0Peak(t *testing.T) {
	want := 32768 / math.Pow(10, 3.14/20)
	if math.Abs(ZeroDBm0Peak-want) > 0.5 {
		t.Errorf("ZeroDBm0Peak = %v; want %v (A-law overload at +3.14 dBm0)", ZeroDBm0Peak, want)
	}
}

func TestG711KnownCodes(t *testing.T) {
	// Values from G.711 tables 1 and 2, scaled to 16 bits (A-law x8, µ-law x4).
	tests := []struct {
		name string
		fn   func() int
		want int
	}{
		{"ALawEncode(0)", func() int { return int(ALawEncode(0)) }, 0xD5},
		{"ALawEncode(-1)", func() int { return int(ALawEncode(-1)) }, 0x55},
		{"ULawEncode(0)", func() int { return int(ULawEncode(0)) }, 0xFF},
		{"ULawEncode(-1)", func() int { return int(ULawEncode(-1)) }, 0x7F},
		{"ALawEncode(32767)", func() int { return int(ALawEncode(32767)) }, 0xAA},
		{"ALawEncode(-32768)", func() int { return int(ALawEncode(-32768)) }, 0x2A},
		{"ULawEncode(32767)", func() int { return int(ULawEncode(32767)) }, 0x80},
		{"ULawEncode(-32768)", func() int { return int(ULawEncode(-32768)) }, 0x00},
		{"ALawDecode(0xD5)", func() int { return int(ALawDecode(0xD5)) }, 8},
		{"ALawDecode(0xAA)", func() int { return int(ALawDecode(0xAA)) }, 32256},
		{"ALawDecode(0x2A)", func() int { return int(ALawDecode(0x2A)) }, -32256},
		{"ULawDecode(0xFF)", func() int { return int(ULawDecode(0xFF)) }, 0},
		{"ULawDecode(0x80)", func() int { return int(ULawDecode(0x80)) }, 32124},
		{"ULawDecode(0x00)", func() int { return int(ULawDecode(0x00)) }, -32124},
		{"ULawDecode(0xFE)", func() int { return int(ULawDecode(0xFE)) }, 8},
	}
	for _, tt := range tests {
		if got := tt.fn(); got != tt.want {
			t.Errorf("%s = %#x; want %#x", tt.name, got, tt.want)
		}
	}
}

// g711HalfStep returns half the quantisation step, in 16-bit units, of the G.711
// segment that holds magnitude m, from the decision values of G.711 tables
// 1 and 2. ok is false beyond the law's overload point.
func g711HalfStep(law string, m int) (half int, ok bool) {
	var limits []int // upper decision value of each segment, 16-bit units
	var step0 int
	switch law {
	case "alaw":
		limits = []int{512, 1024, 2048, 4096, 8192, 16384, 32768}
		step0 = 16 // segments 0 and 1 share the step
	case "ulaw":
		limits = []int{124, 380, 892, 1916, 3964, 8060, 16252, 32636}
		step0 = 8
	}
	for i, lim := range limits {
		if m < lim {
			return step0 << i / 2, true
		}
	}
	return 0, false
}

func TestG711RoundTripErrorBound(t *testing.T) {
	tests := []struct {
		law    string
		enc    func(int16) byte
		dec    func(byte) int16
		maxOut int16
	}{
		{"alaw", ALawEncode, ALawDecode, 32256},
		{"ulaw", ULawEncode, ULawDecode, 32124},
	}
	for _, tt := range tests {
		t.Run(tt.law, func(t *testing.T) {
			var worst float64
			for i := math.MinInt16; i <= math.MaxInt16; i++ {
				x := int16(i)
				y := tt.dec(tt.enc(x))
				m := i
				if i < 0 {
					m = -i - 1
				}
				half, ok := g711HalfStep(tt.law, m)
				if !ok {
					// Overload: the largest level of the right sign.
					want := tt.maxOut
					if x < 0 {
						want = -want
					}
					if y != want {
						t.Fatalf("%s round trip of %d beyond overload = %d; want %d", tt.law, x, y, want)
					}
					continue
				}
				err := math.Abs(float64(y) - float64(x))
				if err > float64(half) {
					t.Fatalf("%s round trip of %d = %d: error %v > half step %d", tt.law, x, y, err, half)
				}
				if (x > 0 && y < 0) || (x < -1 && y > 0) {
					t.Fatalf("%s round trip of %d = %d: sign flipped", tt.law, x, y)
				}
				worst = max(worst, err/float64(half))
			}
			t.Logf("%s: worst error over all 65536 inputs = %.3f half steps", tt.law, worst)
		})
	}
}

func TestG711TableMatchesSegmentRule(t *testing.T) {
	for i := math.MinInt16; i <= math.MaxInt16; i++ {
		x := int16(i)
		if got, want := ALawEncode(x), alawEncodeMag(x); got != want {
			t.Fatalf("ALawEncode(%d) = %#02x; segment rule gives %#02x", x, got, want)
		}
		if got, want := ULawEncode(x), ulawEncodeMag(x); got != want {
			t.Fatalf("ULawEncode(%d) = %#02x; segment rule gives %#02x", x, got, want)
		}
	}
}

func TestG711SecondRoundTripChangesNothing(t *testing.T) {
	tests := []struct {
		law string
		enc func(int16) byte
		dec func(byte) int16
	}{
		{"alaw", ALawEncode, ALawDecode},
		{"ulaw", ULawEncode, ULawDecode},
	}
	for _, tt := range tests {
		t.Run(tt.law, func(t *testing.T) {
			for i := math.MinInt16; i <= math.MaxInt16; i++ {
				c1 := tt.enc(int16(i))
				y1 := tt.dec(c1)
				c2 := tt.enc(y1)
				y2 := tt.dec(c2)
				if y2 != y1 {
					t.Fatalf("%s: second round trip of %d: %d -> %d", tt.law, i, y1, y2)
				}
				if c2 != c1 && !(tt.law == "ulaw" && y1 == 0) {
					t.Fatalf("%s: second encode of %d: code %#02x -> %#02x", tt.law, i, c1, c2)
				}
			}
			for c := 0; c < 256; c++ {
				got := tt.enc(tt.dec(byte(c)))
				if got != byte(c) && !(tt.law == "ulaw" && c == 0x7F) { // µ-law -0 becomes +0
					t.Errorf("%s: encode(decode(%#02x)) = %#02x", tt.law, c, got)
				}
			}
		})
	}
}

// alawLevel returns the position of an A-law code among the 256 levels in
// ascending order.
func alawLevel(a byte) int {
	c := a ^ alawInvert
	mag := int(c & 0x7F)
	if c&0x80 != 0 {
		return 128 + mag
	}
	return 127 - mag
}

// ulawLevel returns the position of a µ-law code among the levels in
// ascending order (its two zero codes share one level).
func ulawLevel(u byte) int {
	c := u ^ ulawInvert
	mag := int(c & 0x7F)
	if c&0x80 == 0 {
		return 127 + mag
	}
	if mag == 0 {
		return 127
	}
	return 127 - mag
}

func TestG711TranscodeRoundTripWithinOneCode(t *testing.T) {
	worstA := 0
	for c := 0; c < 256; c++ {
		a := byte(c)
		back := ULawToALaw(ALawToULaw(a))
		d := alawLevel(back) - alawLevel(a)
		if d < -1 || d > 1 {
			t.Errorf("A->µ->A of %#02x = %#02x: %d levels apart; want at most 1", a, back, d)
		}
		worstA = max(worstA, d, -d)
	}
	worstU := 0
	for c := 0; c < 256; c++ {
		u := byte(c)
		back := ALawToULaw(ULawToALaw(u))
		d := ulawLevel(back) - ulawLevel(u)
		worstU = max(worstU, d, -d)
	}
	t.Logf("A->µ->A worst %d level(s); µ->A->µ worst %d level(s)", worstA, worstU)
}

func TestG711TranscodeMatchesLinear(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := ALawToULaw(byte(c)), ULawEncode(ALawDecode(byte(c))); got != want {
			t.Errorf("ALawToULaw(%#02x) = %#02x; want %#02x", c, got, want)
		}
		if got, want := ULawToALaw(byte(c)), ALawEncode(ULawDecode(byte(c))); got != want {
			t.Errorf("ULawToALaw(%#02x) = %#02x; want %#02x", c, got, want)
		}
	}
	buf := []byte{0xD5, 0x2A, 0xAA, 0x55}
	TranscodeALawToULaw(buf, buf)
	TranscodeULawToALaw(buf, buf)
	for i, want := range []byte{0xD5, 0x2A, 0xAA, 0x55} {
		if buf[i] != want {
			t.Errorf("in-place A->µ->A of %#02x = %#02x", want, buf[i])
		}
	}
}

func TestG711SliceLengths(t *testing.T) {
	src := make([]int16, 10)
	dst := make([]byte, 4)
	if n := EncodeALaw(dst, src); n != 4 {
		t.Errorf("EncodeALaw(4-byte dst, 10 samples) = %d; want 4", n)
	}
	if n := DecodeULaw(make([]int16, 3), dst); n != 3 {
		t.Errorf("DecodeULaw(3-sample dst, 4 codes) = %d; want 3", n)
	}
}

func TestG711Allocs(t *testing.T) {
	pcm := make([]int16, frameLen)
	codes := make([]byte, frameLen)
	for name, fn := range map[string]func(){
		"EncodeALaw":          func() { EncodeALaw(codes, pcm) },
		"DecodeALaw":          func() { DecodeALaw(pcm, codes) },
		"EncodeULaw":          func() { EncodeULaw(codes, pcm) },
		"DecodeULaw":          func() { DecodeULaw(pcm, codes) },
		"TranscodeALawToULaw": func() { TranscodeALawToULaw(codes, codes) },
		"TranscodeULawToALaw": func() { TranscodeULawToALaw(codes, codes) },
	} {
		if n := testing.AllocsPerRun(10, fn); n != 0 {
			t.Errorf("%s of a 20 ms frame allocated %v times; want 0", name, n)
		}
	}
}

func BenchmarkG711(b *testing.B) {
	pcm := make([]int16, frameLen)
	for i := range pcm {
		pcm[i] = int16(20000 * math.Sin(float64(i)*0.3))
	}
	codes := make([]byte, frameLen)
	out := make([]int16, frameLen)
	benches := []struct {
		name string
		fn   func()
	}{
		{"EncodeALaw", func() { EncodeALaw(codes, pcm) }},
		{"DecodeALaw", func() { DecodeALaw(out, codes) }},
		{"EncodeULaw", func() { EncodeULaw(codes, pcm) }},
		{"DecodeULaw", func() { DecodeULaw(out, codes) }},
		{"ALawToULaw", func() { TranscodeALawToULaw(codes, codes) }},
	}
	for _, bb := range benches {
		b.Run(bb.name+"/frame160", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bb.fn()
			}
		})
	}
}
