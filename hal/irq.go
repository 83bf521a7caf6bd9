package hal

import (
	"context"
	"fmt"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// EdgeWait is how long one WaitForEdge of WatchIRQ waits before it looks
// again whether it was stopped; stop's Halt usually ends the wait sooner.
const EdgeWait = time.Second

// WatchIRQ configures pin as the input of a chip's open-drain, active-low
// interrupt output (pull-up, falling edge) and watches it until ctx is
// done: each edge becomes a value on the returned channel, which holds one
// pending edge (later edges merge into it, so the receiver must service
// every source it finds). stop ends the watch and waits for its goroutine;
// the caller must call it, also when ctx is done. Drivers call WatchIRQ
// from their Run.
func WatchIRQ(ctx context.Context, pin gpio.PinIn) (edges <-chan struct{}, stop func(), err error) {
	if err := pin.In(gpio.PullUp, gpio.FallingEdge); err != nil {
		return nil, nil, fmt.Errorf("hal: interrupt pin %s: %w", pin, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			if !pin.WaitForEdge(EdgeWait) {
				continue
			}
			select {
			case ch <- struct{}{}:
			default: // an edge is already pending
			}
		}
	})
	return ch, func() {
		cancel()
		pin.Halt() // wakes the WaitForEdge in progress
		wg.Wait()
	}, nil
}
