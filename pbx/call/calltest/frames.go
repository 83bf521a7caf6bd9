package calltest

import (
	"context"
	"io"
	"sync"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// Source is a call.FrameSource that plays Frames once, then io.EOF. It is
// not safe for concurrent use.
type Source struct {
	Frames []call.Frame
	n      int
}

// ReadFrame implements call.FrameSource.
func (s *Source) ReadFrame(f *call.Frame) error {
	if s.n == len(s.Frames) {
		return io.EOF
	}
	*f = s.Frames[s.n]
	s.n++
	return nil
}

// Played returns how many frames were read.
func (s *Source) Played() int { return s.n }

// Sink is a call.FrameSink that keeps every frame. It is safe for
// concurrent use.
type Sink struct {
	mu     sync.Mutex
	frames []call.Frame
}

// WriteFrame implements call.FrameSink.
func (s *Sink) WriteFrame(f *call.Frame) error {
	s.mu.Lock()
	s.frames = append(s.frames, *f)
	s.mu.Unlock()
	return nil
}

// Frames returns the frames written so far.
func (s *Sink) Frames() []call.Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call.Frame(nil), s.frames...)
}

// Tone returns a frame whose every sample is v: easy to tell apart.
func Tone(v int16) call.Frame {
	var f call.Frame
	for i := range f {
		f[i] = v
	}
	return f
}

// Records is an in-memory call.CallRecords. It is safe for concurrent use.
type Records struct {
	mu   sync.Mutex
	recs []store.CallRecord
}

// Create implements call.CallRecords.
func (r *Records) Create(ctx context.Context, rec *store.CallRecord) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec.ID = int64(len(r.recs) + 1)
	r.recs = append(r.recs, *rec)
	return nil
}

// All returns the records stored so far, in order.
func (r *Records) All() []store.CallRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]store.CallRecord(nil), r.recs...)
}
