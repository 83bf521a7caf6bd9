package webui

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/recording"
	"github.com/hookflash/firmware/pbx/store"
)

// TestCallRecording: a recording the box made is served to a logged-in
// admin as it is on disk, and only to one; a call without a recording, a
// deleted file and a box without a recordings folder each get an answer
// that says so.
func TestCallRecording(t *testing.T) {
	t.Parallel()
	e, data := newBoxEnv(t)
	b := e.setupAdmin(t)
	ctx := context.Background()
	dir := data.Recordings()

	started := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	w, err := recording.Create(dir, "c1", started)
	if err != nil {
		t.Fatal(err)
	}
	f := call.Frame{}
	for i := range f {
		f[i] = int16(i * 100)
	}
	for range 50 {
		w.Tapped(true, &f)
		w.Tapped(false, &f)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recorded := store.CallRecord{StartedAt: started, EndedAt: started.Add(time.Minute), Direction: "inbound", Cause: "normal", Recording: w.Name()}
	plain := store.CallRecord{StartedAt: started, EndedAt: started, Direction: "inbound", Cause: "normal"}
	deleted := store.CallRecord{StartedAt: started, EndedAt: started, Direction: "inbound", Cause: "normal", Recording: "gone.wav"}
	for _, r := range []*store.CallRecord{&recorded, &plain, &deleted} {
		if err := e.st.CallRecords().Create(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	url := func(id int64) string { return fmt.Sprintf("/api/calls/%d/recording", id) }

	noData := newTestEnv(t)
	if err := noData.st.CallRecords().Create(ctx, &store.CallRecord{StartedAt: started, EndedAt: started,
		Direction: "inbound", Cause: "normal", Recording: w.Name()}); err != nil {
		t.Fatal(err)
	}
	if res := noData.setupAdmin(t).do("GET", url(1), nil); res.Code != http.StatusServiceUnavailable {
		t.Fatalf("without a recordings folder: %d %s; want 503", res.Code, res.Body)
	}

	res := b.do("GET", url(recorded.ID), nil)
	want, _ := os.ReadFile(filepath.Join(dir, w.Name()))
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "audio/wav" || !bytes.Equal(res.Body.Bytes(), want) || len(want) != 44+50*4*call.FrameSamples {
		t.Fatalf("GET %s: %d %s, %d bytes; want 200 audio/wav with the %d bytes of the file", url(recorded.ID), res.Code,
			res.Header().Get("Content-Type"), res.Body.Len(), len(want))
	}
	var view callView
	b.do("GET", fmt.Sprintf("/api/calls/%d", recorded.ID), nil).decode(t, &view)
	if !view.Recorded {
		t.Errorf("GET /api/calls/%d: recorded = false; want true", recorded.ID)
	}

	for _, c := range []struct {
		id   int64
		code int
		says string
	}{
		{plain.ID, http.StatusNotFound, "has no recording"},
		{deleted.ID, http.StatusNotFound, "missing from the box"},
		{999, http.StatusNotFound, "999"},
	} {
		res := b.do("GET", url(c.id), nil)
		if res.Code != c.code || !strings.Contains(res.apiErr(t).Error, c.says) {
			t.Errorf("GET %s: %d %s; want %d saying %q", url(c.id), res.Code, res.Body, c.code, c.says)
		}
	}
	if res := e.browser(t, "").do("GET", url(recorded.ID), nil); res.Code != http.StatusUnauthorized {
		t.Errorf("without a session: %d; want 401", res.Code)
	}
}

// TestRecordingRetentionSetting: the retention is whole days in range.
func TestRecordingRetentionSetting(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.setupAdmin(t)
	var info settingInfo
	b.do("GET", "/api/settings/"+store.RecordingRetentionSetting, nil).decode(t, &info)
	if !info.Default || info.Value != float64(store.DefaultRecordingRetentionDays) {
		t.Errorf("unset: %+v; want the default %d days", info, store.DefaultRecordingRetentionDays)
	}
	for _, c := range []struct {
		value any
		code  int
		says  string
	}{
		{30, 200, ""},
		{0, 200, ""},
		{-1, 400, "out of range"},
		{store.MaxRecordingRetentionDays + 1, 400, "out of range"},
		{"a month", 400, "whole number of days"},
		{1.5, 400, "whole number of days"},
	} {
		res := b.do("PUT", "/api/settings/"+store.RecordingRetentionSetting, map[string]any{"value": c.value})
		if res.Code != c.code || c.says != "" && !strings.Contains(res.apiErr(t).Error, c.says) {
			t.Errorf("PUT %v: %d %s; want %d saying %q", c.value, res.Code, res.Body, c.code, c.says)
		}
	}
	if days, err := e.st.RecordingRetention(context.Background()); err != nil || days != 0 {
		t.Errorf("stored retention = %d, %v; want 0", days, err)
	}
}
