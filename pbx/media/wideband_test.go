package media

import (
	"math"
	"testing"

	"github.com/hookflash/firmware/pbx/dsp"
)

// TestWidebandRoundTrip: 8 kHz frames coded by wideTx and decoded by
// wideRx, as a G.722 leg's sender and jitter buffer do, come back at their
// level (resampled up and down and coded in between), for tones across
// the narrow band.
func TestWidebandRoundTrip(t *testing.T) {
	for _, hz := range []float64{300, 1000, 3000} {
		var tx wideTx
		var rx wideRx
		a := dsp.PeakFromDBm0(-10)
		var in, out [frameTS]int16
		var code [frameTS]byte
		var got []int16
		for n := 0; n < 100; n++ {
			for i := range in {
				in[i] = int16(math.Round(a * math.Sin(2*math.Pi*hz*float64(n*frameTS+i)/8000)))
			}
			if c := tx.encode(code[:], in[:]); c != frameTS {
				t.Fatalf("encode wrote %d octets; want %d", c, frameTS)
			}
			if m := rx.decode(out[:], code[:]); m != frameTS {
				t.Fatalf("decode wrote %d samples; want %d", m, frameTS)
			}
			got = append(got, out[:]...)
		}
		if level := dsp.PowerDBm0(got[4000:]); math.Abs(level-(-10)) > 0.2 {
			t.Errorf("%.0f Hz at -10 dBm0 comes back at %.2f dBm0; want within 0.2 dB", hz, level)
		}
	}
}

// TestWidebandAllocs: after the first frame, which creates the codec
// state, coding a frame allocates nothing.
func TestWidebandAllocs(t *testing.T) {
	var tx wideTx
	var rx wideRx
	var in, out [frameTS]int16
	var code [frameTS]byte
	tx.encode(code[:], in[:])
	rx.decode(out[:], code[:])
	if n := testing.AllocsPerRun(100, func() {
		tx.encode(code[:], in[:])
		rx.decode(out[:], code[:])
	}); n != 0 {
		t.Errorf("a G.722 frame allocates %v times; want 0", n)
	}
}

// BenchmarkWidebandFrame: one 20 ms frame each way through G.722, with
// the resampling, as a transcoded G.722 leg does every 20 ms.
func BenchmarkWidebandFrame(b *testing.B) {
	var tx wideTx
	var rx wideRx
	var in, out [frameTS]int16
	for i := range in {
		in[i] = int16(7000 * math.Sin(2*math.Pi*1000*float64(i)/8000))
	}
	var code [frameTS]byte
	b.ReportAllocs()
	for b.Loop() {
		tx.encode(code[:], in[:])
		rx.decode(out[:], code[:])
	}
}
