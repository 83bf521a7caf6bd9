package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hookflash/firmware/pbx/store"
)

// fakeSource is a ScheduleSource over a map.
type fakeSource struct {
	mu   sync.Mutex
	rows map[int64]store.Schedule
}

func (f *fakeSource) Schedule(_ context.Context, id int64) (store.Schedule, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	row, ok := f.rows[id]
	if !ok {
		return store.Schedule{}, fmt.Errorf("store: schedules %d: %w", id, store.ErrNotFound)
	}
	return row, nil
}

func (f *fakeSource) put(row store.Schedule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rows[row.ID] = row
}

func TestService(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := &fakeSource{rows: map[int64]store.Schedule{}}
	src.put(store.Schedule{ID: 1, Name: "Office", TimeZone: "Europe/Moscow", Document: json.RawMessage(office)})
	src.put(store.Schedule{ID: 2, Name: "Broken", TimeZone: "Europe/Moscow",
		Document: json.RawMessage(`{"intervals": [{"name": "working", "ranges": [{"days": ["mon"], "from": "09:00", "to": "25:00"}]}]}`)})
	svc := NewService(src)

	jan1 := at("Europe/Moscow", "2026-01-01 10:00")
	monday := at("Europe/Moscow", "2026-02-02 10:00")
	got, err := svc.IntervalAt(ctx, 1, monday)
	if err != nil || got != "working" {
		t.Errorf("IntervalAt(1, Monday 10:00) = %q, %v; want working", got, err)
	}
	got, err = svc.IntervalAt(ctx, 1, jan1)
	if err != nil || got != "non-working" {
		t.Errorf("IntervalAt(1, 1 January 10:00) = %q, %v; want non-working", got, err)
	}

	_, err = svc.IntervalAt(ctx, 99, monday)
	if !errors.Is(err, store.ErrNotFound) || !strings.HasPrefix(err.Error(), "schedule: load schedule 99: ") {
		t.Errorf("IntervalAt(99) = %v; want a wrapped store.ErrNotFound", err)
	}

	_, err = svc.IntervalAt(ctx, 2, monday)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "intervals[0].ranges[0].to" ||
		err.Error() != `schedule: schedule 2 "Broken": intervals[0].ranges[0].to: 25:00 is not a time of day (HH:MM, 00:00 to 23:59 or 24:00)` {
		t.Errorf("IntervalAt(2) = %v; want the field error naming the schedule", err)
	}

	// A saved change applies to the next call.
	changed := strings.Replace(office, `"from": "09:00", "to": "18:00"`, `"from": "11:00", "to": "18:00"`, 1)
	src.put(store.Schedule{ID: 1, Name: "Office", TimeZone: "Europe/Moscow", Document: json.RawMessage(changed)})
	got, err = svc.IntervalAt(ctx, 1, monday)
	if err != nil || got != "non-working" {
		t.Errorf("after the change IntervalAt(1, Monday 10:00) = %q, %v; want non-working", got, err)
	}
	src.put(store.Schedule{ID: 1, Name: "Office", TimeZone: "Asia/Yekaterinburg", Document: json.RawMessage(changed)})
	if _, err := svc.IntervalAt(ctx, 1, monday); err == nil {
		t.Errorf("IntervalAt with the row's zone differing from the document's = nil error")
	}
}

func TestServiceConcurrent(t *testing.T) {
	t.Parallel()
	src := SourceFunc(func(_ context.Context, id int64) (store.Schedule, error) {
		return store.Schedule{ID: id, Name: "s", TimeZone: "Europe/Warsaw", Document: json.RawMessage(warsaw)}, nil
	})
	svc := NewServiceWith(src, EmbeddedCalendars())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			got, err := svc.IntervalAt(t.Context(), int64(i%3), at("Europe/Warsaw", "2026-04-06 10:00"))
			if err != nil || got != "non-working" {
				t.Errorf("IntervalAt = %q, %v; want non-working", got, err)
			}
		})
	}
	wg.Wait()
}
