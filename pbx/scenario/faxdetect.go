package scenario

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/store"
)

// An inbound call whose line hears a fax tone (T.30 CNG from a calling fax
// machine, or CED/ANSam) goes to the fax ports: the FXS ports in fax mode.
// A faxWatch waits for the tone of the caller (call.FaxDetector: the
// channel's own detector, or the switch's on the caller's PCM) for as long
// as the scenario runs, unless it puts the call through to a fax machine
// itself. When the tone comes while the caller waits, the element running
// is stopped and its step ends with "fax detected"; when it comes while
// the caller talks to someone (a person answered a fax machine), that
// party is hung up. Then the fax ports are rung and the caller bridged to
// the one that answers. A box without a fax port leaves the scenario
// alone.

// faxRingTime is how long the fax ports ring for a call moved to them.
const faxRingTime = 60 * time.Second

// outcomeFax is the step outcome of the element the fax tone stopped.
const outcomeFax = "fax detected"

// errFaxTone is the cause of the scenario's context once a fax tone
// stopped it.
var errFaxTone = errors.New("scenario: a fax tone was heard on the line")

// States of a faxWatch.
const (
	watchArmed    int32 = iota // waiting for a fax tone
	watchDisarmed              // the caller is put through to a fax machine: tones no longer matter
	watchFired                 // a fax tone stopped the scenario
)

// faxWatch stops a call's scenario at the first fax tone of its caller's
// channel, until it is disarmed. Its methods may be called on a nil
// *faxWatch, which never fires. They are safe for concurrent use.
type faxWatch struct {
	state       atomic.Int32
	cancel      context.CancelCauseFunc
	stop, done  chan struct{}
	interrupted atomic.Bool // the scenario stopped for the tone; it did not end the call itself
	left        string      // the channel of the party hung up for the fax ports; the handler's goroutine only
}

// faxPorts returns what rings for the fax ports of cfg: the extension
// number of each FXS port in fax mode, in port order. Ports without an
// extension cannot be rung and are left out.
func faxPorts(cfg *store.Config) []call.Target {
	numbers := map[int64]string{}
	for _, e := range cfg.Extensions {
		numbers[e.ID] = e.Number
	}
	ports := slices.Clone(cfg.FXSPorts)
	slices.SortFunc(ports, func(a, b store.FXSPort) int { return cmp.Compare(a.Port, b.Port) })
	var ts []call.Target
	for _, p := range ports {
		if p.Mode != store.FXSFax || p.ExtensionID == nil || numbers[*p.ExtensionID] == "" {
			continue
		}
		ts = append(ts, call.Target{Kind: "fxs", Address: numbers[*p.ExtensionID]})
	}
	return ts
}

// watchFax arms x.fax when the box has fax ports and the call listens for
// fax tones, and returns the context the scenario runs in: ctx, cancelled
// with errFaxTone when the tone comes.
func (x *execution) watchFax(ctx context.Context) context.Context {
	fd, ok := x.c.(call.FaxDetector)
	if !ok || len(x.snap.faxPorts) == 0 {
		return ctx
	}
	tone := fd.FaxTone()
	if tone == nil {
		return ctx
	}
	w := &faxWatch{stop: make(chan struct{}), done: make(chan struct{})}
	ctx, w.cancel = context.WithCancelCause(ctx)
	go func() {
		defer close(w.done)
		select {
		case <-tone:
			if w.state.CompareAndSwap(watchArmed, watchFired) {
				w.cancel(errFaxTone)
			}
		case <-w.stop:
		case <-ctx.Done(): // the caller left, or the call was shut down
		}
	}()
	x.fax = w
	return ctx
}

// disarm stops watching, as the caller is put through to a fax machine.
// It returns false when the tone came first: the scenario has been stopped
// and the call belongs to the fax ports.
func (w *faxWatch) disarm() bool {
	if w == nil {
		return true
	}
	return w.state.CompareAndSwap(watchArmed, watchDisarmed) || w.state.Load() == watchDisarmed
}

// stopped reports whether ctx, the scenario's, was cancelled by a fax
// tone, and notes that the scenario stopped for it.
func (w *faxWatch) stopped(ctx context.Context) bool {
	if w == nil || !errors.Is(context.Cause(ctx), errFaxTone) {
		return false
	}
	w.interrupted.Store(true)
	return true
}

// end stops watching once the scenario has returned, and reports whether
// the call is to go to the fax ports: the tone stopped the scenario before
// it ended the call.
func (w *faxWatch) end() bool {
	if w == nil {
		return false
	}
	close(w.stop)
	<-w.done
	w.cancel(nil)
	return w.state.Load() == watchFired && w.interrupted.Load()
}

// fired reports whether the fax tone has stopped the scenario.
func (w *faxWatch) fired() bool {
	return w != nil && w.state.Load() == watchFired
}

// refuse hangs up leg, which answered just as the fax tone stopped the
// scenario, or talked to the caller when it came: the call goes to the fax
// ports instead.
func (w *faxWatch) refuse(leg call.Leg) {
	w.interrupted.Store(true)
	w.left = leg.Channel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	leg.Hangup(ctx, call.CauseNormal)
}

// toFax rings the fax ports for a call whose scenario a fax tone stopped,
// and bridges the caller to the one that answers until either hangs up;
// when none answers, the caller is hung up with the cause. Its step names
// the party that was hung up for them, if any.
func (x *execution) toFax(ctx context.Context) {
	w := x.fax
	x.fax, x.rate = nil, false
	ports := make([]string, len(x.snap.faxPorts))
	for i, t := range x.snap.faxPorts {
		ports[i] = t.String()
	}
	outcome := "ringing " + strings.Join(ports, " ")
	if w.left != "" {
		outcome = w.left + " leaves, " + outcome
	}
	x.c.Step(outcomeFax, outcome)
	x.log.Info("scenario: fax tone; putting the call through to the fax ports", "call", x.c.Info().ID, "ports", ports)
	answered, cause, err := x.connect(ctx, x.snap.faxPorts, faxRingTime)
	if err == nil && !answered {
		x.c.Hangup(ctx, cause)
	}
}
