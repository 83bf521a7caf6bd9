package recording

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// Records is what retention needs of the call records (*store.Store has
// it).
type Records interface {
	// RecordingRetention returns how many days recordings are kept; 0
	// keeps them.
	RecordingRetention(ctx context.Context) (int, error)
	// ExpiredRecordings returns the records, ID and Recording, of calls
	// that ended before before and still link a recording.
	ExpiredRecordings(ctx context.Context, before time.Time) ([]store.CallRecord, error)
	// ForgetRecording unlinks recording name from call record id.
	ForgetRecording(ctx context.Context, id int64, name string) error
}

// Expire deletes from the folder dir the recordings of calls that ended
// more than the retention's days before now, and unlinks them from their
// call records. It returns how many it deleted. A file already gone is
// unlinked all the same; a file that cannot be deleted stays linked, so
// that the next run tries again.
func Expire(ctx context.Context, recs Records, dir string, now time.Time) (int, error) {
	days, err := recs.RecordingRetention(ctx)
	if err != nil {
		return 0, fmt.Errorf("recording: retention: %w", err)
	}
	if days == 0 {
		return 0, nil
	}
	expired, err := recs.ExpiredRecordings(ctx, now.AddDate(0, 0, -days))
	if err != nil {
		return 0, fmt.Errorf("recording: %w", err)
	}
	deleted := 0
	var errs []error
	for _, r := range expired {
		if filepath.Base(r.Recording) != r.Recording { // the store refuses these; never leave the folder
			errs = append(errs, fmt.Errorf("recording: call %d links %q, not a file of the recordings folder", r.ID, r.Recording))
			continue
		}
		err := os.Remove(filepath.Join(dir, r.Recording))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("recording: %w", err))
			continue
		}
		if err == nil {
			deleted++
		}
		if err := recs.ForgetRecording(ctx, r.ID, r.Recording); err != nil {
			errs = append(errs, fmt.Errorf("recording: %w", err))
		}
	}
	return deleted, errors.Join(errs...)
}

// RemoveParts deletes the temporary files of recordings that a crash or a
// power cut left unfinished in the folder dir, and returns how many. Call
// it before any call is recorded.
func RemoveParts(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("recording: %w", err)
	}
	n := 0
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".wav"+partSuffix) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return n, fmt.Errorf("recording: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// ExpireEvery runs Expire at once and then every interval until ctx is
// done, logging what it deletes and what fails.
func ExpireEvery(ctx context.Context, recs Records, dir string, interval time.Duration, now func() time.Time, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := Expire(ctx, recs, dir, now())
		if n > 0 {
			log.Info("recording: deleted recordings past their retention", "count", n)
		}
		if err != nil && ctx.Err() == nil {
			log.Error("recording: retention", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
