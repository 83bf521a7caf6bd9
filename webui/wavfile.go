package webui

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"time"
)

// serveWAV serves the WAV file at path under name, with Range support so
// the browser's audio element can seek. missing is the message a person
// reads when the file is gone from the box (404).
func (s *Server) serveWAV(w http.ResponseWriter, r *http.Request, path, name, missing string) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		writeError(w, http.StatusNotFound, missing, "")
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "audio/wav")
	w.Header().Set("Cache-Control", "private, no-cache")
	http.ServeContent(w, r, name, info.ModTime().Truncate(time.Second), f)
}
