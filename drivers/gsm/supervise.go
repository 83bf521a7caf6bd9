package gsm

import (
	"context"
	"errors"
	"time"
)

// sweepEvery is how often an idle modem's storage is swept for messages
// that no +CMTI announced (a report lost in a reboot, messages the network
// delivered while the memory was full).
const sweepEvery = 2 * time.Minute

// Supervise watches the modem until ctx ends or the Dev closes: a probe
// (AT within ProbeTimeout, or the AT+CLCC poll during a call) every
// Heartbeat (CallPoll during a call) and, after HeartbeatMisses probes in a
// row timed out, the recovery (see recover). A probe that missed is
// repeated at once rather than after another Heartbeat, which bounds the
// detection of a dead modem (see Opts.HeartbeatMisses). Probes queue
// behind the commands under way like any command, so a modem busy with a
// long one is not probed, and a probe answered with an error counts as
// alive. Call it once, after Init; it returns ctx.Err() or ErrClosed.
func (d *Dev) Supervise(ctx context.Context) error {
	misses := 0
	lastSweep := time.Now()
	for {
		interval := d.o.Heartbeat
		if d.inCall() {
			interval = d.o.CallPoll
		}
		if misses > 0 {
			interval = 0 // confirm the miss at once
		}
		// A restart reported meanwhile goes first: a probe would take the
		// rebooted modem's empty call list for the far end hanging up.
		select {
		case <-d.bootKick:
			misses = 0
			if err := d.restarted(ctx); err != nil {
				return err
			}
			continue
		default:
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-d.done:
			t.Stop()
			return ErrClosed
		case <-d.callKick:
			// A call began: re-arm with CallPoll.
			t.Stop()
			continue
		case <-d.bootKick:
			t.Stop()
			misses = 0
			if err := d.restarted(ctx); err != nil {
				return err
			}
			continue
		case <-t.C:
		}
		var err error
		if d.inCall() {
			err = d.pollCalls(ctx)
		} else {
			_, err = d.eng.exec(ctx, command{line: "AT"}, nil, d.o.ProbeTimeout)
			if err == nil && time.Since(lastSweep) >= sweepEvery {
				lastSweep = time.Now()
				d.kickRecv()
			}
		}
		switch {
		case err == nil:
			misses = 0
			continue
		case errors.Is(err, ErrClosed):
			return ErrClosed
		case ctx.Err() != nil:
			return ctx.Err()
		case !errors.Is(err, ErrTimeout):
			misses = 0 // it answered, if with an error
			continue
		}
		if misses++; misses < d.o.HeartbeatMisses {
			d.log.Debug("gsm: probe not answered; trying again at once", "misses", misses, "err", err)
			continue
		}
		misses = 0
		if err := d.recover(ctx, err); err != nil {
			return err
		}
	}
}

// restarted handles a modem that restarted by itself and lost its
// settings and calls: the calls fail, and it is set up again, or recovered
// if that fails.
func (d *Dev) restarted(ctx context.Context) error {
	d.failCalls(errors.New("gsm: the modem restarted"))
	if !d.waitAT(ctx, d.o.BootWait) || d.init(ctx) != nil {
		return d.recover(ctx, errors.New("gsm: the modem restarted and the start-up failed"))
	}
	return nil
}

// recover brings a modem that stopped answering back, escalating: run the
// start-up again; restart it with AT+CFUN=1,1 (27.007 8.2: full
// functionality with reset); pulse RESET_N; power-cycle it with PWRKEY.
// Calls in flight are reported failed at once; queued SMS stay queued. It
// repeats the escalation until a step works, ctx ends or the Dev closes.
func (d *Dev) recover(ctx context.Context, cause error) error {
	d.setUp(false)
	d.emit(Event{Kind: EventModemDown, Err: cause})
	d.failCalls(cause)
	steps := []struct {
		name string
		do   func(context.Context) error
	}{
		{"re-init", nil},
		{"AT+CFUN=1,1", func(ctx context.Context) error {
			// A modem whose parser still works restarts even if its
			// answer is lost, so only a closed port or ctx fail the step.
			_, err := d.eng.exec(ctx, command{line: "AT+CFUN=1,1"}, nil, d.o.CommandTimeout)
			if errors.Is(err, ErrClosed) {
				return err
			}
			sleep(ctx, 2*time.Second) // it answers OK, then restarts
			return ctx.Err()
		}},
		{"reset line", func(ctx context.Context) error {
			if err := d.resetPulse(ctx); err != nil {
				return err
			}
			sleep(ctx, 2*time.Second)
			return ctx.Err()
		}},
		{"power cycle", d.powerCycle},
	}
	for {
		for _, s := range steps {
			if s.do != nil {
				d.mu.Lock()
				d.expectBoot = true // the RDY that follows is ours
				d.mu.Unlock()
				if err := s.do(ctx); err != nil {
					d.log.Warn("gsm: recovery step failed", "step", s.name, "err", err)
					if errors.Is(err, ErrClosed) || ctx.Err() != nil {
						return d.stopErr(ctx, err)
					}
					continue
				}
				if !d.waitAT(ctx, d.o.BootWait) {
					if err := d.stopErr(ctx, nil); err != nil {
						return err
					}
					continue
				}
			}
			if err := d.init(ctx); err != nil {
				d.log.Warn("gsm: start-up after recovery step failed", "step", s.name, "err", err)
				if errors.Is(err, ErrClosed) || ctx.Err() != nil {
					return d.stopErr(ctx, err)
				}
				continue
			}
			d.emit(Event{Kind: EventModemUp, Text: s.name})
			d.setUp(true)
			return nil
		}
		if !sleep(ctx, d.o.BootWait) {
			return ctx.Err()
		}
	}
}

func (d *Dev) stopErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if errors.Is(err, ErrClosed) {
		return ErrClosed
	}
	select {
	case <-d.done:
		return ErrClosed
	default:
	}
	return nil
}

// waitAT sends AT every second until the modem answers OK or within
// passed; a restarting modem gives nothing or garbage until it booted.
func (d *Dev) waitAT(ctx context.Context, within time.Duration) bool {
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if _, err := d.eng.exec(ctx, command{line: "AT"}, nil, time.Second); err == nil {
			return true
		} else if errors.Is(err, ErrClosed) || ctx.Err() != nil {
			return false
		} else if !errors.Is(err, ErrTimeout) {
			if !sleep(ctx, time.Second) {
				return false
			}
		}
	}
	return false
}
