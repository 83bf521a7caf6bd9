package tts

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/dsp"
	"github.com/hookflash/firmware/pbx/prompt"
)

// newEspeak returns an Espeak, failing the test when espeak-ng is missing:
// CI installs it, and these tests are the only check of the backend.
func newEspeak(t *testing.T, o *EspeakOpts) *Espeak {
	t.Helper()
	e, err := NewEspeak(o)
	if err != nil {
		t.Fatalf("NewEspeak: %v", err)
	}
	return e
}

// speak reads the whole of Say's source and returns the samples.
func speak(t *testing.T, e *Espeak, text string, o SpeechOpts) []int16 {
	t.Helper()
	src, err := e.Say(context.Background(), text, o)
	if err != nil {
		t.Fatalf("Say(%q, %+v): %v", text, o, err)
	}
	var out []int16
	var f call.Frame
	for {
		err := src.ReadFrame(&f)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("ReadFrame: %v", err)
		}
		out = append(out, f[:]...)
	}
}

// speechLevel returns the level, dBm0, of the frames that are not silent.
func speechLevel(s []int16) float64 {
	var voiced []int16
	for i := 0; i+160 <= len(s); i += 160 {
		if dsp.PowerDBm0(s[i:i+160]) > -45 {
			voiced = append(voiced, s[i:i+160]...)
		}
	}
	return dsp.PowerDBm0(voiced)
}

func TestEspeakSpeaks(t *testing.T) {
	e := newEspeak(t, nil)
	tests := []struct {
		name     string
		text     string
		o        SpeechOpts
		min, max time.Duration
	}{
		{"english", "Hello. You have reached the office. Please leave a message after the tone.", SpeechOpts{Language: "en"}, 3 * time.Second, 9 * time.Second},
		{"russian", "Здравствуйте. Вы позвонили в офис. Оставьте сообщение после сигнала.", SpeechOpts{Language: "ru"}, 3 * time.Second, 9 * time.Second},
		{"female fast", "Hello. You have reached the office. Please leave a message after the tone.", SpeechOpts{Language: "en-US", Voice: "female", Speed: 200}, 1500 * time.Millisecond, 5 * time.Second},
		{"leading dash is text", "--help -v xx -w /tmp/owned.wav", SpeechOpts{}, 500 * time.Millisecond, 6 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := speak(t, e, tt.text, tt.o)
			d := time.Duration(len(s)) * time.Second / dsp.SampleRate
			if d < tt.min || d > tt.max {
				t.Errorf("Say(%q) lasts %v; want %v to %v", tt.text, d, tt.min, tt.max)
			}
			if lvl := speechLevel(s); lvl < -30 || lvl > -3 {
				t.Errorf("Say(%q) speaks at %.1f dBm0; want -30 to -3", tt.text, lvl)
			}
		})
	}
}

func TestEspeakVolume(t *testing.T) {
	e := newEspeak(t, nil)
	const text = "Testing the volume of the voice."
	normal := speechLevel(speak(t, e, text, SpeechOpts{}))
	quiet := speechLevel(speak(t, e, text, SpeechOpts{Volume: 50}))
	if diff := normal - quiet; diff < 4 || diff > 8 {
		t.Errorf("volume 50%% is %.1f dB below normal; want about 6", diff)
	}
}

func TestEspeakArgs(t *testing.T) {
	e := &Espeak{}
	tests := []struct {
		o    SpeechOpts
		want string
	}{
		{SpeechOpts{}, "--stdout --stdin -b 1"},
		{SpeechOpts{Language: "RU"}, "--stdout --stdin -b 1 -v ru"},
		{SpeechOpts{Voice: "male"}, "--stdout --stdin -b 1 -v en+m3"},
		{SpeechOpts{Language: "en-GB", Voice: "f2", Speed: 80, Volume: 150}, "--stdout --stdin -b 1 -v en-gb+f2 -s 140 -a 150"},
	}
	for _, tt := range tests {
		if got := strings.Join(e.args(tt.o), " "); got != tt.want {
			t.Errorf("args(%+v) = %q; want %q", tt.o, got, tt.want)
		}
	}
}

func TestEspeakRefuses(t *testing.T) {
	e := newEspeak(t, &EspeakOpts{MaxText: 20})
	tests := []struct {
		name string
		text string
		o    SpeechOpts
		is   error
		msg  string
	}{
		{"too long", strings.Repeat("a", 21), SpeechOpts{}, ErrTooLong, "tts: text is too long: 21 characters; the limit is 20"},
		{"empty", " \n\t ", SpeechOpts{}, ErrEmpty, "tts: text is empty"},
		{"bad language", "hi", SpeechOpts{Language: "en us"}, nil, `tts: language "en us" is not a language tag`},
		{"option as voice", "hi", SpeechOpts{Voice: "-w"}, nil, `tts: voice "-w" is not a voice name`},
		{"speed", "hi", SpeechOpts{Speed: 10}, nil, "tts: speed 10% is out of range; use 50 to 250"},
		{"volume", "hi", SpeechOpts{Volume: 201}, nil, "tts: volume 201% is out of range"},
		{"unknown language", "hi", SpeechOpts{Language: "xx"}, nil, "tts: espeak-ng: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Say(context.Background(), tt.text, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.msg) || tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("Say(%q, %+v) = %v; want %q", tt.text, tt.o, err, tt.msg)
			}
		})
	}
}

func TestEspeakMissing(t *testing.T) {
	_, err := NewEspeak(&EspeakOpts{Path: "/nonexistent/espeak-ng"})
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "install the espeak-ng package") {
		t.Fatalf("NewEspeak(missing) = %v; want ErrNotInstalled", err)
	}
	// Removed after NewEspeak found it.
	e := &Espeak{path: "/nonexistent/espeak-ng", maxText: 100, slots: make(chan struct{}, 1)}
	if _, err := e.Say(context.Background(), "hello", SpeechOpts{}); !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("Say with the program gone = %v; want ErrNotInstalled", err)
	}
	if len(e.slots) != 0 {
		t.Errorf("a failed Say kept its slot")
	}
}

// TestEspeakCancel stops a long text mid-way by cancelling its ctx: the
// program is killed and reading fails with the ctx's error at once.
func TestEspeakCancel(t *testing.T) {
	e := newEspeak(t, &EspeakOpts{MaxRunning: 1})
	ctx, cancel := context.WithCancel(context.Background())
	src, err := e.Say(ctx, strings.Repeat("This sentence is long and it repeats. ", 25), SpeechOpts{})
	if err != nil {
		t.Fatal(err)
	}
	var f call.Frame
	if err := src.ReadFrame(&f); err != nil {
		t.Fatal(err)
	}
	cmd := src.(*speech).cmd
	cancel()
	if err := src.ReadFrame(&f); !errors.Is(err, context.Canceled) {
		t.Fatalf("ReadFrame after cancel = %v; want context.Canceled", err)
	}
	if cmd.ProcessState == nil {
		t.Errorf("the program was not waited for")
	}
	// The slot is free again: with MaxRunning 1, a new Say can start.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	src2, err := e.Say(ctx2, "again", SpeechOpts{})
	if err != nil {
		t.Fatalf("Say after cancel: %v", err)
	}
	prompt.Close(src2)
}

// TestEspeakCloseEarly closes a source before its end: the program is
// stopped and the slot freed.
func TestEspeakCloseEarly(t *testing.T) {
	e := newEspeak(t, &EspeakOpts{MaxRunning: 1})
	for range 3 { // would block on the second round if Close kept the slot
		src, err := e.Say(context.Background(), strings.Repeat("Close me early please. ", 20), SpeechOpts{})
		if err != nil {
			t.Fatal(err)
		}
		if err := prompt.Close(src); err != nil {
			t.Fatalf("Close: %v", err)
		}
		var f call.Frame
		if err := src.ReadFrame(&f); !errors.Is(err, io.EOF) {
			t.Errorf("ReadFrame after Close = %v; want io.EOF", err)
		}
	}
}

func TestSpeechOptsZeroIsValid(t *testing.T) {
	if err := (SpeechOpts{}).Validate(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(DefaultEspeakOpts, EspeakOpts{Path: "espeak-ng", MaxText: 1000, MaxRunning: 4}) {
		t.Errorf("DefaultEspeakOpts = %+v", DefaultEspeakOpts)
	}
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed")
	}
}
