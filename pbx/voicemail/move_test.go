package voicemail

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestMoveMailbox(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var told []string
	svc, err := New(Opts{Dir: dir, Mailboxes: mailboxes{}, Logger: quiet(),
		MessageWaiting: func(box string, on bool) { told = append(told, box) }})
	if err != nil {
		t.Fatal(err)
	}
	m := Message{ID: "20260101T090000Z-0badcafe", Mailbox: "103", Received: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), State: StateNew}
	if err := os.MkdirAll(filepath.Join(dir, "103"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "103", m.ID+".wav"), []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := svc.spool.put(&m); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "203"), 0o700); err != nil { // an empty folder is no obstacle
		t.Fatal(err)
	}

	if err := svc.MoveMailbox("103", "203"); err != nil {
		t.Fatalf("MoveMailbox(103, 203): %v", err)
	}
	msgs, err := svc.Messages("203")
	if err != nil || len(msgs) != 1 || msgs[0].Mailbox != "203" || msgs[0].ID != m.ID {
		t.Fatalf("Messages(203) = %+v, %v; want the moved message, filed under 203", msgs, err)
	}
	if _, err := os.Stat(svc.Recording(msgs[0])); err != nil {
		t.Errorf("recording of the moved message: %v", err)
	}
	if old, _ := svc.Messages("103"); len(old) != 0 {
		t.Errorf("Messages(103) = %+v; want none left", old)
	}
	if len(told) == 0 || told[len(told)-1] != "203" {
		t.Errorf("message waiting told %q; want 203 on", told)
	}

	// A box that holds messages is not merged into, nor is one recorded into.
	if err := os.MkdirAll(filepath.Join(dir, "104"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "104", "x.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := svc.MoveMailbox("203", "104"); err == nil {
		t.Errorf("MoveMailbox(203, 104) into a box with a message = nil; want an error")
	}
	if err := os.WriteFile(filepath.Join(dir, "203", ".rec-1.tmp"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := svc.MoveMailbox("203", "303"); !errors.Is(err, ErrRecording) {
		t.Errorf("MoveMailbox(203, 303) while recording = %v; want ErrRecording", err)
	}
	if msgs, _ := svc.Messages("203"); len(msgs) != 1 {
		t.Errorf("Messages(203) after refusals = %d; want the message kept", len(msgs))
	}
	if err := svc.MoveMailbox("777", "778"); err != nil {
		t.Errorf("MoveMailbox of a box without a folder = %v; want nil", err)
	}
}
