package schedule

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// ScheduleSource gives a schedule's store row by its ID; a missing schedule
// is an error that wraps store.ErrNotFound. *store.Store fits through a
// two-line adapter around Schedules().Get, or SourceFunc.
type ScheduleSource interface {
	Schedule(ctx context.Context, id int64) (store.Schedule, error)
}

// SourceFunc adapts a function to ScheduleSource.
type SourceFunc func(ctx context.Context, id int64) (store.Schedule, error)

// Schedule calls f.
func (f SourceFunc) Schedule(ctx context.Context, id int64) (store.Schedule, error) {
	return f(ctx, id)
}

// Service answers which interval a schedule is in, for the scenario engine.
// It reads the schedule from its source on every call, so a saved change
// applies to the next call, and keeps the compiled form of the last version
// it saw of each schedule. It is safe for concurrent use.
type Service struct {
	src ScheduleSource
	cal *Calendars

	mu    sync.Mutex
	cache map[int64]cached
}

type cached struct {
	zone string
	doc  []byte
	s    *Schedule
}

// NewService returns a service over st with the embedded holiday calendars.
func NewService(st ScheduleSource) *Service {
	return NewServiceWith(st, EmbeddedCalendars())
}

// NewServiceWith returns a service over st with calendars cal (a test's own,
// for example).
func NewServiceWith(st ScheduleSource, cal *Calendars) *Service {
	return &Service{src: st, cal: cal, cache: map[int64]cached{}}
}

// Calendars returns the holiday calendars the service uses.
func (s *Service) Calendars() *Calendars { return s.cal }

// Schedule returns the compiled schedule with id, reading its current row.
func (s *Service) Schedule(ctx context.Context, id int64) (*Schedule, error) {
	row, err := s.src.Schedule(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("schedule: load schedule %d: %w", id, err)
	}
	s.mu.Lock()
	c, ok := s.cache[id]
	s.mu.Unlock()
	if ok && c.zone == row.TimeZone && bytes.Equal(c.doc, row.Document) {
		return c.s, nil
	}
	sch, err := FromStore(row, s.cal)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			named := *fe
			named.Schedule = fmt.Sprintf("schedule %d %q", id, row.Name)
			return nil, &named
		}
		return nil, fmt.Errorf("schedule: schedule %d %q: %w", id, row.Name, err)
	}
	s.mu.Lock()
	s.cache[id] = cached{zone: row.TimeZone, doc: bytes.Clone(row.Document), s: sch}
	s.mu.Unlock()
	return sch, nil
}

// IntervalAt returns the name of the interval that schedule id is in at t.
func (s *Service) IntervalAt(ctx context.Context, scheduleID int64, t time.Time) (string, error) {
	sch, err := s.Schedule(ctx, scheduleID)
	if err != nil {
		return "", err
	}
	return sch.IntervalAt(t), nil
}
