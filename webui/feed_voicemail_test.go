package webui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/voicemail"
)

// TestFeedVoicemailTopic: a feed on the voicemail topic starts with the
// mailboxes and their counts, then sends them again each time a message
// comes, is heard or goes, and once for a new mailbox; nothing in
// between.
func TestFeedVoicemailTopic(t *testing.T) {
	t.Parallel()
	e, dir := newBoxEnv(t, func(o *Options) { o.TelephonyPeriod = 10 * time.Millisecond })
	b := e.setupAdmin(t)
	svc, err := voicemail.New(voicemail.Opts{Dir: dir.Voicemail(), Mailboxes: noMailboxes{}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.SetVoicemail(svc)
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "101", "name": "Anna", "voicemail": true})
	srv := httptest.NewServer(e.srv.Handler())
	defer srv.Close()
	conn, _, err := dialTopics(t, srv, sessionCookie+"="+b.cookies[sessionCookie].Value, "topics=voicemail")
	if err != nil {
		t.Fatal(err)
	}
	// boxes reads events up to the next voicemail one, skipping revisions.
	boxes := func() string {
		t.Helper()
		for {
			typ, data := readEvent(t, conn)
			if typ == "revision" {
				continue
			}
			if typ != "voicemail" {
				t.Fatalf("feed sent %s; want only voicemail and revision events: %s", typ, data)
			}
			var ev voicemailEvent
			if err := json.Unmarshal(data, &ev); err != nil {
				t.Fatal(err)
			}
			s := ""
			for _, b := range ev.Boxes {
				s += fmt.Sprintf("%s %s %d/%d;", b.Number, b.Owner, b.New, b.Saved)
			}
			return s
		}
	}
	if got, want := boxes(), "101 Anna 0/0;"; got != want {
		t.Fatalf("first voicemail event = %q; want %q", got, want)
	}
	m := voicemail.Message{ID: "20260101T090000Z-0badcafe", Mailbox: "101", CallerNumber: "+74951234567",
		Received: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), DurationMS: 1000, State: voicemail.StateNew}
	storeMessage(t, dir.Voicemail(), m)
	if got, want := boxes(), "101 Anna 1/0;"; got != want {
		t.Fatalf("voicemail event after a message came = %q; want %q", got, want)
	}
	if res := b.do("PUT", "/api/voicemail/101/messages/"+m.ID, map[string]string{"state": "saved"}); res.Code != http.StatusNoContent {
		t.Fatalf("mark heard: %d %s", res.Code, res.Body)
	}
	if got, want := boxes(), "101 Anna 0/1;"; got != want {
		t.Fatalf("voicemail event after it was heard = %q; want %q", got, want)
	}
	mustCreate(t, b, "/api/extensions", map[string]any{"number": "102", "name": "Boris", "voicemail": true})
	if got, want := boxes(), "101 Anna 0/1;102 Boris 0/0;"; got != want {
		t.Fatalf("voicemail event after a new mailbox = %q; want %q", got, want)
	}
	if res := b.do("DELETE", "/api/voicemail/101/messages/"+m.ID, nil); res.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Code, res.Body)
	}
	if got, want := boxes(), "101 Anna 0/0;102 Boris 0/0;"; got != want {
		t.Fatalf("voicemail event after it was deleted = %q; want %q", got, want)
	}
}

// TestVoicemailFolders: the folders' stamp moves when a message's file
// comes into a box or a box comes, says a change is recent, and is empty
// without a data directory, so that the messages are then always read.
func TestVoicemailFolders(t *testing.T) {
	t.Parallel()
	e, dir := newBoxEnv(t)
	before, _ := e.srv.voicemailFolders()
	if before == "" {
		t.Fatal("voicemailFolders with a data directory = \"\"; want a stamp")
	}
	storeMessage(t, dir.Voicemail(), voicemail.Message{ID: "20260101T090000Z-0badcafe", Mailbox: "101",
		Received: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), DurationMS: 1000, State: voicemail.StateNew})
	after, recent := e.srv.voicemailFolders()
	if after == before || !recent {
		t.Errorf("voicemailFolders after a new box and message = %q, recent %v; want it moved from %q and recent", after, recent, before)
	}
	bare := newTestEnv(t)
	if sig, recent := bare.srv.voicemailFolders(); sig != "" || recent {
		t.Errorf("voicemailFolders without a data directory = %q, %v; want \"\", false", sig, recent)
	}
}
