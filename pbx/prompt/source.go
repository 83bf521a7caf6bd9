package prompt

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hookflash/firmware/pbx/call"
)

// Source is a call.FrameSource that streams a WAV file or stream, decoding
// and resampling it to 8 kHz as it goes: memory use does not grow with the
// length of the audio. The last frame is padded with silence. It closes its
// input when it returns io.EOF or an error; a caller that stops reading
// earlier calls Close. A Source is not safe for concurrent use.
type Source struct {
	s      *to8k
	closer io.Closer
	err    error // sticky: io.EOF or the first error
}

// NewSource reads a WAV header from r (see ReadWAVHeader) and returns a
// Source of its samples. When r is an io.Closer, Source closes it.
func NewSource(r io.Reader) (*Source, error) {
	ws, err := newWAVStream(r)
	if err != nil {
		closeReader(r)
		return nil, err
	}
	s, err := newTo8k(ws)
	if err != nil {
		closeReader(r)
		return nil, err
	}
	src := &Source{s: s}
	src.closer, _ = r.(io.Closer)
	return src, nil
}

// OpenFile opens the WAV file at path as a Source.
func OpenFile(path string) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("prompt: %w", err)
	}
	s, err := NewSource(f)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return s, nil
}

// ReadFrame implements call.FrameSource.
func (s *Source) ReadFrame(f *call.Frame) error {
	if s.err != nil {
		return s.err
	}
	n := 0
	for n < len(f) {
		k, err := s.s.read(f[n:])
		n += k
		if err != nil {
			s.fail(err)
			if n > 0 && errors.Is(err, io.EOF) {
				clear(f[n:])
				return nil
			}
			return s.err
		}
	}
	return nil
}

// Close releases the input. It may be called more than once; reading
// afterwards returns io.EOF.
func (s *Source) Close() error {
	if s.err == nil {
		s.err = io.EOF
	}
	c := s.closer
	s.closer = nil
	if c != nil {
		return c.Close()
	}
	return nil
}

// fail ends the source with err and closes its input.
func (s *Source) fail(err error) {
	s.err = err
	if c := s.closer; c != nil {
		s.closer = nil
		c.Close()
	}
}

// Close closes src if it is an io.Closer, as the sources of this package,
// Library.Open and speech synthesis are: call it when playback stops before
// the source's end.
func Close(src call.FrameSource) error {
	if c, ok := src.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

func closeReader(r io.Reader) {
	if c, ok := r.(io.Closer); ok {
		c.Close()
	}
}
