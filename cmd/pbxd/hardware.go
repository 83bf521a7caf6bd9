package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/store"
)

// hardware is the board's modules, each opened with its driver, numbered
// per kind in profile order from 1 (FXS port 1, FXO line 1, GSM slot 1), as
// the store's fxs_ports, fxo_lines and gsm_modules number them.
type hardware struct {
	board *hal.BoardProfile
	world *sim.World // the simulated board's outside world; nil on a real board
	fxs   []fxsModule
	fxo   []fxoModule
	gsm   []*gsmModule
}

type fxsModule struct {
	slot  string
	dev   *fxs.Dev
	audio hal.PCMStream
}

type fxoModule struct {
	slot  string
	dev   *fxo.Dev
	audio hal.PCMStream
}

// gsmModule is a modem. Its driver is built before the services that take
// its events exist, so events and messages go through hooks set later;
// until then events are dropped and messages stay on the SIM.
type gsmModule struct {
	slot    string
	dev     *gsm.Dev
	audio   hal.PCMStream
	onEvent []func(gsm.Event)
	onSMS   atomic.Pointer[func(gsm.SMS) error]
	mu      sync.Mutex
}

// listen adds f to the receivers of the modem's events.
func (g *gsmModule) listen(f func(gsm.Event)) {
	g.mu.Lock()
	g.onEvent = append(g.onEvent, f)
	g.mu.Unlock()
}

func (g *gsmModule) event(ev gsm.Event) {
	g.mu.Lock()
	fs := g.onEvent
	g.mu.Unlock()
	for _, f := range fs {
		f(ev)
	}
}

func (g *gsmModule) sms(m gsm.SMS) error {
	f := g.onSMS.Load()
	if f == nil {
		return fmt.Errorf("pbxd: %s: the SMS service is not running yet", g.slot)
	}
	return (*f)(m)
}

// openHardware opens the board's modules. On the simulated board it builds
// the emulated chips and the world around them (sim.World) and runs the
// real drivers against them; a module whose chip does not answer is logged
// and left out, so the rest of the box still works.
//
// simPINs are the SIM PINs by GSM module number (gsm_modules.slot), for
// SIMs with a PIN lock.
func openHardware(ctx context.Context, stack *stopStack, board string, simPINs map[int]string, log *slog.Logger) (*hardware, error) {
	b, err := hal.Board(board)
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	hw := &hardware{board: b}
	if b.Arch != "sim" {
		// The Linux PCM backends (TDM highway, modem PCM over USB) are not
		// there yet, and the channels need audio: run without modules.
		log.Warn("hardware: this board's analog and GSM modules are not driven yet; SIP works", "board", b.Name)
		return hw, nil
	}
	w, err := sim.NewWorld(b, hal.SystemClock{})
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	hw.world = w
	stack.push("simulated world", func(context.Context) error { return w.Close() })

	runCtx, stopDrivers := context.WithCancel(context.Background())
	var running sync.WaitGroup
	stack.push("hardware drivers", func(context.Context) error {
		stopDrivers()
		for _, g := range hw.gsm {
			g.dev.Close()
		}
		running.Wait()
		return nil
	})
	run := func(f func(context.Context) error) {
		running.Add(1)
		go func() { defer running.Done(); f(runCtx) }()
	}
	// Chip start-up takes seconds (a SLIC calibrates for up to 3 s): open
	// the modules side by side, then keep them in profile order.
	opened := make([]*hardware, len(b.Modules))
	var wg sync.WaitGroup
	gsmN := 0
	for i, m := range b.Modules {
		opened[i] = &hardware{world: w}
		pin := ""
		if m.Kind == hal.KindGSM {
			gsmN++
			pin = simPINs[gsmN]
		}
		wg.Go(func() {
			mlog := log.With("slot", m.Slot)
			if err := opened[i].open(ctx, m, pin, mlog, run); err != nil {
				mlog.Error("hardware: module left out", "err", err)
			}
		})
	}
	wg.Wait()
	for _, o := range opened {
		hw.fxs, hw.fxo, hw.gsm = append(hw.fxs, o.fxs...), append(hw.fxo, o.fxo...), append(hw.gsm, o.gsm...)
	}
	log.Info("hardware ready", "board", b.Name, "fxs", len(hw.fxs), "fxo", len(hw.fxo), "gsm", len(hw.gsm))
	return hw, nil
}

// open opens one module of the simulated board with its driver (a modem
// with its SIM's pin) and starts the driver's loop with run.
func (hw *hardware) open(ctx context.Context, m hal.Module, pin string, log *slog.Logger, run func(func(context.Context) error)) error {
	w := hw.world
	audio, err := w.PCM(m)
	if err != nil {
		return err
	}
	switch m.Kind {
	case hal.KindFXS:
		conn, err := w.SPI(m)
		if err != nil {
			return err
		}
		o := fxs.DefaultOpts
		o.Clock, o.Logger, o.Timeslot = w.Clock(), log, m.Timeslot
		if m.Reset != "" {
			o.Reset = w.Pin(m.Reset)
		}
		dev, err := fxs.New(conn, &o) // the FXS channel runs it
		if err != nil {
			return err
		}
		hw.fxs = append(hw.fxs, fxsModule{slot: m.Slot, dev: dev, audio: audio})
	case hal.KindFXO:
		conn, err := w.SPI(m)
		if err != nil {
			return err
		}
		o := fxo.DefaultOpts
		o.Clock, o.Logger, o.Timeslot = w.Clock(), log, m.Timeslot
		if m.Reset != "" {
			o.Reset = w.Pin(m.Reset)
		}
		dev, err := fxo.New(conn, &o) // the FXO channel runs it
		if err != nil {
			return err
		}
		hw.fxo = append(hw.fxo, fxoModule{slot: m.Slot, dev: dev, audio: audio})
	case hal.KindGSM:
		port, lines, err := w.ModemPort(m)
		if err != nil {
			return err
		}
		g := &gsmModule{slot: m.Slot, audio: audio}
		o := gsm.DefaultOpts
		o.PIN, o.Logger, o.DeliveryReports, o.OnEvent, o.OnSMS = pin, log, true, g.event, g.sms
		o.VoiceOverUSB = m.PCMOverUSB // the modem's audio is on its USB audio port (w.PCM gives it)
		o.CallPoll = time.Second      // +CLCC polling is how an outgoing call's answer is seen
		// The emulated modem answers at once: short timings find a hung one in seconds.
		o.Heartbeat, o.CommandTimeout, o.SMSTimeout = 2*time.Second, 2*time.Second, 5*time.Second
		if g.dev, err = gsm.New(port, lines, &o); err != nil {
			return err
		}
		if err := g.dev.Init(ctx); err != nil {
			g.dev.Close()
			return err
		}
		run(g.dev.Supervise)
		hw.gsm = append(hw.gsm, g)
	}
	return nil
}

// simPINs reads the SIM PINs of the GSM modules from the store.
func simPINs(ctx context.Context, st *store.Store) (map[int]string, error) {
	mods, err := st.GSMModules().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	pins := map[int]string{}
	for _, m := range mods {
		pins[m.Slot] = m.SIMPIN
	}
	return pins, nil
}
