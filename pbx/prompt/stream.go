package prompt

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/hookflash/firmware/pbx/dsp"
)

// pcmStream gives mono 16-bit samples at its rate.
type pcmStream interface {
	// read fills dst with the next samples and returns how many; it
	// returns io.EOF, and no samples, at the end.
	read(dst []int16) (int, error)
	// rate returns the sample rate in Hz.
	rate() int
}

// wavStream decodes the data chunk of a WAV stream to mono samples.
type wavStream struct {
	f    WAVFormat
	r    *bufio.Reader
	left int64 // bytes of data left; negative: until EOF
	buf  []byte
}

// newWAVStream reads a WAV header from r and returns a stream of its
// samples.
func newWAVStream(r io.Reader) (*wavStream, error) {
	br := bufio.NewReaderSize(r, 4096)
	f, err := ReadWAVHeader(br)
	if err != nil {
		return nil, err
	}
	left := f.DataSize
	if left != UnknownSize {
		left -= left % int64(f.BytesPerFrame())
	}
	return &wavStream{f: f, r: br, left: left, buf: make([]byte, 1024*f.BytesPerFrame())}, nil
}

func (s *wavStream) rate() int { return s.f.SampleRate }

func (s *wavStream) read(dst []int16) (int, error) {
	bpf := s.f.BytesPerFrame()
	n := min(len(dst), len(s.buf)/bpf)
	if s.left >= 0 {
		n = int(min(int64(n), s.left/int64(bpf)))
	}
	if n == 0 {
		return 0, io.EOF
	}
	got, err := io.ReadFull(s.r, s.buf[:n*bpf])
	got -= got % bpf // a sample cut short at the end is dropped
	if got == 0 {
		if err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, io.EOF
		}
		return 0, fmt.Errorf("prompt: read WAV data: %w", err)
	}
	if s.left >= 0 {
		s.left -= int64(got)
	}
	b := s.buf[:got]
	frames := got / bpf
	for i := range frames {
		dst[i] = s.decodeFrame(b[i*bpf : (i+1)*bpf])
	}
	return frames, nil
}

// decodeFrame returns the mono sample of one sample of every channel.
func (s *wavStream) decodeFrame(b []byte) int16 {
	if s.f.Channels == 1 {
		return s.decode(b)
	}
	w := len(b) / 2
	return int16((int32(s.decode(b[:w])) + int32(s.decode(b[w:]))) / 2)
}

// decode returns one channel's sample.
func (s *wavStream) decode(b []byte) int16 {
	switch {
	case s.f.Encoding == ALaw:
		return dsp.ALawDecode(b[0])
	case s.f.Encoding == ULaw:
		return dsp.ULawDecode(b[0])
	case s.f.BitsPerSample == 8: // unsigned, 128 is silence
		return int16(int(b[0])-128) << 8
	default:
		return int16(binary.LittleEndian.Uint16(b))
	}
}
