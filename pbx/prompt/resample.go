package prompt

import (
	"fmt"
	"io"
	"math"

	"github.com/hookflash/firmware/pbx/dsp"
)

// inBlock is how many input samples to8k decodes at a time.
const inBlock = 1024

// to8k converts a pcmStream to 8 kHz with pbx/dsp's Resampler. It drops the
// filter's delay from the start and flushes its tail at the end, cut so that
// the output lasts as long as the input: ceil(n·8000/rate) samples for n
// input samples.
type to8k struct {
	src  pcmStream
	rs   *dsp.Resampler
	in   []int16
	buf  []int16
	out  []int16 // output not yet read, a slice of buf
	skip int     // leading output samples still to drop

	inCount  int64 // input samples consumed
	outCount int64 // output samples returned
	done     bool  // the tail has been flushed
}

func newTo8k(src pcmStream) (*to8k, error) {
	rs, err := dsp.NewResampler(src.rate())
	if err != nil {
		return nil, fmt.Errorf("prompt: %w", err)
	}
	return &to8k{
		src:  src,
		rs:   rs,
		in:   make([]int16, inBlock),
		buf:  make([]int16, max(rs.MaxOut(inBlock), rs.MaxOut(rs.Taps()))),
		skip: int(math.Round(rs.Delay())),
	}, nil
}

// read fills dst with 8 kHz samples and returns how many (at least one
// unless the error is not nil); io.EOF at the end.
func (t *to8k) read(dst []int16) (int, error) {
	for len(t.out) == 0 {
		if t.done {
			return 0, io.EOF
		}
		if err := t.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(dst, t.out)
	t.out = t.out[n:]
	t.outCount += int64(n)
	return n, nil
}

// fill resamples the next block of input, or the tail at the end.
func (t *to8k) fill() error {
	n, err := t.src.read(t.in)
	var out []int16
	switch {
	case n > 0:
		t.inCount += int64(n)
		out = t.buf[:t.rs.Process(t.buf, t.in[:n])]
	case err == io.EOF:
		out = t.buf[:t.rs.Flush(t.buf)]
		t.done = true
	case err != nil:
		return err
	default:
		return nil
	}
	drop := min(t.skip, len(out))
	t.skip -= drop
	out = out[drop:]
	if t.done {
		total := (t.inCount*dsp.SampleRate + int64(t.src.rate()) - 1) / int64(t.src.rate())
		out = out[:max(0, min(int64(len(out)), total-t.outCount))]
	}
	t.out = out
	return nil
}
