package webui

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/tts"
)

// upload posts a multipart form with name (when not empty) and file.
func (b *browser) upload(target, name, fileName string, data []byte) response {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if name != "" {
		mw.WriteField("name", name)
	}
	fw, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		b.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return b.doWith("POST", target, body.String(), http.Header{"Content-Type": {mw.FormDataContentType()}})
}

func TestPrompts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := newTestEnv(t, func(o *Options) { o.PromptsDir = dir })
	b := e.setupAdmin(t)
	mp3, err := os.ReadFile("../pbx/prompt/testdata/tone-1khz-44100-stereo.mp3")
	if err != nil {
		t.Fatal(err)
	}

	res := b.upload("/api/prompts", "", "Welcome.mp3", mp3)
	if res.Code != http.StatusCreated {
		t.Fatalf("upload MP3 = %d %s; want 201", res.Code, res.Body)
	}
	var p store.Prompt
	res.decode(t, &p)
	if p.Name != "Welcome" || p.DurationMS <= 0 {
		t.Errorf("uploaded prompt = %+v; want name Welcome and a duration", p)
	}
	if _, err := os.Stat(filepath.Join(dir, p.File)); err != nil {
		t.Errorf("prompt file: %v", err)
	}

	res = b.do("GET", "/api/prompts/1/audio", nil)
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "audio/wav" {
		t.Fatalf("GET audio = %d %s", res.Code, res.Header())
	}
	f, err := prompt.ReadWAVHeader(res.Body)
	if err != nil || f.SampleRate != 8000 || f.Channels != 1 {
		t.Errorf("audio header = %+v, %v; want 8 kHz mono", f, err)
	}

	res = b.do("PUT", "/api/prompts/1", map[string]string{"name": "Greeting"})
	res.decode(t, &p)
	if res.Code != http.StatusOK || p.Name != "Greeting" {
		t.Errorf("rename = %d %+v", res.Code, p)
	}
	var list []store.Prompt
	b.do("GET", "/api/prompts", nil).decode(t, &list)
	if len(list) != 1 || list[0].Name != "Greeting" {
		t.Errorf("list = %+v", list)
	}

	// In use by a mailbox: refused, naming the mailbox.
	box := store.Mailbox{Number: "800", GreetingPromptID: &p.ID}
	if err := e.st.Mailboxes().Create(context.Background(), &box); err != nil {
		t.Fatal(err)
	}
	res = b.do("DELETE", "/api/prompts/1", nil)
	if res.Code != http.StatusConflict || !contains(res.apiErr(t).Error, "mailbox 800, greeting_prompt_id") {
		t.Errorf("DELETE in use = %d %s; want 409 naming mailbox 800", res.Code, res.Body)
	}
	if err := e.st.Mailboxes().Delete(context.Background(), box.ID); err != nil {
		t.Fatal(err)
	}
	if res = b.do("DELETE", "/api/prompts/1", nil); res.Code != http.StatusNoContent {
		t.Fatalf("DELETE = %d %s", res.Code, res.Body)
	}
	if _, err := os.Stat(filepath.Join(dir, p.File)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("file after delete: %v; want it gone", err)
	}
}

func TestPromptsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := newTestEnv(t, func(o *Options) { o.PromptsDir = dir })
	b := e.setupAdmin(t)
	big := append([]byte("RIFF"), make([]byte, prompt.DefaultOpts.MaxSize+10)...)
	tests := []struct {
		name, file string
		data       []byte
		code       int
		want       string
		field      string
	}{
		{"text", "notes.txt", []byte("hello, this is not audio"), http.StatusUnsupportedMediaType, "upload a WAV or MP3", "file"},
		{"oversized", "big.wav", big, http.StatusRequestEntityTooLarge, "upload a shorter", "file"},
		{"garbled mp3", "x.mp3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00garbage"), http.StatusUnsupportedMediaType, "", "file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := b.upload("/api/prompts", "x", tc.file, tc.data)
			ae := res.apiErr(t)
			if res.Code != tc.code || !contains(ae.Error, tc.want) || ae.Field != tc.field {
				t.Errorf("upload %s = %d %s; want %d with %q on %s", tc.name, res.Code, res.Body, tc.code, tc.want, tc.field)
			}
		})
	}
	if res := b.do("POST", "/api/prompts", `{"name":"x"}`); res.Code != http.StatusBadRequest {
		t.Errorf("JSON upload = %d; want 400", res.Code)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("prompts folder after refusals holds %v; want nothing", left)
	}
	if res := b.do("GET", "/api/prompts/7/audio", nil); res.Code != http.StatusNotFound {
		t.Errorf("audio of a missing prompt = %d; want 404", res.Code)
	}
}

func TestPromptPreview(t *testing.T) {
	t.Parallel()
	// Without a synthesizer: 503 saying what to install.
	b := newTestEnv(t).setupAdmin(t)
	res := b.do("POST", "/api/prompts/preview", map[string]string{"text": "hello"})
	if res.Code != http.StatusServiceUnavailable || !contains(res.apiErr(t).Error, "install espeak-ng") {
		t.Errorf("preview without speech = %d %s; want 503 install espeak-ng", res.Code, res.Body)
	}
	if res := b.do("POST", "/api/prompts/preview", map[string]any{"text": "hi", "speed": 1}); res.apiErr(t).Field != "speed" {
		t.Errorf("preview with speed 1 = %d %s; want 400 on speed", res.Code, res.Body)
	}
	if res := b.do("POST", "/api/prompts/preview", map[string]any{"text": " "}); res.apiErr(t).Field != "text" {
		t.Errorf("preview of nothing = %d %s; want 400 on text", res.Code, res.Body)
	}

	espeak, err := tts.NewEspeak(nil)
	if errors.Is(err, tts.ErrNotInstalled) {
		t.Skip("espeak-ng is not installed")
	}
	if err != nil {
		t.Fatal(err)
	}
	b = newTestEnv(t, func(o *Options) { o.Speech = espeak }).setupAdmin(t)
	res = b.do("POST", "/api/prompts/preview", map[string]string{"text": "Welcome to the office", "language": "en"})
	if res.Code != http.StatusOK {
		t.Fatalf("preview = %d %s", res.Code, res.Body)
	}
	body := res.Body.Bytes()
	f, err := prompt.ReadWAVHeader(bytes.NewReader(body))
	if err != nil || f.SampleRate != 8000 || len(body) < 8000 {
		t.Errorf("preview WAV = %+v, %d bytes, %v; want 8 kHz speech", f, len(body), err)
	}
}
