package webui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/tts"
)

// uploadOverhead is what a multipart upload may carry besides the audio
// file (bytes): the name field, part headers and boundaries.
const uploadOverhead = 64 << 10

// promptResource serves the list and get endpoints of /api/prompts;
// upload, rename, delete, audio and preview have handlers of their own.
func (s *Server) promptResource() *resource[store.Prompt] {
	return &resource[store.Prompt]{
		s: s, table: s.st.Prompts(), noun: "prompt", path: "/api/prompts",
		id:    func(p *store.Prompt) *int64 { return &p.ID },
		fresh: func() store.Prompt { return store.Prompt{} },
	}
}

// promptsReady answers 503 and returns false when the Server has no
// prompts folder (Options.PromptsDir).
func (s *Server) promptsReady(w http.ResponseWriter) bool {
	if s.promptsDir == "" {
		writeError(w, http.StatusServiceUnavailable, "this box has no prompts folder configured: start pbxd with a data directory", "")
		return false
	}
	return true
}

// uploadPrompt serves POST /api/prompts: a multipart form with the audio
// in field "file" (WAV or MP3, at most 2 MB) and the prompt's name in
// field "name" (the file's name without its extension when left out). The
// audio is converted into the prompts folder, then the prompt is stored; a
// 201 answer means both are done.
func (s *Server) uploadPrompt(w http.ResponseWriter, r *http.Request) {
	if !s.promptsReady(w) {
		return
	}
	maxSize := prompt.DefaultOpts.MaxSize
	r.Body = http.MaxBytesReader(w, r.Body, maxSize+uploadOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, http.StatusBadRequest, "send the prompt as a multipart/form-data upload with the fields name and file", "file")
		return
	}
	var (
		name, fileName string
		conv           prompt.Converted
		converted      bool
	)
	// The file is removed again unless its row is stored.
	stored := false
	defer func() {
		if converted && !stored {
			os.Remove(filepath.Join(s.promptsDir, conv.File))
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.uploadError(w, r, "file", err)
			return
		}
		switch part.FormName() {
		case "name":
			b, err := io.ReadAll(io.LimitReader(part, 4<<10))
			if err != nil {
				s.uploadError(w, r, "name", err)
				return
			}
			name = strings.TrimSpace(string(b))
		case "file":
			if converted {
				writeError(w, http.StatusBadRequest, "the upload holds two files: send one prompt at a time", "file")
				return
			}
			fileName = part.FileName()
			conv, err = s.converter.Convert(r.Context(), part)
			if err != nil {
				s.uploadError(w, r, "file", err)
				return
			}
			converted = true
		default:
			writeError(w, http.StatusBadRequest,
				fmt.Sprintf("unknown form field %q: send only name and file", part.FormName()), part.FormName())
			return
		}
	}
	if !converted {
		writeError(w, http.StatusBadRequest, "the upload has no file: choose a WAV or MP3 file", "file")
		return
	}
	if name == "" {
		name = strings.TrimSpace(strings.TrimSuffix(fileName, filepath.Ext(fileName)))
	}
	p := store.Prompt{Name: name, File: conv.File, DurationMS: conv.DurationMS}
	if err := s.st.Prompts().Create(r.Context(), &p); err != nil {
		s.writeStoreError(w, r, "prompt", err)
		return
	}
	stored = true
	w.Header().Set("Location", fmt.Sprintf("/api/prompts/%d", p.ID))
	writeJSON(w, http.StatusCreated, p)
}

// uploadError answers a failed upload: 413 for a file over the limit, 415
// for a file that is not audio the box can convert, 500 for a failure of
// the box itself. field is the form field the error concerns.
func (s *Server) uploadError(w http.ResponseWriter, r *http.Request, field string, err error) {
	var (
		tooBig  *http.MaxBytesError
		pathErr *fs.PathError
	)
	switch {
	case errors.As(err, &tooBig), errors.Is(err, prompt.ErrTooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf(
			"the file is larger than %d MB: upload a shorter WAV or MP3 file, or one more compressed", prompt.DefaultOpts.MaxSize/1_000_000), field)
	case errors.As(err, &pathErr), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		s.internalError(w, r, err)
	case errors.Is(err, multipart.ErrMessageTooLarge), field != "file":
		writeError(w, http.StatusBadRequest, "the upload is malformed: send a multipart/form-data form with the fields name and file", field)
	default:
		// The converter's errors say what is wrong with the audio and
		// what to upload instead.
		writeError(w, http.StatusUnsupportedMediaType, strings.TrimPrefix(err.Error(), "prompt: "), field)
	}
}

// renamePrompt serves PUT /api/prompts/{id}: the body {"name": ...}
// renames the prompt; its audio stays.
func (s *Server) renamePrompt(w http.ResponseWriter, r *http.Request) {
	p, ok := pathRecord(s, w, r, s.st.Prompts(), "prompt")
	if !ok {
		return
	}
	in := struct {
		Name string `json:"name"`
	}{p.Name}
	if !readJSON(w, r, &in) {
		return
	}
	p.Name = strings.TrimSpace(in.Name)
	if err := s.st.Prompts().Update(r.Context(), &p); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("prompt %d", p.ID), err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// deletePrompt serves DELETE /api/prompts/{id}: the row, then its file. A
// prompt that routes or mailboxes still use is refused with 409.
func (s *Server) deletePrompt(w http.ResponseWriter, r *http.Request) {
	p, ok := pathRecord(s, w, r, s.st.Prompts(), "prompt")
	if !ok {
		return
	}
	if err := s.st.Prompts().Delete(r.Context(), p.ID); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("prompt %d", p.ID), err)
		return
	}
	if s.promptsDir != "" {
		if err := os.Remove(filepath.Join(s.promptsDir, p.File)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("webui: prompt file left behind", "file", p.File, "err", err)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// promptAudio serves GET /api/prompts/{id}/audio: the prompt's WAV file,
// 8 kHz 16-bit mono, for listening in the browser.
func (s *Server) promptAudio(w http.ResponseWriter, r *http.Request) {
	if !s.promptsReady(w) {
		return
	}
	p, ok := pathRecord(s, w, r, s.st.Prompts(), "prompt")
	if !ok {
		return
	}
	// store.Prompt.Validate keeps File a plain name inside the folder.
	s.serveWAV(w, r, filepath.Join(s.promptsDir, p.File), p.File,
		fmt.Sprintf("the audio file of prompt %d is missing from the box: upload the prompt again", p.ID))
}

// previewRequest is the body of POST /api/prompts/preview.
type previewRequest struct {
	Text string `json:"text"`
	tts.SpeechOpts
}

// maxPreview bounds the length of a spoken preview.
const maxPreview = 2 * time.Minute

// noSpeech is the answer (503) of a preview on a box without espeak-ng.
const noSpeech = "speech synthesis is not available on this box: install espeak-ng (Debian: apt-get install espeak-ng) and restart pbxd"

// previewPrompt serves POST /api/prompts/preview: the text spoken by the
// speech synthesizer (Options.Speech) as a WAV file in the box's format,
// so the admin hears what a scenario would say. Without a synthesizer it
// answers 503.
func (s *Server) previewPrompt(w http.ResponseWriter, r *http.Request) {
	var in previewRequest
	if !readJSON(w, r, &in) {
		return
	}
	if strings.TrimSpace(in.Text) == "" {
		writeError(w, http.StatusBadRequest, "text is empty: type what the box should say", "text")
		return
	}
	if err := in.SpeechOpts.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "tts: "), speechField(err))
		return
	}
	if s.speech == nil {
		writeError(w, http.StatusServiceUnavailable, noSpeech, "")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	src, err := s.speech.Say(ctx, in.Text, in.SpeechOpts)
	switch {
	case errors.Is(err, tts.ErrNotInstalled):
		writeError(w, http.StatusServiceUnavailable, noSpeech, "")
		return
	case errors.Is(err, tts.ErrTooLong), errors.Is(err, tts.ErrEmpty):
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "tts: ")+": shorten the text or give one to speak", "text")
		return
	case err != nil:
		// A bad language or voice fails here with the program's words.
		writeError(w, http.StatusBadRequest, "the speech synthesizer refused: "+err.Error()+": check the language and voice", "language")
		return
	}
	defer prompt.Close(src)
	var buf memFile
	ww, err := prompt.NewWAVWriter(&buf)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	var f call.Frame
	for ww.Duration() < maxPreview {
		err := src.ReadFrame(&f)
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil {
			err = ww.WriteFrame(&f)
		}
		if err != nil {
			s.internalError(w, r, fmt.Errorf("webui: speak preview: %w", err))
			return
		}
	}
	if err := ww.Close(); err != nil {
		s.internalError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "audio/wav")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.b)
}

// speechField names the field of previewRequest that a SpeechOpts.Validate
// error concerns.
func speechField(err error) string {
	msg := strings.TrimPrefix(err.Error(), "tts: ")
	for _, f := range []string{"language", "voice", "speed", "volume"} {
		if strings.HasPrefix(msg, f) {
			return f
		}
	}
	return ""
}

// memFile is an in-memory io.WriteSeeker, for a WAV written before it is
// sent.
type memFile struct {
	b   []byte
	off int
}

func (m *memFile) Write(p []byte) (int, error) {
	if end := m.off + len(p); end > len(m.b) {
		m.b = append(m.b, make([]byte, end-len(m.b))...)
	}
	m.off += copy(m.b[m.off:], p)
	return len(p), nil
}

func (m *memFile) Seek(offset int64, whence int) (int64, error) {
	base := 0
	switch whence {
	case io.SeekCurrent:
		base = m.off
	case io.SeekEnd:
		base = len(m.b)
	}
	pos := int64(base) + offset
	if pos < 0 {
		return 0, errors.New("webui: seek before the start")
	}
	m.off = int(pos)
	return pos, nil
}
