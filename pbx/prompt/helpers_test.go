package prompt

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

type frame = call.Frame

// wavSpec describes a WAV file for makeWAV.
type wavSpec struct {
	tag        uint16 // format tag; 0: PCM
	channels   int
	rate       int
	bits       int
	extensible bool   // wrap the format in WAVE_FORMAT_EXTENSIBLE
	align      int    // block align; 0: computed
	extra      []byte // chunks inserted between fmt and data
	dataFirst  bool   // put the data chunk before fmt
	samples    []int16
}

// makeWAV returns a WAV file as spec says, the samples repeated on every
// channel and coded by the format tag.
func makeWAV(spec wavSpec) []byte {
	le := binary.LittleEndian
	tag := spec.tag
	if tag == 0 {
		tag = tagPCM
	}
	align := spec.align
	if align == 0 {
		align = spec.channels * spec.bits / 8
	}
	var fmtc []byte
	fmtTag := tag
	if spec.extensible {
		fmtTag = tagExtensible
	}
	fmtc = le.AppendUint16(fmtc, fmtTag)
	fmtc = le.AppendUint16(fmtc, uint16(spec.channels))
	fmtc = le.AppendUint32(fmtc, uint32(spec.rate))
	fmtc = le.AppendUint32(fmtc, uint32(spec.rate*align))
	fmtc = le.AppendUint16(fmtc, uint16(align))
	fmtc = le.AppendUint16(fmtc, uint16(spec.bits))
	if spec.extensible {
		fmtc = le.AppendUint16(fmtc, 22)
		fmtc = le.AppendUint16(fmtc, uint16(spec.bits))
		fmtc = le.AppendUint32(fmtc, 3) // channel mask
		fmtc = le.AppendUint16(fmtc, tag)
		fmtc = append(fmtc, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71)
	}
	var data []byte
	for _, s := range spec.samples {
		for range spec.channels {
			switch {
			case tag == tagALaw:
				data = append(data, dsp.ALawEncode(s))
			case tag == tagULaw:
				data = append(data, dsp.ULawEncode(s))
			case spec.bits == 8:
				data = append(data, byte(int(s>>8)+128))
			default:
				data = le.AppendUint16(data, uint16(s))
			}
		}
	}
	chunk := func(id string, b []byte) []byte {
		c := append([]byte(id), le.AppendUint32(nil, uint32(len(b)))...)
		c = append(c, b...)
		if len(b)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	var body []byte
	body = append(body, "WAVE"...)
	if spec.dataFirst {
		body = append(body, chunk("data", data)...)
		body = append(body, chunk("fmt ", fmtc)...)
	} else {
		body = append(body, chunk("fmt ", fmtc)...)
		body = append(body, spec.extra...)
		body = append(body, chunk("data", data)...)
	}
	var out bytes.Buffer
	out.WriteString("RIFF")
	binary.Write(&out, le, uint32(len(body)))
	out.Write(body)
	return out.Bytes()
}

// sine returns secs seconds of a sine of hz at peak amplitude amp, at rate.
func sine(rate int, secs float64, hz, amp float64) []int16 {
	s := make([]int16, int(float64(rate)*secs))
	for i := range s {
		s[i] = int16(amp * math.Sin(2*math.Pi*hz*float64(i)/float64(rate)))
	}
	return s
}

// crossings returns how many times s changes sign.
func crossings(s []int16) int {
	n := 0
	for i := 1; i < len(s); i++ {
		if (s[i-1] < 0) != (s[i] < 0) {
			n++
		}
	}
	return n
}

// readWAV8k parses a file in the box's format and returns its samples.
func readWAV8k(t *testing.T, b []byte) []int16 {
	t.Helper()
	r := bytes.NewReader(b)
	f, err := ReadWAVHeader(r)
	if err != nil {
		t.Fatalf("ReadWAVHeader: %v", err)
	}
	if f.Encoding != PCM || f.Channels != 1 || f.SampleRate != 8000 || f.BitsPerSample != 16 {
		t.Fatalf("format %+v; want 8 kHz 16-bit mono PCM", f)
	}
	if f.DataSize != int64(r.Len()) {
		t.Fatalf("data size %d; %d bytes follow the header", f.DataSize, r.Len())
	}
	s := make([]int16, r.Len()/2)
	binary.Read(r, binary.LittleEndian, s)
	return s
}
