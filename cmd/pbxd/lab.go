package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/hookflash/firmware/pbx/lab"
)

// startLab runs the simulated world's phones, exchange and network (pbx/lab)
// on the simulated board and returns its API for the web UI; on a real
// board it returns nil.
func startLab(stack *stopStack, hw *hardware, log *slog.Logger) (http.Handler, error) {
	if hw.world == nil {
		return nil, nil
	}
	l, err := lab.New(hw.world, &lab.Opts{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Run(ctx)
	}()
	stack.push("lab", func(context.Context) error { stop(); <-done; return l.Close() })
	return l.Handler(), nil
}
