package prompt

import (
	"errors"
	"io"
	"testing"

	"github.com/hookflash/firmware/pbx/call"
)

// frames is a source of n frames whose first sample is 1, 2, ..., n, then
// err.
type frames struct {
	n, i int
	err  error
}

func (s *frames) ReadFrame(f *call.Frame) error {
	if s.i == s.n {
		return s.err
	}
	s.i++
	*f = call.Frame{int16(s.i)}
	return nil
}

// TestLoop: a source is opened again at its end; one that cannot be
// opened, fails, or ends without a frame leaves silence, and Loop never
// ends.
func TestLoop(t *testing.T) {
	errBroken := errors.New("broken")
	tests := []struct {
		name string
		open func() (call.FrameSource, error)
		want []int16 // first samples of 7 frames
	}{
		{"looped", func() (call.FrameSource, error) { return &frames{n: 3, err: io.EOF}, nil }, []int16{1, 2, 3, 1, 2, 3, 1}},
		{"fails after 2", func() (call.FrameSource, error) { return &frames{n: 2, err: errBroken}, nil }, []int16{1, 2, 0, 0, 0, 0, 0}},
		{"cannot open", func() (call.FrameSource, error) { return nil, errBroken }, []int16{0, 0, 0, 0, 0, 0, 0}},
		{"empty", func() (call.FrameSource, error) { return &frames{err: io.EOF}, nil }, []int16{0, 0, 0, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Loop{Open: tt.open}
			var f call.Frame
			for i, want := range tt.want {
				f[0] = -1
				if err := l.ReadFrame(&f); err != nil || f[0] != want {
					t.Fatalf("frame %d: ReadFrame = %v, sample %d; want nil, %d", i, err, f[0], want)
				}
			}
		})
	}
}
