package main

import (
	"context"
	"log/slog"
)

// hardwareStart opens the board's hardware (openHardware) in the
// background from pbxd's first moment: an FXS SLIC's calibration takes
// about 3 s, which then passes while the store opens and the parts that
// need no hardware are built, instead of before them. The modems wait for
// their SIM PINs (setPINs), which come from the store.
type hardwareStart struct {
	cancel  context.CancelFunc
	done    chan struct{} // closed when openHardware returned
	pinsSet chan struct{} // closed by setPINs
	pins    map[int]string
	stack   stopStack // the stops of what openHardware started
	log     *slog.Logger
	hw      *hardware
	err     error
}

// startHardware starts opening board's hardware; wait returns it, stop
// stops it (or the opening under way) and logs each part it stops on log.
func startHardware(ctx context.Context, board string, log *slog.Logger) *hardwareStart {
	ctx, cancel := context.WithCancel(ctx)
	h := &hardwareStart{cancel: cancel, done: make(chan struct{}), pinsSet: make(chan struct{}), log: log}
	hwlog := log.With("part", "hardware")
	go func() {
		defer close(h.done)
		h.hw, h.err = openHardware(ctx, &h.stack, board, func() map[int]string {
			select {
			case <-h.pinsSet:
				return h.pins
			case <-ctx.Done():
				return nil
			}
		}, hwlog)
	}()
	return h
}

// setPINs hands the SIM PINs by GSM module number to the modems waiting
// for them. Call it once.
func (h *hardwareStart) setPINs(pins map[int]string) {
	h.pins = pins
	close(h.pinsSet)
}

// wait returns the opened hardware once every module opened or failed.
func (h *hardwareStart) wait() (*hardware, error) {
	<-h.done
	return h.hw, h.err
}

// stop ends an opening still under way (modems waiting for their PINs
// give up), then stops what was opened, last first.
func (h *hardwareStart) stop(ctx context.Context) error {
	h.cancel()
	<-h.done
	return h.stack.stop(ctx, h.log)
}
