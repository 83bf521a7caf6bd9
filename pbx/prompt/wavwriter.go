package prompt

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// wavHeaderSize is the size in bytes of the header WAVWriter writes.
const wavHeaderSize = 44

// maxWAVData is the largest data chunk a WAV file can describe, bytes.
const maxWAVData = 0xFFFFFFFF - wavHeaderSize

// WAVWriter writes the box's format, 8 kHz 16-bit mono PCM WAV, to a file
// or any io.WriteSeeker: a header with the sizes left open, the samples,
// and on Close the sizes. It is a call.FrameSink, for Control.Record. A
// WAVWriter is not safe for concurrent use.
type WAVWriter struct {
	w       io.WriteSeeker
	bw      *bufio.Writer
	samples int64
	buf     [2 * call.FrameSamples]byte
	closed  bool
}

// NewWAVWriter writes the header to w, which must be at its start.
func NewWAVWriter(w io.WriteSeeker) (*WAVWriter, error) {
	ww := &WAVWriter{w: w, bw: bufio.NewWriterSize(w, 8192)}
	if _, err := ww.bw.Write(WAVHeader(1, 0)); err != nil {
		return nil, fmt.Errorf("prompt: write WAV header: %w", err)
	}
	return ww, nil
}

// WAVHeader returns the 44-byte header of a WAV file (RIFF WAVE, a PCM fmt
// chunk, a data chunk) that holds dataSize bytes of 8 kHz 16-bit PCM in
// channels channels, interleaved: mono for prompts and voicemail, stereo
// for call recordings.
func WAVHeader(channels uint16, dataSize uint32) []byte {
	le := binary.LittleEndian
	h := make([]byte, 0, wavHeaderSize)
	h = append(h, "RIFF"...)
	h = le.AppendUint32(h, 36+dataSize)
	h = append(h, "WAVEfmt "...)
	h = le.AppendUint32(h, 16)
	h = le.AppendUint16(h, tagPCM)
	h = le.AppendUint16(h, channels)
	h = le.AppendUint32(h, dsp.SampleRate)                    // samples a second
	h = le.AppendUint32(h, 2*uint32(channels)*dsp.SampleRate) // bytes a second
	h = le.AppendUint16(h, 2*channels)                        // block align
	h = le.AppendUint16(h, 16)                                // bits a sample
	h = append(h, "data"...)
	return le.AppendUint32(h, dataSize)
}

// WriteFrame implements call.FrameSink.
func (w *WAVWriter) WriteFrame(f *call.Frame) error { return w.WriteSamples(f[:]) }

// WriteSamples appends 8 kHz samples.
func (w *WAVWriter) WriteSamples(s []int16) error {
	if w.closed {
		return errors.New("prompt: WAV writer is closed")
	}
	for len(s) > 0 {
		n := min(len(s), call.FrameSamples)
		if 2*(w.samples+int64(n)) > maxWAVData {
			return errors.New("prompt: WAV file would exceed 4 GB")
		}
		for i, v := range s[:n] {
			binary.LittleEndian.PutUint16(w.buf[2*i:], uint16(v))
		}
		if _, err := w.bw.Write(w.buf[:2*n]); err != nil {
			return fmt.Errorf("prompt: write WAV: %w", err)
		}
		w.samples += int64(n)
		s = s[n:]
	}
	return nil
}

// Samples returns how many samples have been written.
func (w *WAVWriter) Samples() int64 { return w.samples }

// Duration returns the length of what has been written.
func (w *WAVWriter) Duration() time.Duration {
	return time.Duration(w.samples) * time.Second / dsp.SampleRate
}

// Close flushes the samples and writes the sizes into the header. It does
// not close the underlying writer.
func (w *WAVWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("prompt: write WAV: %w", err)
	}
	if _, err := w.w.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("prompt: write WAV header: %w", err)
	}
	if _, err := w.w.Write(WAVHeader(1, uint32(2*w.samples))); err != nil {
		return fmt.Errorf("prompt: write WAV header: %w", err)
	}
	if _, err := w.w.Seek(0, io.SeekEnd); err != nil {
		return fmt.Errorf("prompt: write WAV: %w", err)
	}
	return nil
}
