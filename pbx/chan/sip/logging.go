package sip

import (
	"context"
	"log/slog"
)

// quietHandler passes sipgo's log records on at debug level: sipgo logs
// every unparsable datagram and every peer's mistake as an error, and a
// flood of garbage must not flood the box's log. The channel logs what an
// admin needs itself.
type quietHandler struct{ h slog.Handler }

func (q quietHandler) Enabled(ctx context.Context, _ slog.Level) bool {
	return q.h.Enabled(ctx, slog.LevelDebug)
}

func (q quietHandler) Handle(ctx context.Context, r slog.Record) error {
	r.Level = slog.LevelDebug
	return q.h.Handle(ctx, r)
}

func (q quietHandler) WithAttrs(as []slog.Attr) slog.Handler { return quietHandler{q.h.WithAttrs(as)} }
func (q quietHandler) WithGroup(n string) slog.Handler       { return quietHandler{q.h.WithGroup(n)} }
