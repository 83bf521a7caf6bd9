package prompt

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/dsp"
)

func TestConvert(t *testing.T) {
	const amp = 8000 // -9.1 dBm0
	wantDBm0 := 20 * math.Log10(amp/dsp.ZeroDBm0Peak)
	wav := func(tag uint16, ch, rate, bits int) []byte {
		return makeWAV(wavSpec{tag: tag, channels: ch, rate: rate, bits: bits, samples: sine(rate, 1, 1000, amp)})
	}
	mp3 := func(name string) []byte { return readTestdata(t, name) }
	tests := []struct {
		name   string
		in     []byte
		source string
		slack  int     // ms the duration may exceed 1000 (an MP3 encoder's padding)
		levelD float64 // dB the level may differ (8-bit and G.711 quantise)
	}{
		{"pcm16 mono 8k", wav(0, 1, 8000, 16), "WAV PCM, 8000 Hz, 16 bit, mono", 0, 0.1},
		{"pcm16 stereo 16k", wav(0, 2, 16000, 16), "WAV PCM, 16000 Hz, 16 bit, stereo", 0, 0.1},
		{"pcm8 stereo 44.1k", wav(0, 2, 44100, 8), "WAV PCM, 44100 Hz, 8 bit, stereo", 0, 0.3},
		{"pcm16 mono 48k", wav(0, 1, 48000, 16), "WAV PCM, 48000 Hz, 16 bit, mono", 0, 0.1},
		{"pcm16 mono 22.05k", wav(0, 1, 22050, 16), "WAV PCM, 22050 Hz, 16 bit, mono", 0, 0.1},
		{"alaw 8k", wav(tagALaw, 1, 8000, 8), "WAV A-law, 8000 Hz, 8 bit, mono", 0, 0.3},
		{"ulaw stereo 8k", wav(tagULaw, 2, 8000, 8), "WAV µ-law, 8000 Hz, 8 bit, stereo", 0, 0.3},
		{"extensible 32k", makeWAV(wavSpec{channels: 2, rate: 32000, bits: 16, extensible: true, samples: sine(32000, 1, 1000, amp)}),
			"WAV PCM, 32000 Hz, 16 bit, stereo", 0, 0.1},
		{"mp3 44.1k stereo", mp3("tone-1khz-44100-stereo.mp3"), "MP3, 44100 Hz", 120, 0.5},
		{"mp3 24k mono", mp3("tone-1khz-24000-mono.mp3"), "MP3, 24000 Hz", 200, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			got, err := NewConverter(dir, nil).Convert(context.Background(), bytes.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			if got.Source != tt.source {
				t.Errorf("Source = %q; want %q", got.Source, tt.source)
			}
			if got.DurationMS < 1000 || got.DurationMS > 1000+tt.slack {
				t.Errorf("DurationMS = %d; want 1000 to %d", got.DurationMS, 1000+tt.slack)
			}
			if !strings.HasPrefix(got.File, "prompt-") || !strings.HasSuffix(got.File, ".wav") {
				t.Errorf("File = %q", got.File)
			}
			b, err := os.ReadFile(filepath.Join(dir, got.File))
			if err != nil {
				t.Fatal(err)
			}
			s := readWAV8k(t, b)
			if ms := len(s) / 8; ms != got.DurationMS {
				t.Errorf("the file holds %d ms; Convert said %d", ms, got.DurationMS)
			}
			// The middle half second: a 1 kHz tone at the input's level.
			mid := s[len(s)/2-2000 : len(s)/2+2000]
			if lvl := dsp.PowerDBm0(mid); math.Abs(lvl-wantDBm0) > tt.levelD {
				t.Errorf("tone level %.2f dBm0; want %.2f ± %.1f", lvl, wantDBm0, tt.levelD)
			}
			if n := crossings(mid); n < 990 || n > 1010 {
				t.Errorf("%d zero crossings in 0.5 s; want 1000 (a 1 kHz tone)", n)
			}
			// The tone starts at once: the resampler's delay is removed.
			if tt.slack == 0 && dsp.PowerDBm0(s[40:200]) < wantDBm0-3 {
				t.Errorf("the tone starts late: %.1f dBm0 in 5 to 25 ms", dsp.PowerDBm0(s[40:200]))
			}
			onlyFiles(t, dir, got.File)
		})
	}
}

func TestConvertRefuses(t *testing.T) {
	big := makeWAV(wavSpec{channels: 1, rate: 48000, bits: 16, samples: make([]int16, 1<<20+10)})
	tests := []struct {
		name string
		in   []byte
		o    *Opts
		is   error
		err  string
	}{
		{"over 2 MB", big, nil, ErrTooLarge, "prompt: file is too large: the limit is 2 MB; upload a shorter or more compressed file"},
		{"over 64 KB", makeWAV(wavSpec{channels: 1, rate: 8000, bits: 16, samples: make([]int16, 40000)}), &Opts{MaxSize: 64 << 10}, ErrTooLarge, "the limit is 64 KB"},
		{"text", []byte("<html><body>not audio</body></html>"), nil, ErrNotAudio, "prompt: not a WAV or MP3 file"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), nil, ErrNotAudio, "not a WAV or MP3 file"},
		{"3 channels", makeWAV(wavSpec{channels: 3, rate: 8000, bits: 16, samples: make([]int16, 100)}), nil, nil, "prompt: WAV with 3 channels is not supported"},
		{"no samples", makeWAV(wavSpec{channels: 1, rate: 8000, bits: 16}), nil, nil, "prompt: file holds no audio"},
		{"too long", makeWAV(wavSpec{channels: 1, rate: 8000, bits: 16, samples: make([]int16, 3*8000)}), &Opts{MaxDuration: 2 * time.Second}, nil, "prompt: audio is longer than 2s"},
		{"mp3 go-mp3 garbles", readTestdata(t, "garbled-22050-mono-32k.mp3"), nil, nil, "prompt: MP3 of 22050 Hz at 32 kbit/s cannot be decoded cleanly; export it at 44.1 kHz"},
		{"mp3 sync then junk", append([]byte{0xFF, 0xFB, 0x90, 0x00}, bytes.Repeat([]byte{0x55}, 100)...), nil, nil, "prompt: MP3 file is malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := NewConverter(dir, tt.o).Convert(context.Background(), bytes.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("Convert(%s) = %v; want an error containing %q", tt.name, err, tt.err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Convert(%s) = %v; want errors.Is %v", tt.name, err, tt.is)
			}
			onlyFiles(t, dir)
		})
	}
}

func TestConvertCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := makeWAV(wavSpec{channels: 1, rate: 8000, bits: 16, samples: make([]int16, 8000)})
	if _, err := NewConverter(dir, nil).Convert(ctx, bytes.NewReader(in)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Convert = %v; want context.Canceled", err)
	}
	onlyFiles(t, dir)
}

// FuzzConvert runs uploads through detection and both decoders, MP3 and
// WAV: no input may panic or hang, and every error names the package.
func FuzzConvert(f *testing.F) {
	for _, name := range []string{"tone-1khz-44100-stereo.mp3", "tone-1khz-24000-mono.mp3", "garbled-22050-mono-32k.mp3"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/3])
	}
	f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"))
	f.Add(makeWAV(wavSpec{channels: 2, rate: 22050, bits: 16, samples: sine(22050, 0.05, 500, 3000)}))
	dir := f.TempDir()
	c := NewConverter(dir, &Opts{MaxDuration: 30 * time.Second})
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog(t)()
		got, err := c.Convert(context.Background(), bytes.NewReader(b))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "prompt: ") {
				t.Fatalf("error %q lacks the package prefix", err)
			}
			return
		}
		if got.DurationMS <= 0 {
			t.Fatalf("Convert = %+v", got)
		}
		os.Remove(filepath.Join(dir, got.File))
	})
}

// onlyFiles fails unless dir holds exactly the named files.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %q; want %q", dir, got, names)
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
