package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
)

// stopStack holds the stop functions of started parts; stop runs them last
// started, first stopped.
type stopStack struct {
	parts []part
}

type part struct {
	name string
	stop func(context.Context) error
}

func (s *stopStack) push(name string, stop func(context.Context) error) {
	s.parts = append(s.parts, part{name, stop})
}

// stop stops every part in reverse order. Parts share ctx's deadline; a part
// that overruns it is reported and the rest still get their turn.
func (s *stopStack) stop(ctx context.Context, log *slog.Logger) error {
	var errs []error
	for i := len(s.parts) - 1; i >= 0; i-- {
		p := s.parts[i]
		if err := p.stop(ctx); err != nil {
			log.Error("stop failed", "part", p.name, "err", err)
			errs = append(errs, fmt.Errorf("pbxd: stop %s: %w", p.name, err))
			continue
		}
		log.Info("stopped", "part", p.name)
	}
	s.parts = nil
	return errors.Join(errs...)
}

// multiWriter writes each record to every writer, ignoring a console that
// went away: the log ring must keep the line.
type multiWriter []io.Writer

func (m multiWriter) Write(p []byte) (int, error) {
	for _, w := range m {
		w.Write(p)
	}
	return len(p), nil
}
