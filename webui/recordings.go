package webui

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/hookflash/firmware/pbx/store"
)

// callRecording serves GET /api/calls/{id}/recording: the call's
// recording, 8 kHz 16-bit stereo WAV with the caller on the left and the
// party put through on the right, from the data directory's recordings
// folder.
func (s *Server) callRecording(w http.ResponseWriter, r *http.Request) {
	if s.dataDir == "" {
		writeError(w, http.StatusServiceUnavailable, "this box keeps no call recordings: it has no recordings folder", "")
		return
	}
	c, ok := pathRecord(s, w, r, s.st.CallRecords(), "call")
	if !ok {
		return
	}
	if c.Recording == "" {
		writeError(w, http.StatusNotFound, fmt.Sprintf(
			"call %d has no recording: its route did not record calls, nobody was put through, or the recording passed its retention", c.ID), "")
		return
	}
	// store.CallRecord.Validate keeps Recording a plain name inside the folder.
	w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", c.Recording))
	s.serveWAV(w, r, filepath.Join(s.dataDir.Recordings(), c.Recording), c.Recording,
		fmt.Sprintf("the recording of call %d is missing from the box: it was deleted", c.ID))
}

// putRecordingRetention checks the value of the recording retention
// setting: whole days, 0 to keep recordings until deleted.
func putRecordingRetention(raw, old json.RawMessage) (any, error) {
	var days int
	if err := json.Unmarshal(raw, &days); err != nil {
		return nil, badSetting("value", "the recording retention is a whole number of days, such as 90, not %s", raw)
	}
	var fe *store.FieldError
	if err := store.CheckRecordingRetention(days); errors.As(err, &fe) {
		return nil, badSetting("value", "%s", fe.Detail)
	}
	return days, nil
}
