package recording

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
)

// partSuffix ends the name of a recording being written.
const partSuffix = ".part"

// maxSkew is how many frames one side may run ahead of the other before
// its frames are written against silence: 200 ms. Each side of a bridge
// delivers a frame per 20 ms, so only a side that went quiet for good
// (its media stopped) falls this far behind.
const maxSkew = 10

// The WAV format of recordings (prompt.WAVHeader): 8 kHz 16-bit stereo,
// the caller on the left.
const (
	sampleRate  = 8000
	channels    = 2
	headerSize  = 44
	frameBytes  = 2 * channels * call.FrameSamples
	maxDataSize = 0xFFFFFFFF - headerSize
)

// Writer writes one call's recording. It is a call.Tap; Tapped may be
// called from two goroutines at once, Close from any other.
type Writer struct {
	name, dir string
	f         *os.File
	bw        *bufio.Writer

	mu             sync.Mutex
	caller, callee queue // said by one side, not yet written
	buf            [frameBytes]byte
	data           int64 // bytes of samples written
	err            error // the first write error: the rest is dropped
	closed         bool
}

// Create starts the recording of the call callID that started at started,
// in the folder dir, as a temporary file; Close gives it its final name,
// which Name returns.
func Create(dir, callID string, started time.Time) (*Writer, error) {
	name := started.UTC().Format("20060102-150405") + "-" + safeName(callID) + ".wav"
	f, err := os.OpenFile(filepath.Join(dir, name+partSuffix), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	w := &Writer{name: name, dir: dir, f: f, bw: bufio.NewWriterSize(f, 16*1024)}
	if _, err := w.bw.Write(prompt.WAVHeader(channels, 0)); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("recording: %w", err)
	}
	return w, nil
}

// safeName keeps the letters, digits, '-' and '_' of a call ID, for a file
// name.
func safeName(id string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, id)
	if len(s) > 64 {
		s = s[:64]
	}
	if s == "" {
		s = "call"
	}
	return s
}

// Name returns the recording's file name in its folder, once Close has
// returned nil.
func (w *Writer) Name() string { return w.name }

// Tapped implements call.Tap: frames of the two sides are written side by
// side, in the order each side said them.
func (w *Writer) Tapped(caller bool, f *call.Frame) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || w.err != nil {
		return
	}
	q := &w.callee
	if caller {
		q = &w.caller
	}
	if q.n == len(q.f) { // cannot happen: flush keeps each side within maxSkew
		w.flush(true)
	}
	q.push(f)
	w.flush(false)
}

// queue holds the frames of one side that wait for the other's, in order.
type queue struct {
	f       [maxSkew + 1]call.Frame
	head, n int
}

func (q *queue) push(f *call.Frame) {
	q.f[(q.head+q.n)%len(q.f)] = *f
	q.n++
}

// front returns the oldest frame, or nil.
func (q *queue) front() *call.Frame {
	if q.n == 0 {
		return nil
	}
	return &q.f[q.head]
}

func (q *queue) pop() {
	if q.n > 0 {
		q.head = (q.head + 1) % len(q.f)
		q.n--
	}
}

// flush writes the frames both sides have said, and those of a side that
// ran maxSkew ahead against silence; with all, every frame kept. w.mu is
// held.
func (w *Writer) flush(all bool) {
	for w.err == nil {
		nl, nr := w.caller.n, w.callee.n
		if nl == 0 && nr == 0 || !all && (nl == 0 || nr == 0) && max(nl, nr) <= maxSkew {
			return
		}
		w.writePair(w.caller.front(), w.callee.front())
		w.caller.pop()
		w.callee.pop()
	}
}

// writePair writes one frame time, l on the left and r on the right; nil
// is silence. w.mu is held.
func (w *Writer) writePair(l, r *call.Frame) {
	if w.data+frameBytes > maxDataSize {
		w.err = errors.New("recording: the call is longer than a WAV file can hold; the rest is not recorded")
		return
	}
	for i := range call.FrameSamples {
		var a, b int16
		if l != nil {
			a = l[i]
		}
		if r != nil {
			b = r[i]
		}
		binary.LittleEndian.PutUint16(w.buf[4*i:], uint16(a))
		binary.LittleEndian.PutUint16(w.buf[4*i+2:], uint16(b))
	}
	if _, err := w.bw.Write(w.buf[:]); err != nil {
		w.err = fmt.Errorf("recording: %w", err)
		return
	}
	w.data += frameBytes
}

// Duration returns the length of what has been written so far.
func (w *Writer) Duration() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return time.Duration(w.data/(2*channels)) * time.Second / sampleRate
}

// Close writes what is left, completes the header, syncs the file and
// gives it its final name. On failure the temporary file is removed and
// nothing is left under the final name. Frames tapped after Close are
// dropped.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("recording: closed twice")
	}
	w.closed = true
	w.flush(true)
	err := w.err
	if err == nil {
		err = w.bw.Flush()
	}
	if err == nil {
		_, err = w.f.WriteAt(prompt.WAVHeader(channels, uint32(w.data)), 0)
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), filepath.Join(w.dir, w.name))
	}
	if err != nil {
		os.Remove(w.f.Name())
		return fmt.Errorf("recording: %s: %w", w.name, err)
	}
	return nil
}

// Discard ends the recording without keeping it: the temporary file is
// removed. Frames tapped after it are dropped.
func (w *Writer) Discard() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("recording: closed twice")
	}
	w.closed = true
	w.f.Close()
	if err := os.Remove(w.f.Name()); err != nil {
		return fmt.Errorf("recording: %w", err)
	}
	return nil
}
