package tts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
)

// EspeakOpts configures an Espeak.
type EspeakOpts struct {
	// Path is the program to run: a path, or a name looked up in PATH.
	Path string
	// MaxText is the longest text accepted, characters.
	MaxText int
	// MaxRunning is how many programs may run at once; Say waits for a
	// free one.
	MaxRunning int
}

// DefaultEspeakOpts is what NewEspeak uses for a nil *EspeakOpts and for
// zero fields: espeak-ng from PATH, 1000 characters (about a minute of
// speech), 4 at once.
var DefaultEspeakOpts = EspeakOpts{Path: "espeak-ng", MaxText: 1000, MaxRunning: 4}

// Espeak is a Synth that runs espeak-ng (or espeak, which takes the same
// options). It is safe for concurrent use.
type Espeak struct {
	path    string
	maxText int
	slots   chan struct{}
}

// NormalWPM is the speaking rate, in words a minute, that SpeechOpts.Speed
// 100 means: espeak-ng's default.
const NormalWPM = 175

// stderrMax is how much of the program's error output is kept, bytes.
const stderrMax = 1024

// NewEspeak finds the program and returns an Espeak. The error is
// ErrNotInstalled when the program is not there.
func NewEspeak(o *EspeakOpts) (*Espeak, error) {
	opts := DefaultEspeakOpts
	if o != nil {
		if o.Path != "" {
			opts.Path = o.Path
		}
		if o.MaxText > 0 {
			opts.MaxText = o.MaxText
		}
		if o.MaxRunning > 0 {
			opts.MaxRunning = o.MaxRunning
		}
	}
	path, err := exec.LookPath(opts.Path)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNotInstalled, err)
	}
	return &Espeak{path: path, maxText: opts.MaxText, slots: make(chan struct{}, opts.MaxRunning)}, nil
}

// args returns the program's arguments for o: WAV to standard output, UTF-8
// text from standard input, and the voice, rate and amplitude. No part of
// the text is among them.
func (e *Espeak) args(o SpeechOpts) []string {
	args := []string{"--stdout", "--stdin", "-b", "1"}
	variant := o.Voice
	switch strings.ToLower(variant) {
	case "male":
		variant = "m3"
	case "female":
		variant = "f3"
	}
	lang := strings.ToLower(o.Language)
	if lang == "" && variant != "" {
		lang = "en"
	}
	if lang != "" {
		v := lang
		if variant != "" {
			v += "+" + variant
		}
		args = append(args, "-v", v)
	}
	if o.Speed != 0 {
		args = append(args, "-s", strconv.Itoa(NormalWPM*o.Speed/100))
	}
	if o.Volume != 0 {
		args = append(args, "-a", strconv.Itoa(o.Volume)) // espeak-ng's amplitude: 0 to 200, normal 100
	}
	return args
}

// Say implements Synth. It starts the program and returns once the
// program's WAV header has arrived, so that a bad voice or language fails
// here, with the program's own message.
func (e *Espeak) Say(ctx context.Context, text string, o SpeechOpts) (call.FrameSource, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	text, err := cleanText(text, e.maxText)
	if err != nil {
		return nil, err
	}
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	s := &speech{ctx: ctx, release: func() { <-e.slots }}
	s.cmd = exec.CommandContext(ctx, e.path, e.args(o)...)
	s.cmd.Stdin = strings.NewReader(text)
	s.cmd.Stderr = &s.stderr
	s.cmd.WaitDelay = time.Second
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		s.release()
		return nil, fmt.Errorf("tts: %w", err)
	}
	if err := s.cmd.Start(); err != nil {
		s.release()
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w (%v)", ErrNotInstalled, err)
		}
		return nil, fmt.Errorf("tts: start %s: %w", e.path, err)
	}
	s.src, err = prompt.NewSource(stdout) // closes stdout on error: the program ends
	if err != nil {
		s.src = nil
		if werr := s.end(false); werr != nil {
			return nil, werr
		}
		return nil, fmt.Errorf("tts: espeak-ng gave no audio: %w", err)
	}
	return s, nil
}

// speech is a running program's output as a call.FrameSource.
type speech struct {
	ctx     context.Context
	cmd     *exec.Cmd
	src     *prompt.Source
	stderr  limitedBuffer
	release func()
	ended   bool
	err     error // what ReadFrame returns once ended
}

// ReadFrame implements call.FrameSource.
func (s *speech) ReadFrame(f *call.Frame) error {
	if s.ended {
		return s.err
	}
	if err := s.ctx.Err(); err != nil {
		s.end(true)
		return err
	}
	err := s.src.ReadFrame(f)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF):
		if werr := s.end(false); werr != nil {
			return werr
		}
		return io.EOF
	default:
		if werr := s.end(true); werr != nil {
			return werr
		}
		return fmt.Errorf("tts: %w", err)
	}
}

// Close stops the program if it is still running. It may be called more
// than once.
func (s *speech) Close() error {
	if !s.ended {
		s.end(true)
	}
	return nil
}

// end waits for the program, killing it first if kill, and returns why it
// failed: ctx.Err() when ctx is done, the program's message when it exited
// with an error or wrote one with no audio, otherwise nil.
func (s *speech) end(kill bool) error {
	s.ended = true
	s.err = io.EOF
	if s.src != nil {
		s.src.Close()
	}
	if kill && s.cmd.Process != nil {
		s.cmd.Process.Kill()
	}
	werr := s.cmd.Wait()
	s.release()
	switch {
	case s.ctx.Err() != nil:
		s.err = s.ctx.Err()
	case kill && s.src != nil: // stopped by the reader
		return nil
	case werr != nil || s.src == nil && s.stderr.Len() > 0:
		msg := strings.TrimSpace(s.stderr.String())
		if msg == "" && werr != nil {
			msg = werr.Error()
		}
		s.err = fmt.Errorf("tts: espeak-ng: %s", msg)
	default:
		return nil
	}
	return s.err
}

// limitedBuffer keeps the first stderrMax bytes written to it.
type limitedBuffer struct{ b []byte }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := stderrMax - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (l *limitedBuffer) Len() int       { return len(l.b) }
func (l *limitedBuffer) String() string { return string(l.b) }
