package recording

import (
	"encoding/binary"
	"math"
	"os"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
)

// sine returns n frames of a sine of freq Hz and peak amplitude amp, in
// phase across frames.
func sine(freq float64, amp float64, n int) []call.Frame {
	out := make([]call.Frame, n)
	for i := range n * call.FrameSamples {
		out[i/call.FrameSamples][i%call.FrameSamples] = int16(amp * math.Sin(2*math.Pi*freq*float64(i)/sampleRate))
	}
	return out
}

// readStereo reads a recording and checks its header: 8 kHz 16-bit
// stereo PCM with sizes that match the file.
func readStereo(t *testing.T, path string) (left, right []int16) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if len(b) < headerSize || string(b[:4]) != "RIFF" || string(b[8:16]) != "WAVEfmt " || string(b[36:40]) != "data" {
		t.Fatalf("%s: not a WAV file", path)
	}
	if ch, rate, bits := le.Uint16(b[22:]), le.Uint32(b[24:]), le.Uint16(b[34:]); ch != 2 || rate != 8000 || bits != 16 {
		t.Fatalf("%s: %d channels, %d Hz, %d bits; want 2, 8000, 16", path, ch, rate, bits)
	}
	data := le.Uint32(b[40:])
	if int(data) != len(b)-headerSize || le.Uint32(b[4:]) != 36+data {
		t.Fatalf("%s: header says %d data bytes, file has %d", path, data, len(b)-headerSize)
	}
	for i := headerSize; i+4 <= len(b); i += 4 {
		left = append(left, int16(le.Uint16(b[i:])))
		right = append(right, int16(le.Uint16(b[i+2:])))
	}
	return left, right
}

// rms returns the root mean square of s.
func rms(s []int16) float64 {
	var sum float64
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(max(len(s), 1)))
}
