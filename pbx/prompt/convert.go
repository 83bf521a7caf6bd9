package prompt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
)

// Opts configures a Converter.
type Opts struct {
	// MaxSize is the largest upload accepted, bytes.
	MaxSize int64
	// MaxDuration is the longest audio accepted: a small MP3 can hold an
	// hour, which at 8 kHz takes 58 MB of flash.
	MaxDuration time.Duration
}

// DefaultOpts is what NewConverter uses for a nil *Opts: 2 MB and 15
// minutes.
var DefaultOpts = Opts{MaxSize: 2 << 20, MaxDuration: 15 * time.Minute}

// ErrTooLarge is returned for an upload over Opts.MaxSize.
var ErrTooLarge = errors.New("prompt: file is too large")

// Converter turns uploaded audio into prompt files in the prompts folder.
// It is safe for concurrent use.
type Converter struct {
	dir string
	o   Opts
}

// NewConverter returns a converter writing into dir, the data directory's
// prompts folder, which must exist. A zero field of o takes its value from
// DefaultOpts.
func NewConverter(dir string, o *Opts) *Converter {
	c := &Converter{dir: dir, o: DefaultOpts}
	if o != nil {
		if o.MaxSize > 0 {
			c.o.MaxSize = o.MaxSize
		}
		if o.MaxDuration > 0 {
			c.o.MaxDuration = o.MaxDuration
		}
	}
	return c
}

// Converted describes a prompt file a Converter wrote.
type Converted struct {
	File       string // name inside the prompts folder, for store.Prompt.File
	DurationMS int    // length of the audio, ms
	Source     string // what the upload was, e.g. "MP3, 44100 Hz"
}

// Convert reads an upload from r (WAV or MP3, see the package
// documentation), converts it to the box's format and writes it into the
// prompts folder under a new unique name: first to a temporary name, then,
// once complete and synced, renamed. Nothing is left behind on error. The
// errors say what is wrong in words an admin can act on; ErrTooLarge and
// ErrNotAudio can be told apart with errors.Is.
func (c *Converter) Convert(ctx context.Context, r io.Reader) (Converted, error) {
	data, err := io.ReadAll(io.LimitReader(r, c.o.MaxSize+1))
	if err != nil {
		return Converted{}, fmt.Errorf("prompt: read upload: %w", err)
	}
	if int64(len(data)) > c.o.MaxSize {
		return Converted{}, fmt.Errorf("%w: the limit is %s; upload a shorter or more compressed file", ErrTooLarge, sizeString(c.o.MaxSize))
	}
	src, desc, err := decode(data)
	if err != nil {
		return Converted{}, err
	}
	s, err := newTo8k(src)
	if err != nil {
		return Converted{}, err
	}
	tmp, err := os.CreateTemp(c.dir, ".upload-*.tmp")
	if err != nil {
		return Converted{}, fmt.Errorf("prompt: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	n, err := c.write(ctx, tmp, s)
	if err != nil {
		return Converted{}, err
	}
	if err := tmp.Sync(); err != nil {
		return Converted{}, fmt.Errorf("prompt: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Converted{}, fmt.Errorf("prompt: %w", err)
	}
	name, err := newName()
	if err != nil {
		return Converted{}, err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(c.dir, name)); err != nil {
		return Converted{}, fmt.Errorf("prompt: %w", err)
	}
	done = true
	syncDir(c.dir)
	return Converted{File: name, DurationMS: int(n * 1000 / dsp.SampleRate), Source: desc}, nil
}

// write converts s into f and returns how many samples it wrote.
func (c *Converter) write(ctx context.Context, f *os.File, s *to8k) (int64, error) {
	w, err := NewWAVWriter(f)
	if err != nil {
		return 0, err
	}
	limit := int64(c.o.MaxDuration / time.Second * dsp.SampleRate)
	var buf [call.FrameSamples * 50]int16
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		n, err := s.read(buf[:])
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		if w.Samples()+int64(n) > limit {
			return 0, fmt.Errorf("prompt: audio is longer than %v; upload a shorter file", c.o.MaxDuration)
		}
		if err := w.WriteSamples(buf[:n]); err != nil {
			return 0, err
		}
	}
	if w.Samples() == 0 {
		return 0, errors.New("prompt: file holds no audio")
	}
	return w.Samples(), w.Close()
}

// decode recognises data as WAV or MP3 and returns its samples and a
// description.
func decode(data []byte) (pcmStream, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("RIFF")):
		ws, err := newWAVStream(bytes.NewReader(data))
		if err != nil {
			return nil, "", err
		}
		return ws, fmt.Sprintf("WAV %v, %d Hz, %d bit, %s", ws.f.Encoding, ws.f.SampleRate, ws.f.BitsPerSample, channelsString(ws.f.Channels)), nil
	case looksLikeMP3(data):
		ms, err := newMP3Stream(data)
		if err != nil {
			return nil, "", err
		}
		return ms, fmt.Sprintf("MP3, %d Hz", ms.rate()), nil
	}
	return nil, "", ErrNotAudio
}

// newName returns a new unique prompt file name.
func newName() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("prompt: %w", err)
	}
	return "prompt-" + hex.EncodeToString(b[:]) + ".wav", nil
}

// syncDir makes a rename in dir durable; a failure only risks the rename
// on power loss, so it is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func channelsString(n int) string {
	if n == 1 {
		return "mono"
	}
	return "stereo"
}

func sizeString(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}
