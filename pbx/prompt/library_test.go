package prompt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// prompts is a fake Prompts.
type prompts map[int64]store.Prompt

func (p prompts) Get(ctx context.Context, id int64) (store.Prompt, error) {
	if x, ok := p[id]; ok {
		return x, nil
	}
	return store.Prompt{}, fmt.Errorf("store: prompts %d: %w", id, store.ErrNotFound)
}

func TestLibraryOpen(t *testing.T) {
	dir := t.TempDir()
	conv, err := NewConverter(dir, nil).Convert(context.Background(),
		bytes.NewReader(makeWAV(wavSpec{channels: 2, rate: 44100, bits: 16, samples: sine(44100, 1.25, 700, 6000)})))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "broken.wav"), []byte("RIFF junk"), 0o600)
	lib := NewLibrary(dir, prompts{
		1: {ID: 1, Name: "Welcome", File: conv.File, DurationMS: conv.DurationMS},
		2: {ID: 2, Name: "Escape", File: "../pbx.db"},
		3: {ID: 3, Name: "Gone", File: "gone.wav"},
		4: {ID: 4, Name: "Broken", File: "broken.wav"},
	})
	src, err := lib.Open(context.Background(), 1)
	if err != nil {
		t.Fatalf("Open(1): %v", err)
	}
	s := src.(*Source)
	if n := countFrames(t, s); n != 63 { // 1250 ms, the last frame padded
		t.Errorf("Open(1) gave %d frames; want 63", n)
	}
	if err := s.ReadFrame(new(frame)); !errors.Is(err, io.EOF) {
		t.Errorf("ReadFrame after the end = %v; want io.EOF", err)
	}

	tests := []struct {
		id   int64
		is   error
		text string
	}{
		{9, store.ErrNotFound, "prompt: prompt 9: store: prompts 9: not found"},
		{2, nil, `prompt: prompt 2 has an invalid file name "../pbx.db"`},
		{3, os.ErrNotExist, `prompt: prompt 3 "Gone": open`},
		{4, ErrNotAudio, `(prompt 4 "Broken")`},
	}
	for _, tt := range tests {
		_, err := lib.Open(context.Background(), tt.id)
		if err == nil || !strings.Contains(err.Error(), tt.text) || tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("Open(%d) = %v; want %q (is %v)", tt.id, err, tt.text, tt.is)
		}
	}
}

// TestSourceStreams plays a 5-minute prompt (4.8 MB) and checks that the
// source does not read it into memory.
func TestSourceStreams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.wav")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWAVWriter(f)
	if err != nil {
		t.Fatal(err)
	}
	tone := sine(8000, 1, 500, 5000)
	for range 300 {
		w.WriteSamples(tone)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := countFrames(t, s); n != 300*50 {
		t.Errorf("%d frames; want %d", n, 300*50)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<10 {
		t.Errorf("playing 4.8 MB allocated %d bytes; want it streamed", alloc)
	}
}

func TestSourceClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.wav")
	os.WriteFile(path, makeWAV(wavSpec{channels: 1, rate: 8000, bits: 16, samples: sine(8000, 1, 500, 5000)}), 0o600)
	s, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReadFrame(new(frame)); err != nil {
		t.Fatal(err)
	}
	if err := Close(s); err != nil {
		t.Errorf("Close = %v", err)
	}
	if err := s.ReadFrame(new(frame)); !errors.Is(err, io.EOF) {
		t.Errorf("ReadFrame after Close = %v; want io.EOF", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestWAVWriterRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.wav")
	f, _ := os.Create(path)
	w, err := NewWAVWriter(f)
	if err != nil {
		t.Fatal(err)
	}
	var fr frame
	for i := range fr {
		fr[i] = int16(i * 100)
	}
	for range 10 {
		w.WriteFrame(&fr)
	}
	if got := w.Duration().Milliseconds(); got != 200 {
		t.Errorf("Duration = %d ms; want 200", got)
	}
	w.Close()
	f.Close()
	b, _ := os.ReadFile(path)
	s := readWAV8k(t, b)
	if len(s) != 1600 || s[1] != 100 || s[159] != 15900 {
		t.Errorf("read back %d samples, s[1]=%d s[159]=%d", len(s), s[1], s[159])
	}
}
