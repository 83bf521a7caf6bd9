package webui

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/prompt"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// noMailboxes is voicemail.Mailboxes for a service that only lists, marks
// and deletes messages: nobody leaves one in these tests.
type noMailboxes struct{}

func (noMailboxes) Mailbox(context.Context, string) (voicemail.Mailbox, error) {
	return voicemail.Mailbox{}, voicemail.ErrNoMailbox
}

// storeMessage puts a message of ms milliseconds of silence into the
// voicemail folder dir as the service keeps it: the WAV, then its sidecar,
// written whole under a temporary name and renamed.
func storeMessage(t *testing.T, dir string, m voicemail.Message) {
	t.Helper()
	box := filepath.Join(dir, m.Mailbox)
	if err := os.MkdirAll(box, 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(box, m.ID+".wav"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := prompt.NewWAVWriter(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSamples(make([]int16, m.DurationMS*8)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	side, _ := json.Marshal(m)
	tmp := filepath.Join(box, "."+m.ID+".json.tmp")
	if err := os.WriteFile(tmp, side, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(box, m.ID+".json")); err != nil {
		t.Fatal(err)
	}
}

func TestVoicemailMessages(t *testing.T) {
	ctx := context.Background()
	e, dir := newBoxEnv(t)
	b := e.setupAdmin(t)
	if res := b.do("GET", "/api/voicemail", nil); res.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /api/voicemail before SetVoicemail = %d; want 503", res.Code)
	}
	vmDir := dir.Voicemail()
	svc, err := voicemail.New(voicemail.Opts{Dir: vmDir, Mailboxes: noMailboxes{}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.SetVoicemail(svc)

	alice := store.Extension{Number: "101", Name: "Alice", OnDuty: true, Outbound: store.OutboundInternal, Voicemail: true}
	bob := store.Extension{Number: "102", Name: "Bob", OnDuty: true, Outbound: store.OutboundInternal}
	for _, x := range []*store.Extension{&alice, &bob} {
		if err := e.st.Extensions().Create(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.Mailboxes().Create(ctx, &store.Mailbox{Number: "500", ExtensionID: &bob.ID}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	older := voicemail.Message{ID: "20260101T090000Z-0badcafe", Mailbox: "101", CallerNumber: "+74951234567", Received: at, DurationMS: 2000, State: voicemail.StateNew}
	newer := voicemail.Message{ID: "20260101T100000Z-00c0ffee", Mailbox: "101", CallerNumber: "102", CallerName: "Bob", Received: at.Add(time.Hour), DurationMS: 1500, State: voicemail.StateSaved}
	storeMessage(t, vmDir, older)
	storeMessage(t, vmDir, newer)

	var boxes []voicemailBox
	b.do("GET", "/api/voicemail", nil).decode(t, &boxes)
	if len(boxes) != 2 || boxes[0].Number != "101" || boxes[0].Owner != "Alice" || boxes[0].MailboxID != nil ||
		boxes[0].New != 1 || boxes[0].Saved != 1 || boxes[1].Number != "500" || boxes[1].Owner != "Bob" || boxes[1].MailboxID == nil {
		t.Fatalf("GET /api/voicemail = %+v; want 101 Alice (1 new, 1 heard) and 500 Bob", boxes)
	}

	var msgs []voicemailMessage
	b.do("GET", "/api/voicemail/101/messages", nil).decode(t, &msgs)
	if len(msgs) != 2 || msgs[0].ID != newer.ID || msgs[1].CallerNumber != "+74951234567" || msgs[1].DurationMS != 2000 || msgs[1].State != "new" {
		t.Fatalf("messages of 101 = %+v; want the newer first", msgs)
	}

	res := b.do("GET", "/api/voicemail/101/messages/"+older.ID+"/audio", nil)
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "audio/wav" || res.Body.Len() != 44+2000*16 {
		t.Errorf("audio = %d %s, %d bytes; want a 2 s WAV", res.Code, res.Header().Get("Content-Type"), res.Body.Len())
	}
	rng := b.doWith("GET", "/api/voicemail/101/messages/"+older.ID+"/audio", nil, http.Header{"Range": {"bytes=0-3"}})
	if rng.Code != http.StatusPartialContent || rng.Body.String() != "RIFF" {
		t.Errorf("audio range 0-3 = %d %q; want 206 RIFF", rng.Code, rng.Body)
	}

	notFound := []string{
		"/api/voicemail/102/messages",                        // Bob has no voicemail and no box of that number
		"/api/voicemail/999/messages",                        // no such box
		"/api/voicemail/101/messages/..%2F..%2Fpbx.db/audio", // no path tricks
		"/api/voicemail/101/messages/20260101T090000Z-00000000/audio",
	}
	for _, p := range notFound {
		if res := b.do("GET", p, nil); res.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d %s; want 404", p, res.Code, res.Body)
		}
	}

	if res := b.do("PUT", "/api/voicemail/101/messages/"+older.ID, map[string]string{"state": "new"}); res.Code != http.StatusBadRequest || res.apiErr(t).Field != "state" {
		t.Errorf("mark new = %d %s; want 400 on state", res.Code, res.Body)
	}
	if res := b.do("PUT", "/api/voicemail/101/messages/"+older.ID, map[string]string{"state": "saved"}); res.Code != http.StatusNoContent {
		t.Fatalf("mark heard = %d %s; want 204", res.Code, res.Body)
	}
	if got, _ := svc.Messages("101"); got[0].State != voicemail.StateSaved {
		t.Errorf("after mark heard the service says %q; want saved", got[0].State)
	}

	if res := b.do("DELETE", "/api/voicemail/101/messages/"+older.ID, nil); res.Code != http.StatusNoContent {
		t.Fatalf("delete = %d %s; want 204", res.Code, res.Body)
	}
	if _, err := os.Stat(filepath.Join(vmDir, "101", older.ID+".wav")); !os.IsNotExist(err) {
		t.Errorf("the deleted message's WAV is still there: %v", err)
	}
	if res := b.do("DELETE", "/api/voicemail/101/messages/"+older.ID, nil); res.Code != http.StatusNotFound {
		t.Errorf("delete again = %d; want 404", res.Code)
	}
	if got, _ := svc.Messages("101"); len(got) != 1 || got[0].ID != newer.ID {
		t.Errorf("after delete: %+v; want only the newer message", got)
	}
}

// TestVoicemailAudioMissing: a message whose recording is gone from the
// box answers 404 saying so, rather than an empty or broken file.
func TestVoicemailAudioMissing(t *testing.T) {
	e, dir := newBoxEnv(t)
	b := e.setupAdmin(t)
	vmDir := dir.Voicemail()
	svc, err := voicemail.New(voicemail.Opts{Dir: vmDir, Mailboxes: noMailboxes{}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.SetVoicemail(svc)
	alice := store.Extension{Number: "101", Name: "Alice", OnDuty: true, Outbound: store.OutboundInternal, Voicemail: true}
	if err := e.st.Extensions().Create(context.Background(), &alice); err != nil {
		t.Fatal(err)
	}
	m := voicemail.Message{ID: "20260101T090000Z-0badcafe", Mailbox: "101", CallerNumber: "102",
		Received: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), DurationMS: 500, State: voicemail.StateNew}
	storeMessage(t, vmDir, m)
	if err := os.Remove(filepath.Join(vmDir, m.Mailbox, m.ID+".wav")); err != nil {
		t.Fatal(err)
	}
	res := b.do("GET", "/api/voicemail/101/messages/"+m.ID+"/audio", nil)
	if msg := res.apiErr(t).Error; res.Code != http.StatusNotFound || !contains(msg, "missing from the box") {
		t.Errorf("audio of a message without its recording = %d %q; want 404 saying it is missing", res.Code, msg)
	}
}
