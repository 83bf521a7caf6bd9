package webui

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/voicemail"
)

// voicemailEvent is every mailbox with its numbers of new and heard
// messages, as GET /api/voicemail lists them: sent when a feed with the
// voicemail topic opens and whenever a message comes, is heard or goes.
type voicemailEvent struct {
	Type  string         `json:"type"` // "voicemail"
	Boxes []voicemailBox `json:"boxes"`
}

// voicemailFollow is one feed's view of the voicemail folder. The
// voicemail service writes every message by creating or renaming files
// in its mailbox's folder, so a folder whose modification time stayed put
// has no news; only when one moved are the messages read again. The
// kernel stamps those times from a coarse clock, so two changes a few ms
// apart may leave the same time: a folder changed within the last
// settleTime is read on every look.
type voicemailFollow struct {
	s       *Server
	folders string // the modification times last seen; "" before the first look
	last    string // the messages' ids and states of the last event
}

// next returns the event for what changed since the last call, or false
// when nothing did. force reads the messages even when no folder moved,
// e.g. after a configuration change added or removed a mailbox.
func (f *voicemailFollow) next(ctx context.Context, force bool) (voicemailEvent, bool) {
	vm := f.s.voicemailNow()
	if vm == nil {
		return voicemailEvent{}, false // not running yet
	}
	folders, recent := f.s.voicemailFolders()
	if !force && !recent && folders != "" && folders == f.folders {
		return voicemailEvent{}, false
	}
	f.folders = folders
	boxes, err := f.s.voicemailBoxes(ctx, vm)
	if err != nil {
		f.s.log.Warn("webui: voicemail feed", "err", err)
		return voicemailEvent{}, false
	}
	var key strings.Builder
	for _, b := range boxes {
		key.WriteString(b.Number + ":")
		msgs, _ := vm.Messages(b.Number)
		for _, m := range msgs {
			key.WriteString(m.ID)
			if m.State == voicemail.StateNew {
				key.WriteString("+")
			}
			key.WriteString(",")
		}
		key.WriteString(";")
	}
	if key.String() == f.last {
		return voicemailEvent{}, false
	}
	f.last = key.String()
	return voicemailEvent{Type: "voicemail", Boxes: boxes}, true
}

// voicemailNow returns the voicemail service, or nil before SetVoicemail.
func (s *Server) voicemailNow() Voicemail {
	s.voicemail.mu.Lock()
	defer s.voicemail.mu.Unlock()
	return s.voicemail.svc
}

// settleTime is how long after a change a voicemail folder is read on
// every look, however its modification time looks.
const settleTime = time.Second

// voicemailFolders returns the modification times of the voicemail folder
// and of each mailbox's folder in it, as one string, and whether one of
// them changed within settleTime; "" when the Server has no data
// directory, so that the messages are read on every look.
func (s *Server) voicemailFolders() (sig string, recent bool) {
	if s.dataDir == "" {
		return "", false
	}
	dir := s.dataDir.Voicemail()
	since := time.Now().Add(-settleTime) // the file system's clock, not the Server's
	var b strings.Builder
	add := func(name string, info os.FileInfo) {
		b.WriteString(name + "@" + strconv.FormatInt(info.ModTime().UnixNano(), 10) + ";")
		recent = recent || info.ModTime().After(since)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return "", false
	}
	add(".", info)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if info, err := os.Stat(filepath.Join(dir, e.Name())); err == nil {
			add(e.Name(), info)
		}
	}
	return b.String(), recent
}
