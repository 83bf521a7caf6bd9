package prompt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Encoding is how a WAV file's samples are coded.
type Encoding int

// The encodings a WAV file may use here.
const (
	PCM  Encoding = iota + 1 // linear PCM: 8-bit unsigned or 16-bit signed little-endian
	ALaw                     // G.711 A-law, 8 bits a sample
	ULaw                     // G.711 µ-law, 8 bits a sample
)

// String returns the encoding's name: "PCM", "A-law" or "µ-law".
func (e Encoding) String() string {
	switch e {
	case PCM:
		return "PCM"
	case ALaw:
		return "A-law"
	case ULaw:
		return "µ-law"
	}
	return fmt.Sprintf("encoding(%d)", int(e))
}

// WAV format tags (RFC 2361, appendix A).
const (
	tagPCM        = 0x0001
	tagFloat      = 0x0003
	tagALaw       = 0x0006
	tagULaw       = 0x0007
	tagExtensible = 0xFFFE
)

// Limits of what ReadWAVHeader accepts.
const (
	// MinRate and MaxRate are the sample rates, Hz, a WAV or MP3 upload may
	// have.
	MinRate = 8000
	MaxRate = 48000
	// maxChunks is how many chunks ReadWAVHeader skips looking for "data".
	maxChunks = 64
	// maxSkip is the largest chunk it skips, bytes.
	maxSkip = 1 << 20
	// UnknownSize is WAVFormat.DataSize of a stream whose data chunk gives
	// no usable size (a WAV written to a pipe).
	UnknownSize = -1
	// streamSize is the data size at or above which a size is taken as a
	// placeholder of a streaming writer (espeak-ng writes 0x7ffff000).
	streamSize = 0x7ff00000
)

// WAVFormat describes a WAV stream's audio.
type WAVFormat struct {
	Encoding      Encoding
	Channels      int   // 1 or 2
	SampleRate    int   // Hz, MinRate to MaxRate
	BitsPerSample int   // 8 or 16 for PCM, 8 for A-law and µ-law
	DataSize      int64 // bytes of sample data; UnknownSize when the stream does not say
}

// BytesPerFrame returns the size in bytes of one sample of every channel.
func (f WAVFormat) BytesPerFrame() int { return f.Channels * f.BitsPerSample / 8 }

// ErrNotAudio is returned for input that is neither a WAV nor an MP3 file.
var ErrNotAudio = errors.New("prompt: not a WAV or MP3 file; upload a WAV or MP3 file")

// ReadWAVHeader reads a RIFF WAVE header from r, up to and including the
// header of its data chunk, and checks that the format is one the box can
// play (see the package documentation). On success r is positioned at the
// first sample. Chunks other than "fmt " and "data" are skipped, up to 64 of
// them of at most 1 MB each. Errors say what is wrong with the file.
func ReadWAVHeader(r io.Reader) (WAVFormat, error) {
	var riff [12]byte
	if _, err := io.ReadFull(r, riff[:]); err != nil {
		return WAVFormat{}, ErrNotAudio
	}
	if string(riff[0:4]) != "RIFF" || string(riff[8:12]) != "WAVE" {
		return WAVFormat{}, ErrNotAudio
	}
	var f WAVFormat
	haveFmt := false
	for range maxChunks {
		var hdr [8]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			if haveFmt {
				return WAVFormat{}, errors.New("prompt: WAV file has no data chunk; the file is cut short or damaged")
			}
			return WAVFormat{}, errors.New("prompt: WAV file has no fmt chunk; the file is cut short or damaged")
		}
		id := string(hdr[0:4])
		size := int64(binary.LittleEndian.Uint32(hdr[4:8]))
		switch id {
		case "fmt ":
			if haveFmt {
				return WAVFormat{}, errors.New("prompt: WAV file has two fmt chunks")
			}
			var err error
			if f, err = readFmt(r, size); err != nil {
				return WAVFormat{}, err
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return WAVFormat{}, errors.New("prompt: WAV data chunk comes before its fmt chunk; the file is damaged")
			}
			f.DataSize = size
			if size >= streamSize {
				f.DataSize = UnknownSize
			}
			return f, nil
		default:
			if size > maxSkip {
				return WAVFormat{}, fmt.Errorf("prompt: WAV chunk %q of %d bytes is too large to skip", sanitizeID(hdr[0:4]), size)
			}
			if _, err := io.CopyN(io.Discard, r, size+size&1); err != nil {
				return WAVFormat{}, errors.New("prompt: WAV file is cut short inside a chunk")
			}
		}
	}
	return WAVFormat{}, fmt.Errorf("prompt: WAV file has more than %d chunks before its data", maxChunks)
}

// readFmt reads and checks a fmt chunk of size bytes (WAVEFORMATEX, or
// WAVEFORMATEXTENSIBLE whose sub-format GUID starts with the format tag).
func readFmt(r io.Reader, size int64) (WAVFormat, error) {
	if size < 16 || size > 256 {
		return WAVFormat{}, fmt.Errorf("prompt: WAV fmt chunk of %d bytes is malformed", size)
	}
	b := make([]byte, size+size&1)
	if _, err := io.ReadFull(r, b); err != nil {
		return WAVFormat{}, errors.New("prompt: WAV file is cut short inside its fmt chunk")
	}
	le := binary.LittleEndian
	tag := le.Uint16(b[0:2])
	channels := int(le.Uint16(b[2:4]))
	rate := int(le.Uint32(b[4:8]))
	align := int(le.Uint16(b[12:14]))
	bits := int(le.Uint16(b[14:16]))
	if tag == tagExtensible {
		if size < 40 {
			return WAVFormat{}, errors.New("prompt: WAV extensible fmt chunk is too short")
		}
		tag = le.Uint16(b[24:26]) // the sub-format GUID's first two bytes
	}
	var f WAVFormat
	switch tag {
	case tagPCM:
		f.Encoding = PCM
		if bits != 8 && bits != 16 {
			return WAVFormat{}, fmt.Errorf("prompt: WAV with %d-bit samples is not supported; save it as 16-bit PCM", bits)
		}
	case tagALaw, tagULaw:
		f.Encoding = ALaw
		if tag == tagULaw {
			f.Encoding = ULaw
		}
		if bits != 8 {
			return WAVFormat{}, fmt.Errorf("prompt: WAV %v with %d-bit samples is malformed; G.711 has 8", f.Encoding, bits)
		}
	case tagFloat:
		return WAVFormat{}, errors.New("prompt: WAV with floating-point samples is not supported; save it as 16-bit PCM")
	default:
		return WAVFormat{}, fmt.Errorf("prompt: WAV format 0x%04x is not supported; save it as 16-bit PCM", tag)
	}
	if channels != 1 && channels != 2 {
		return WAVFormat{}, fmt.Errorf("prompt: WAV with %d channels is not supported; save it as mono or stereo", channels)
	}
	if rate < MinRate || rate > MaxRate {
		return WAVFormat{}, fmt.Errorf("prompt: WAV sample rate %d Hz is not supported; use %d to %d Hz", rate, MinRate, MaxRate)
	}
	f.Channels, f.SampleRate, f.BitsPerSample = channels, rate, bits
	if align != f.BytesPerFrame() {
		return WAVFormat{}, fmt.Errorf("prompt: WAV block align %d does not match %d channels of %d bits; the file is damaged", align, channels, bits)
	}
	return f, nil
}

// sanitizeID returns a chunk ID printable in an error message.
func sanitizeID(id []byte) string {
	out := make([]byte, len(id))
	for i, c := range id {
		if c < 0x20 || c > 0x7e {
			c = '?'
		}
		out[i] = c
	}
	return string(out)
}
