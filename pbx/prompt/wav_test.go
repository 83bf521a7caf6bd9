package prompt

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestReadWAVHeader(t *testing.T) {
	tone := sine(8000, 0.1, 1000, 8000)
	list := append([]byte("LIST"), 3, 0, 0, 0, 'a', 'b', 'c', 0) // odd size, padded
	tests := []struct {
		name string
		spec wavSpec
		want WAVFormat
		err  string // substring of the error; "" for none
	}{
		{"pcm16 mono 8k", wavSpec{channels: 1, rate: 8000, bits: 16, samples: tone},
			WAVFormat{PCM, 1, 8000, 16, 1600}, ""},
		{"pcm8 stereo 44.1k", wavSpec{channels: 2, rate: 44100, bits: 8, samples: tone},
			WAVFormat{PCM, 2, 44100, 8, 1600}, ""},
		{"alaw", wavSpec{tag: tagALaw, channels: 1, rate: 8000, bits: 8, samples: tone},
			WAVFormat{ALaw, 1, 8000, 8, 800}, ""},
		{"ulaw stereo", wavSpec{tag: tagULaw, channels: 2, rate: 8000, bits: 8, samples: tone},
			WAVFormat{ULaw, 2, 8000, 8, 1600}, ""},
		{"extensible pcm", wavSpec{channels: 2, rate: 48000, bits: 16, extensible: true, samples: tone},
			WAVFormat{PCM, 2, 48000, 16, 3200}, ""},
		{"extra chunk skipped", wavSpec{channels: 1, rate: 16000, bits: 16, extra: list, samples: tone},
			WAVFormat{PCM, 1, 16000, 16, 1600}, ""},
		{"3 channels", wavSpec{channels: 3, rate: 8000, bits: 16}, WAVFormat{}, "WAV with 3 channels is not supported"},
		{"0 channels", wavSpec{channels: 0, rate: 8000, bits: 16, align: 2}, WAVFormat{}, "WAV with 0 channels"},
		{"24 bit", wavSpec{channels: 1, rate: 8000, bits: 24}, WAVFormat{}, "24-bit samples is not supported"},
		{"float", wavSpec{tag: tagFloat, channels: 1, rate: 8000, bits: 32}, WAVFormat{}, "floating-point"},
		{"adpcm", wavSpec{tag: 0x0011, channels: 1, rate: 8000, bits: 4, align: 256}, WAVFormat{}, "format 0x0011 is not supported"},
		{"alaw 16 bit", wavSpec{tag: tagALaw, channels: 1, rate: 8000, bits: 16}, WAVFormat{}, "A-law with 16-bit samples is malformed"},
		{"96 kHz", wavSpec{channels: 1, rate: 96000, bits: 16}, WAVFormat{}, "sample rate 96000 Hz is not supported"},
		{"6 kHz", wavSpec{channels: 1, rate: 6000, bits: 16}, WAVFormat{}, "sample rate 6000 Hz"},
		{"bad align", wavSpec{channels: 2, rate: 8000, bits: 16, align: 3}, WAVFormat{}, "block align 3"},
		{"data first", wavSpec{channels: 1, rate: 8000, bits: 16, dataFirst: true}, WAVFormat{}, "data chunk comes before its fmt chunk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadWAVHeader(bytes.NewReader(makeWAV(tt.spec)))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ReadWAVHeader(%s) = %v; want an error containing %q", tt.name, err, tt.err)
				}
				if !strings.HasPrefix(err.Error(), "prompt: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ReadWAVHeader(%s) = %+v, %v; want %+v", tt.name, got, err, tt.want)
			}
		})
	}
}

func TestReadWAVHeaderDamaged(t *testing.T) {
	good := makeWAV(wavSpec{channels: 1, rate: 8000, bits: 16, samples: make([]int16, 10)})
	tests := []struct {
		name string
		in   []byte
		err  string
	}{
		{"empty", nil, "not a WAV or MP3 file"},
		{"text", []byte("hello, this is not audio at all"), "not a WAV or MP3 file"},
		{"RIFF but AVI", append([]byte("RIFF\x10\x00\x00\x00AVI "), make([]byte, 16)...), "not a WAV or MP3 file"},
		{"header only", good[:12], "no fmt chunk"},
		{"cut in fmt", good[:30], "cut short inside its fmt chunk"},
		{"no data", good[:36], "no data chunk"},
		{"fmt too short", []byte("RIFF\x20\x00\x00\x00WAVEfmt \x04\x00\x00\x00\x01\x00\x01\x00"), "fmt chunk of 4 bytes is malformed"},
		{"huge chunk", []byte("RIFF\x20\x00\x00\x00WAVEjunk\xff\xff\xff\x7f"), "too large to skip"},
		{"cut in chunk", []byte("RIFF\x20\x00\x00\x00WAVEjunk\x10\x00\x00\x00abc"), "cut short inside a chunk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadWAVHeader(bytes.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("ReadWAVHeader(%q) = %v; want an error containing %q", tt.in, err, tt.err)
			}
		})
	}
	if _, err := ReadWAVHeader(strings.NewReader("MZ")); !errors.Is(err, ErrNotAudio) {
		t.Errorf("ReadWAVHeader(MZ) = %v; want ErrNotAudio", err)
	}
}

// TestReadWAVHeaderStreamed reads a header whose sizes are the placeholder
// a streaming writer leaves (espeak-ng --stdout writes 0x7ffff000).
func TestReadWAVHeaderStreamed(t *testing.T) {
	b := makeWAV(wavSpec{channels: 1, rate: 22050, bits: 16, samples: sine(22050, 0.5, 440, 4000)})
	copy(b[40:44], []byte{0x00, 0xf0, 0xff, 0x7f})
	f, err := ReadWAVHeader(bytes.NewReader(b))
	if err != nil || f.DataSize != UnknownSize {
		t.Fatalf("ReadWAVHeader = %+v, %v; want DataSize %d", f, err, UnknownSize)
	}
	s, err := NewSource(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if n := countFrames(t, s); n != 25 {
		t.Errorf("a streamed 0.5 s WAV gave %d frames; want 25", n)
	}
}

// FuzzReadWAVHeader feeds the WAV header parser and the decoder behind it
// outside input: neither may panic or loop, and what they accept is in
// range.
func FuzzReadWAVHeader(f *testing.F) {
	tone := sine(8000, 0.05, 1000, 8000)
	for _, s := range []wavSpec{
		{channels: 1, rate: 8000, bits: 16, samples: tone},
		{channels: 2, rate: 44100, bits: 8, samples: tone},
		{tag: tagULaw, channels: 1, rate: 8000, bits: 8, samples: tone},
		{channels: 2, rate: 48000, bits: 16, extensible: true, samples: tone},
		{channels: 1, rate: 16000, bits: 16, extra: []byte("LIST\x01\x00\x00\x00x\x00"), samples: tone},
	} {
		f.Add(makeWAV(s))
	}
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog(t)()
		wf, err := ReadWAVHeader(bytes.NewReader(b))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "prompt: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
			return
		}
		if wf.Channels < 1 || wf.Channels > 2 || wf.SampleRate < MinRate || wf.SampleRate > MaxRate || wf.BytesPerFrame() < 1 {
			t.Fatalf("accepted %+v", wf)
		}
		s, err := NewSource(bytes.NewReader(b))
		if err != nil {
			return // a rate the resampler cannot take
		}
		var fr frame
		for range len(b) + 10 { // each frame consumes input; more frames than bytes is a loop
			if err := s.ReadFrame(&fr); err != nil {
				return
			}
		}
		t.Fatalf("%d bytes gave more than %d frames", len(b), len(b)+10)
	})
}

func countFrames(t *testing.T, s *Source) int {
	t.Helper()
	var fr frame
	n := 0
	for {
		err := s.ReadFrame(&fr)
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("ReadFrame: %v", err)
		}
		n++
	}
}

// watchdog fails a fuzz input that takes over 5 s (a hang), so that the
// fuzzer keeps it as a crasher; call the result when done.
func watchdog(t *testing.T) func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			panic("input took over 5 s")
		}
	}()
	return func() { close(done) }
}
