package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/schedule"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/webui"
)

// offlineDryRun returns the web UI's dry-run handler over a scenario
// engine loaded from st, for a box whose pbxd is stopped: the same
// configuration, schedules and validation as pbxd's engine, and its dial
// plan for transfers to numbers that are not extensions. close releases
// it.
func offlineDryRun(ctx context.Context, st *store.Store, log *slog.Logger) (h http.Handler, close func(), err error) {
	cfg, err := st.Export(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("dry run: %w", err)
	}
	rev, err := st.Revision(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("dry run: %w", err)
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	plan, err := dialplan.New(ctx, st, &dialplan.Opts{Logger: quiet})
	if err != nil {
		return nil, nil, fmt.Errorf("dry run: %w", err)
	}
	eng := scenario.New(scenario.Opts{
		Transfers: plan,
		Schedules: schedule.NewService(schedule.SourceFunc(func(ctx context.Context, id int64) (store.Schedule, error) {
			return st.Schedules().Get(ctx, id)
		})),
		// What a real call would log (a prompt that cannot play) is
		// the trace's to tell; only failures are worth stderr.
		Logger: quiet,
	})
	eng.Load(ctx, cfg, rev)
	ui, err := webui.New(webui.Options{Store: st, Logger: log})
	if err != nil {
		return nil, nil, fmt.Errorf("dry run: %w", err)
	}
	ui.SetDryRun(eng.DryRun)
	return ui.DryRunHandler(), ui.Close, nil
}
