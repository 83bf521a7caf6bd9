package dsp

import (
	"math"
	"testing"
)

// g722RoundTrip encodes and decodes pcm (16 kHz) in 20 ms frames, as a
// media session does, and returns the decoded signal.
func g722RoundTrip(pcm []int16) []int16 {
	enc, dec := NewG722Encoder(), NewG722Decoder()
	out := make([]int16, 0, len(pcm))
	code := make([]byte, 160)
	frame := make([]int16, 320)
	for i := 0; i+320 <= len(pcm); i += 320 {
		n := enc.Encode(code, pcm[i:i+320])
		m := dec.Decode(frame, code[:n])
		out = append(out, frame[:m]...)
	}
	return out
}

// g722SNR returns the signal-to-noise ratio in dB of got against want,
// with got delayed by the codec's delay (searched within 0-64 samples)
// and the first 100 ms, where the adaptation settles, left out.
func g722SNR(want, got []int16) (snr float64, delay int) {
	const skip = 1600
	best := math.Inf(-1)
	for d := range 64 {
		var sig, noise float64
		for i := skip; i+d < len(got) && i < len(want); i++ {
			w, g := float64(want[i]), float64(got[i+d])
			sig += w * w
			noise += (g - w) * (g - w)
		}
		if s := 10 * math.Log10(sig/noise); s > best {
			best, delay = s, d
		}
	}
	return best, delay
}

// sine16k returns n samples of hz at dbm0 dBm0, sampled at 16 kHz.
func sine16k(n int, hz, dbm0 float64) []int16 {
	pcm := make([]int16, n)
	a := PeakFromDBm0(dbm0)
	for i := range pcm {
		pcm[i] = saturate(a * math.Sin(2*math.Pi*hz*float64(i)/16000))
	}
	return pcm
}

// TestG722RoundTrip codes tones across the band and a speech-like signal
// through the encoder and decoder. G.722 at 64 kbit/s is transparent for
// speech: the QMF pair alone reconstructs within a few hundredths of a dB,
// and the 6-bit lower band quantizer gives an SNR near 6 dB per bit. The
// floors are what this encoder reaches with a margin, well above where a
// broken block (a wrong table, a predictor that does not adapt) lands.
func TestG722RoundTrip(t *testing.T) {
	speech, _ := speechLike(32000, -20, 7) // read as 16 kHz: formants up to 7 kHz
	tests := []struct {
		name   string
		pcm    []int16
		minSNR float64
	}{
		{"1 kHz at -10 dBm0", sine16k(32000, 1000, -10), 40},
		{"300 Hz at -20 dBm0", sine16k(32000, 300, -20), 45},
		{"3 kHz at -10 dBm0", sine16k(32000, 3000, -10), 35},
		{"6 kHz at -20 dBm0, in the higher sub-band", sine16k(32000, 6000, -20), 20},
		{"speech-like at -20 dBm0", toPCM(speech), 28},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := g722RoundTrip(tt.pcm)
			snr, delay := g722SNR(tt.pcm, out)
			t.Logf("SNR %.1f dB at a delay of %d samples", snr, delay)
			if snr < tt.minSNR {
				t.Errorf("SNR %.1f dB; want at least %.0f dB", snr, tt.minSNR)
			}
			// A tone's delay is found modulo its period; speech's is the
			// codec's: the two 24-tap QMFs, 22 samples in this phase of
			// the decimation.
			if tt.name == "speech-like at -20 dBm0" && delay != 22 {
				t.Errorf("delay %d samples; want 22", delay)
			}
		})
	}
}

// TestG722Level: a 1 kHz tone comes back at its level within 0.1 dB.
func TestG722Level(t *testing.T) {
	for _, dbm0 := range []float64{-30, -10, 0} {
		out := g722RoundTrip(sine16k(32000, 1000, dbm0))
		got := PowerDBm0(out[3200:])
		if math.Abs(got-dbm0) > 0.1 {
			t.Errorf("1 kHz at %.0f dBm0 decodes at %.2f dBm0; want within 0.1 dB", dbm0, got)
		}
	}
}

// TestG722Silence: digital silence decodes to idle noise far below any
// speech (the quantizers have no zero level, so a few LSBs remain).
func TestG722Silence(t *testing.T) {
	out := g722RoundTrip(make([]int16, 3200))
	if p := PowerDBm0(out); p > -70 {
		t.Errorf("silence decodes at %.1f dBm0; want below -70 dBm0", p)
	}
}

// TestG722Allocs: the frame functions allocate nothing.
func TestG722Allocs(t *testing.T) {
	enc, dec := NewG722Encoder(), NewG722Decoder()
	pcm := sine16k(320, 1000, -10)
	code := make([]byte, 160)
	out := make([]int16, 320)
	if n := testing.AllocsPerRun(100, func() {
		enc.Encode(code, pcm)
		dec.Decode(out, code)
	}); n != 0 {
		t.Errorf("Encode and Decode of a 20 ms frame allocate %v times; want 0", n)
	}
}

func BenchmarkG722Encode(b *testing.B) {
	enc := NewG722Encoder()
	pcm := sine16k(320, 1000, -10)
	code := make([]byte, 160)
	b.ReportAllocs()
	for b.Loop() {
		enc.Encode(code, pcm)
	}
}

func BenchmarkG722Decode(b *testing.B) {
	enc, dec := NewG722Encoder(), NewG722Decoder()
	code := make([]byte, 160)
	enc.Encode(code, sine16k(320, 1000, -10))
	out := make([]int16, 320)
	b.ReportAllocs()
	for b.Loop() {
		dec.Decode(out, code)
	}
}

// TestUpsampler16k: a tone at 8 kHz comes out at 16 kHz as the same tone,
// delayed 16 samples, at its level (SNR at least 50 dB); its image
// mirrored about 4 kHz is at least 55 dB down.
func TestUpsampler16k(t *testing.T) {
	for _, hz := range []float64{300, 1000, 3000} {
		in := make([]int16, 8000)
		a := PeakFromDBm0(-10)
		for i := range in {
			in[i] = saturate(a * math.Sin(2*math.Pi*hz*float64(i)/8000))
		}
		var u Upsampler16k
		out := make([]int16, 16000)
		for i := 0; i < len(in); i += 160 {
			u.Process(out[2*i:], in[i:i+160])
		}
		var sig, noise float64
		for i := 1000; i < len(out); i++ {
			want := a * math.Sin(2*math.Pi*hz*float64(i-16)/16000)
			sig += want * want
			noise += (float64(out[i]) - want) * (float64(out[i]) - want)
		}
		snr := 10 * math.Log10(sig/noise)
		image := 20 * math.Log10(dft16k(out[1000:], 8000-hz)/dft16k(out[1000:], hz))
		t.Logf("%.0f Hz: SNR %.1f dB, image %.1f dB", hz, snr, image)
		if snr < 50 || image > -55 {
			t.Errorf("%.0f Hz: SNR %.1f dB, image at %.0f Hz %.1f dB; want SNR ≥ 50 dB and image ≤ -55 dB", hz, snr, 8000-hz, image)
		}
	}
}

// dft16k returns the magnitude of pcm's DFT at hz, sampled at 16 kHz.
func dft16k(pcm []int16, hz float64) float64 {
	var c, s float64
	for i, v := range pcm {
		c += float64(v) * math.Cos(2*math.Pi*hz*float64(i)/16000)
		s += float64(v) * math.Sin(2*math.Pi*hz*float64(i)/16000)
	}
	return math.Hypot(c, s)
}
