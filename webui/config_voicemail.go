package webui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/voicemail"
)

// Voicemail is what the web UI needs of the voicemail service;
// *voicemail.Service implements it. Its methods must be safe for
// concurrent use.
type Voicemail interface {
	// Messages returns a mailbox's messages, oldest first.
	Messages(mailbox string) ([]voicemail.Message, error)
	// Save marks a message heard (voicemail.StateSaved).
	Save(mailbox, id string) error
	// Delete removes a message and its recording.
	Delete(mailbox, id string) error
	// Recording returns the path of a message's WAV file.
	Recording(m voicemail.Message) string
}

// voicemailState holds the service that SetVoicemail gives.
type voicemailState struct {
	mu  sync.Mutex
	svc Voicemail
}

// SetVoicemail gives the Server the voicemail service, which serves
// /api/voicemail; until it is set those endpoints answer 503. It is safe
// for concurrent use.
func (s *Server) SetVoicemail(v Voicemail) {
	s.voicemail.mu.Lock()
	defer s.voicemail.mu.Unlock()
	s.voicemail.svc = v
}

// voicemailService returns the service, or answers 503 and returns nil.
func (s *Server) voicemailService(w http.ResponseWriter) Voicemail {
	v := s.voicemailNow()
	if v == nil {
		writeError(w, http.StatusServiceUnavailable, "voicemail is not running yet: reload the page in a moment", "")
	}
	return v
}

// voicemailBox is a mailbox as GET /api/voicemail lists it.
type voicemailBox struct {
	Number string `json:"number"`
	// Owner is the name of the extension it belongs to, if any.
	Owner string `json:"owner"`
	// MailboxID is the store's mailbox row; nil for the box an extension
	// with voicemail on has without one.
	MailboxID *int64 `json:"mailbox_id"`
	New       int    `json:"new"`
	Saved     int    `json:"saved"`
}

// voicemailMessage is a message as the API shows it: no notification
// internals beyond whether the e-mail went out.
type voicemailMessage struct {
	ID           string    `json:"id"`
	CallerNumber string    `json:"caller_number"`
	CallerName   string    `json:"caller_name"`
	Called       string    `json:"called"`
	Received     time.Time `json:"received"`
	DurationMS   int       `json:"duration_ms"`
	State        string    `json:"state"` // new or saved (heard)
	Notify       string    `json:"notify"`
}

// mailboxNumbers returns the boxes messages can be left in, as pbxd finds
// them: every mailbox row, and the number of every extension with
// voicemail on that has no row, by number.
func (s *Server) mailboxNumbers(ctx context.Context) ([]voicemailBox, error) {
	rows, err := s.st.Mailboxes().List(ctx)
	if err != nil {
		return nil, err
	}
	exts, err := s.st.Extensions().List(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, e := range exts {
		names[e.ID] = e.Name
	}
	var out []voicemailBox
	have := map[string]bool{}
	for _, m := range rows {
		b := voicemailBox{Number: m.Number, MailboxID: &m.ID}
		if m.ExtensionID != nil {
			b.Owner = names[*m.ExtensionID]
		}
		out, have[m.Number] = append(out, b), true
	}
	for _, e := range exts {
		if e.Voicemail && !have[e.Number] {
			out = append(out, voicemailBox{Number: e.Number, Owner: e.Name})
		}
	}
	slices.SortFunc(out, func(a, b voicemailBox) int {
		if len(a.Number) != len(b.Number) {
			return len(a.Number) - len(b.Number)
		}
		return strings.Compare(a.Number, b.Number)
	})
	return out, nil
}

// listVoicemailBoxes serves GET /api/voicemail: every mailbox with its
// numbers of new and heard messages.
func (s *Server) listVoicemailBoxes(w http.ResponseWriter, r *http.Request) {
	vm := s.voicemailService(w)
	if vm == nil {
		return
	}
	out, err := s.voicemailBoxes(r.Context(), vm)
	if err != nil {
		s.writeStoreError(w, r, "mailboxes", err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// voicemailBoxes returns every mailbox with its numbers of new and heard
// messages.
func (s *Server) voicemailBoxes(ctx context.Context, vm Voicemail) ([]voicemailBox, error) {
	boxes, err := s.mailboxNumbers(ctx)
	if err != nil {
		return nil, err
	}
	out := []voicemailBox{}
	for _, b := range boxes {
		msgs, err := vm.Messages(b.Number)
		if err != nil && msgs == nil {
			s.log.Warn("webui: voicemail", "mailbox", b.Number, "err", err)
		}
		for _, m := range msgs {
			if m.State == voicemail.StateNew {
				b.New++
			} else {
				b.Saved++
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// pathMailbox reads the {box} path value: the number of a mailbox that
// exists. Otherwise it answers 404 and returns false.
func (s *Server) pathMailbox(w http.ResponseWriter, r *http.Request) (string, bool) {
	number := r.PathValue("box")
	boxes, err := s.mailboxNumbers(r.Context())
	if err != nil {
		s.writeStoreError(w, r, "mailboxes", err)
		return "", false
	}
	if !slices.ContainsFunc(boxes, func(b voicemailBox) bool { return b.Number == number }) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("there is no mailbox %q: choose one from the list, or create it on the mailboxes page", number), "box")
		return "", false
	}
	return number, true
}

// listVoicemail serves GET /api/voicemail/{box}/messages: the mailbox's
// messages, newest first.
func (s *Server) listVoicemail(w http.ResponseWriter, r *http.Request) {
	vm := s.voicemailService(w)
	if vm == nil {
		return
	}
	box, ok := s.pathMailbox(w, r)
	if !ok {
		return
	}
	msgs, err := vm.Messages(box)
	if err != nil {
		// A damaged sidecar does not hide the others.
		s.log.Warn("webui: voicemail list", "mailbox", box, "err", err)
	}
	out := make([]voicemailMessage, 0, len(msgs))
	for _, m := range slices.Backward(msgs) {
		out = append(out, voicemailMessage{ID: m.ID, CallerNumber: m.CallerNumber, CallerName: m.CallerName, Called: m.Called,
			Received: m.Received, DurationMS: m.DurationMS, State: m.State, Notify: m.Notify.State})
	}
	writeJSON(w, http.StatusOK, out)
}

// pathMessage finds the {msg} of the {box} path values, or answers 404.
func (s *Server) pathMessage(w http.ResponseWriter, r *http.Request, vm Voicemail) (voicemail.Message, bool) {
	box, ok := s.pathMailbox(w, r)
	if !ok {
		return voicemail.Message{}, false
	}
	id := r.PathValue("msg")
	msgs, _ := vm.Messages(box)
	i := slices.IndexFunc(msgs, func(m voicemail.Message) bool { return m.ID == id })
	if i < 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("mailbox %s has no message %q: it may have been deleted; reload the list", box, id), "msg")
		return voicemail.Message{}, false
	}
	return msgs[i], true
}

// pathVoicemail returns the service and the message that the {box} and
// {msg} path values name; otherwise it answers (503 or 404) and returns
// false.
func (s *Server) pathVoicemail(w http.ResponseWriter, r *http.Request) (Voicemail, voicemail.Message, bool) {
	vm := s.voicemailService(w)
	if vm == nil {
		return nil, voicemail.Message{}, false
	}
	m, ok := s.pathMessage(w, r, vm)
	return vm, m, ok
}

// voicemailAudio serves GET /api/voicemail/{box}/messages/{msg}/audio: the
// recording as a WAV file, with range requests for the audio element.
func (s *Server) voicemailAudio(w http.ResponseWriter, r *http.Request) {
	vm, m, ok := s.pathVoicemail(w, r)
	if !ok {
		return
	}
	path := vm.Recording(m)
	s.serveWAV(w, r, path, filepath.Base(path), "the recording of this message is missing from the box: delete the message")
}

// markVoicemail serves PUT /api/voicemail/{box}/messages/{msg}
// {"state": "saved"}: the message is heard, and no longer lights the
// message-waiting lamp. A heard message cannot become new again.
func (s *Server) markVoicemail(w http.ResponseWriter, r *http.Request) {
	var req struct {
		State string `json:"state"`
	}
	if !readJSON(w, r, &req) {
		return
	}
	if req.State != voicemail.StateSaved {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("state %q cannot be set: send \"saved\" to mark the message heard", req.State), "state")
		return
	}
	vm, m, ok := s.pathVoicemail(w, r)
	if !ok {
		return
	}
	if err := vm.Save(m.Mailbox, m.ID); err != nil {
		s.voicemailError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deleteVoicemail serves DELETE /api/voicemail/{box}/messages/{msg}.
func (s *Server) deleteVoicemail(w http.ResponseWriter, r *http.Request) {
	vm, m, ok := s.pathVoicemail(w, r)
	if !ok {
		return
	}
	if err := vm.Delete(m.Mailbox, m.ID); err != nil {
		s.voicemailError(w, r, err)
		return
	}
	s.log.Info("webui: voicemail deleted", "mailbox", m.Mailbox, "message", m.ID)
	w.WriteHeader(http.StatusNoContent)
}

// voicemailError answers a failed change of a message.
func (s *Server) voicemailError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, voicemail.ErrNoMessage) {
		writeError(w, http.StatusNotFound, "the message is gone: it was deleted meanwhile; reload the list", "msg")
		return
	}
	s.internalError(w, r, err)
}
