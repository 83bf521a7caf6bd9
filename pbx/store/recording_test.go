package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestExpiredRecordings(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	day := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	calls := []CallRecord{
		{StartedAt: day, EndedAt: day.Add(time.Minute), Recording: "old.wav"},
		{StartedAt: day, EndedAt: day.Add(time.Minute)}, // not recorded
		{StartedAt: day.AddDate(0, 0, 10), EndedAt: day.AddDate(0, 0, 10), Recording: "new.wav"},
	}
	for i := range calls {
		calls[i].Direction, calls[i].Cause = "inbound", "normal"
		if err := s.CallRecords().Create(ctx, &calls[i]); err != nil {
			t.Fatal(err)
		}
	}
	names := func(before time.Time) []string {
		t.Helper()
		recs, err := s.ExpiredRecordings(ctx, before)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			out = append(out, r.Recording)
		}
		return out
	}
	if got := names(day.AddDate(0, 0, 5)); !slices.Equal(got, []string{"old.wav"}) {
		t.Fatalf("ExpiredRecordings(day+5) = %q; want [old.wav]", got)
	}
	if err := s.ForgetRecording(ctx, calls[2].ID, "other.wav"); err != nil {
		t.Fatal(err)
	}
	if err := s.ForgetRecording(ctx, calls[0].ID, "old.wav"); err != nil {
		t.Fatal(err)
	}
	if got := names(day.AddDate(1, 0, 0)); !slices.Equal(got, []string{"new.wav"}) {
		t.Fatalf("after ForgetRecording, ExpiredRecordings(+1 year) = %q; want [new.wav]", got)
	}
	if r, err := s.CallRecords().Get(ctx, calls[0].ID); err != nil || r.Recording != "" {
		t.Fatalf("forgotten record: %q, %v; want no recording", r.Recording, err)
	}
}

func TestRecordingNameIsAFileInTheFolder(t *testing.T) {
	s := openTemp(t)
	for _, name := range []string{"../pbx.db", "a/b.wav", ".hidden.wav", "call.mp3", "/etc/passwd"} {
		r := CallRecord{Direction: "inbound", Recording: name}
		var fe *FieldError
		if err := s.CallRecords().Create(context.Background(), &r); !errors.As(err, &fe) || fe.Field != "recording" {
			t.Errorf("Create with recording %q = %v; want a field error on recording", name, err)
		}
	}
}

func TestRecordingRetention(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if days, err := s.RecordingRetention(ctx); err != nil || days != DefaultRecordingRetentionDays {
		t.Fatalf("unset: %d, %v; want %d", days, err, DefaultRecordingRetentionDays)
	}
	if err := s.PutSetting(ctx, RecordingRetentionSetting, 7); err != nil {
		t.Fatal(err)
	}
	if days, err := s.RecordingRetention(ctx); err != nil || days != 7 {
		t.Fatalf("set to 7: %d, %v", days, err)
	}
	for _, bad := range []any{-1, MaxRecordingRetentionDays + 1, "soon"} {
		if err := s.PutSetting(ctx, RecordingRetentionSetting, bad); err != nil {
			t.Fatal(err)
		}
		if days, err := s.RecordingRetention(ctx); err == nil {
			t.Errorf("setting %v: %d days, no error; want one", bad, days)
		}
	}
}
