package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Call recordings: CallRecord.Recording names a WAV file in the data
// directory's recordings folder; the retention setting says how long it is
// kept.

// RecordingRetentionSetting is the settings key holding how many days call
// recordings are kept, a JSON integer; 0 keeps them until deleted by hand.
// Unset, DefaultRecordingRetentionDays applies.
const RecordingRetentionSetting = "recording_retention_days"

// DefaultRecordingRetentionDays is how long recordings are kept when the
// retention setting is unset, in days.
const DefaultRecordingRetentionDays = 90

// MaxRecordingRetentionDays is the longest retention the setting takes:
// ten years.
const MaxRecordingRetentionDays = 3650

// CheckRecordingRetention checks a retention in days.
func CheckRecordingRetention(days int) error {
	if days < 0 || days > MaxRecordingRetentionDays {
		return Invalid("settings", "value", fmt.Sprintf(
			"a recording retention of %d days is out of range: give 1 to %d days, or 0 to keep recordings until deleted", days, MaxRecordingRetentionDays))
	}
	return nil
}

// RecordingRetention returns how many days recordings are kept: the
// setting, or DefaultRecordingRetentionDays when it is unset.
func (s *Store) RecordingRetention(ctx context.Context) (int, error) {
	var raw json.RawMessage
	err := s.GetSetting(ctx, RecordingRetentionSetting, &raw)
	if errors.Is(err, ErrNotFound) {
		return DefaultRecordingRetentionDays, nil
	}
	if err != nil {
		return 0, err
	}
	var days int
	if err := json.Unmarshal(raw, &days); err != nil {
		return 0, fmt.Errorf("store: setting %s: %s is not a whole number of days", RecordingRetentionSetting, raw)
	}
	if err := CheckRecordingRetention(days); err != nil {
		return 0, err
	}
	return days, nil
}

// checkRecordingName checks a CallRecord.Recording: empty, or a plain
// .wav file name, never a path.
func checkRecordingName(name string) error {
	if name == "" {
		return nil
	}
	if len(name) > 200 || filepath.Base(name) != name || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".wav") {
		return Invalid("call_records", "recording", fmt.Sprintf("%q is not the name of a .wav file in the recordings folder", name))
	}
	return nil
}

// ExpiredRecordings returns the call records whose recordings are due for
// deletion: those of calls that ended before before. Only ID and
// Recording are filled.
func (s *Store) ExpiredRecordings(ctx context.Context, before time.Time) ([]CallRecord, error) {
	rows, err := s.r.QueryContext(ctx,
		"SELECT id, recording FROM call_records WHERE recording != '' AND ended_at < ? ORDER BY id", before.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("store: expired recordings: %w", err)
	}
	defer rows.Close()
	var out []CallRecord
	for rows.Next() {
		var r CallRecord
		if err := rows.Scan(&r.ID, &r.Recording); err != nil {
			return nil, fmt.Errorf("store: expired recordings: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: expired recordings: %w", err)
	}
	return out, nil
}

// ForgetRecording unlinks the recording name from call record id, once its
// file is gone. A record that links another file, or none, is left as it
// is.
func (s *Store) ForgetRecording(ctx context.Context, id int64, name string) error {
	return s.write(ctx, false, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE call_records SET recording = '' WHERE id = ? AND recording = ?", id, name); err != nil {
			return fmt.Errorf("store: forget recording of call %d: %w", id, err)
		}
		return nil
	})
}
