package prompt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/hajimehoshi/go-mp3"
)

// mp3Stream decodes an MP3 file to mono samples. go-mp3 always gives 16-bit
// little-endian stereo; the two channels are averaged.
type mp3Stream struct {
	d   *mp3.Decoder
	buf [4096]byte
}

// looksLikeMP3 reports whether b starts like an MP3 file: an ID3v2 tag or
// an MPEG audio frame header (11 sync bits, then a layer other than the
// reserved 00).
func looksLikeMP3(b []byte) bool {
	if len(b) >= 3 && string(b[:3]) == "ID3" {
		return true
	}
	return len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 && b[1]&0x06 != 0
}

// lsfKbps is the Layer III bitrate table of MPEG-2 and 2.5, kbit/s (ISO/IEC
// 13818-3, 2.4.2.3).
var lsfKbps = [16]int{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0}

// firstFrame finds the first MPEG audio frame header in data, after an
// ID3v2 tag, and returns whether it is MPEG-2 (the low sampling frequency
// extension), its sample rate, Hz, and bitrate, kbit/s (0 for free format
// or MPEG-1, which this does not need).
func firstFrame(data []byte) (lsf bool, rate, kbps int, ok bool) {
	if len(data) >= 10 && string(data[:3]) == "ID3" {
		size := int(data[6]&0x7f)<<21 | int(data[7]&0x7f)<<14 | int(data[8]&0x7f)<<7 | int(data[9]&0x7f)
		size += 10
		if data[5]&0x10 != 0 { // footer present
			size += 10
		}
		if size >= len(data) {
			return false, 0, 0, false
		}
		data = data[size:]
	}
	for i := 0; i+4 <= len(data) && i < 64<<10; i++ {
		b1, b2 := data[i+1], data[i+2]
		if data[i] != 0xFF || b1&0xE0 != 0xE0 || b1&0x06 != 0x02 { // sync, Layer III
			continue
		}
		version, bi, ri := b1>>3&3, b2>>4, b2>>2&3
		if version == 1 || bi == 15 || ri == 3 {
			continue
		}
		if version != 2 {
			return false, 0, 0, true
		}
		return true, [3]int{22050, 24000, 16000}[ri], lsfKbps[bi], true
	}
	return false, 0, 0, false
}

// newMP3Stream starts decoding data. A decoder panic on a malformed file
// (the decoder is outside code fed outside input) becomes an error.
func newMP3Stream(data []byte) (s *mp3Stream, err error) {
	defer func() {
		if recover() != nil {
			s, err = nil, errMalformedMP3
		}
	}()
	// go-mp3 v0.3.4 decodes MPEG-2 at 22.05 kHz and 32 kbit/s or less
	// into clipped noise without an error (its issue #39; testdata has a
	// sample): refuse what it would garble.
	if lsf, rate, kbps, ok := firstFrame(data); ok && lsf && rate == 22050 && kbps > 0 && kbps <= 32 {
		return nil, fmt.Errorf("prompt: MP3 of %d Hz at %d kbit/s cannot be decoded cleanly; export it at 44.1 kHz, at a higher bitrate, or as WAV", rate, kbps)
	}
	d, err := mp3.NewDecoder(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("prompt: MP3 file is malformed (%v); export it again or upload a WAV file", err)
	}
	if r := d.SampleRate(); r < MinRate || r > MaxRate {
		return nil, fmt.Errorf("prompt: MP3 sample rate %d Hz is not supported; use %d to %d Hz", r, MinRate, MaxRate)
	}
	return &mp3Stream{d: d}, nil
}

var errMalformedMP3 = errors.New("prompt: MP3 file is malformed; export it again or upload a WAV file")

func (s *mp3Stream) rate() int { return s.d.SampleRate() }

func (s *mp3Stream) read(dst []int16) (n int, err error) {
	defer func() {
		if recover() != nil {
			n, err = 0, errMalformedMP3
		}
	}()
	want := min(len(dst), len(s.buf)/4) * 4
	got, err := io.ReadFull(s.d, s.buf[:want])
	got -= got % 4
	for i := 0; i < got/4; i++ {
		l := int32(int16(binary.LittleEndian.Uint16(s.buf[4*i:])))
		r := int32(int16(binary.LittleEndian.Uint16(s.buf[4*i+2:])))
		dst[i] = int16((l + r) / 2)
	}
	switch {
	case got > 0:
		return got / 4, nil
	case err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return 0, io.EOF
	default:
		return 0, fmt.Errorf("prompt: MP3 file is malformed (%v); export it again or upload a WAV file", err)
	}
}
