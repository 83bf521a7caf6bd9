package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflash/firmware/drivers/fxo"
	"github.com/hookflash/firmware/drivers/fxs"
	"github.com/hookflash/firmware/drivers/gsm"
	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/linuxhost"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/pbx/store"
)

// hardware is the board's modules, each opened with its driver, numbered
// per kind in profile order from 1 (FXS port 1, FXO line 1, GSM slot 1), as
// the store's fxs_ports, fxo_lines and gsm_modules number them. A module
// that could not be opened keeps its number, in failed.
type hardware struct {
	board  *hal.BoardProfile
	world  *sim.World // the simulated board's outside world; nil on a real board
	fxs    []fxsModule
	fxo    []fxoModule
	gsm    []*gsmModule
	failed []failedModule
}

type fxsModule struct {
	slot   string
	number int
	dev    *fxs.Dev
	audio  hal.PCMStream
}

type fxoModule struct {
	slot   string
	number int
	dev    *fxo.Dev
	audio  hal.PCMStream
}

// failedModule is a module of the profile that could not be opened.
type failedModule struct {
	slot   string
	kind   hal.ModuleKind
	number int
	err    error
}

// gsmModule is a modem. Its driver is built before the services that take
// its events exist, so events and messages go through hooks set later;
// until then events are dropped and messages stay on the SIM.
type gsmModule struct {
	slot    string
	number  int
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

// ports returns how many ports of kind k the board has, opened or not: the
// highest port number, so that a failed module keeps its place.
func (hw *hardware) ports(k hal.ModuleKind) int {
	var n int
	switch k {
	case hal.KindFXS:
		n = len(hw.fxs)
		for _, m := range hw.fxs {
			n = max(n, m.number)
		}
	case hal.KindFXO:
		n = len(hw.fxo)
		for _, m := range hw.fxo {
			n = max(n, m.number)
		}
	case hal.KindGSM:
		n = len(hw.gsm)
		for _, m := range hw.gsm {
			if m != nil {
				n = max(n, m.number)
			}
		}
	}
	for _, f := range hw.failed {
		if f.kind == k {
			n = max(n, f.number)
		}
	}
	return n
}

// pinSource returns the SIM PINs by GSM module number, waiting until they
// are known; a nil pinSource means no SIM has a PIN.
type pinSource func() map[int]string

// moduleOpener opens one module with its driver (a modem with its SIM's
// pin) into hw and starts the driver's loop with run. hw is the module's
// own, merged into the board's afterwards.
type moduleOpener func(ctx context.Context, hw *hardware, m hal.Module, number int, pin string, log *slog.Logger, run func(func(context.Context) error)) error

// openHardware opens the board's modules. On the simulated board it builds
// the emulated chips and the world around them (sim.World) and runs the
// real drivers against them; on a real board it opens the buses, pins and
// serial ports the profile names through hal/linuxhost (openBoard). A
// module that does not open is logged with its profile line and the reason,
// listed in hardware.failed, and the rest of the box still works.
//
// simPINs gives the SIM PINs by GSM module number (gsm_modules.slot), for
// SIMs with a PIN lock; only the modems wait for it.
func openHardware(ctx context.Context, stack *stopStack, board string, simPINs pinSource, log *slog.Logger) (*hardware, error) {
	b, err := hal.Board(board)
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	if b.Arch != "sim" {
		return openBoard(ctx, stack, b, newBoardHost(linuxhost.HostRoots, log), simPINs, log)
	}
	w, err := sim.NewWorld(b, hal.SystemClock{})
	if err != nil {
		return nil, fmt.Errorf("pbxd: %w", err)
	}
	stack.push("simulated world", func(context.Context) error { return w.Close() })
	hw := &hardware{board: b, world: w}
	openModules(ctx, stack, hw, simPINs, log, hw.openSim)
	return hw, nil
}

// openModules opens every module of hw.board with open, side by side (chip
// start-up takes seconds: a SLIC calibrates for up to 3 s), and keeps them
// in profile order. It pushes the stop of the drivers' loops; closers run
// after them.
func openModules(ctx context.Context, stack *stopStack, hw *hardware, simPINs pinSource, log *slog.Logger, open moduleOpener, closers ...func()) {
	b := hw.board
	runCtx, stopDrivers := context.WithCancel(context.Background())
	var running sync.WaitGroup
	stack.push("hardware drivers", func(context.Context) error {
		stopDrivers()
		for _, g := range hw.gsm {
			g.dev.Close()
		}
		running.Wait()
		for _, c := range closers {
			c()
		}
		return nil
	})
	run := func(f func(context.Context) error) {
		running.Add(1)
		go func() { defer running.Done(); f(runCtx) }()
	}
	opened := make([]*hardware, len(b.Modules))
	var wg sync.WaitGroup
	count := map[hal.ModuleKind]int{}
	for i, m := range b.Modules {
		count[m.Kind]++
		number := count[m.Kind]
		opened[i] = &hardware{board: b, world: hw.world}
		wg.Go(func() {
			mlog := log.With("slot", m.Slot)
			pin := ""
			if m.Kind == hal.KindGSM && simPINs != nil {
				pin = simPINs()[number]
			}
			if err := open(ctx, opened[i], m, number, pin, mlog, run); err != nil {
				mlog.Error("hardware: module left out", "module", m.Slot, "line", fmt.Sprintf("%s:%d", b.File, m.Line), "err", err)
				opened[i].failed = append(opened[i].failed, failedModule{slot: m.Slot, kind: m.Kind, number: number, err: err})
			}
		})
	}
	wg.Wait()
	for _, o := range opened {
		hw.fxs, hw.fxo, hw.gsm = append(hw.fxs, o.fxs...), append(hw.fxo, o.fxo...), append(hw.gsm, o.gsm...)
		hw.failed = append(hw.failed, o.failed...)
	}
	log.Info("hardware ready", "board", b.Name, "fxs", len(hw.fxs), "fxo", len(hw.fxo), "gsm", len(hw.gsm), "failed", len(hw.failed))
}

// openSim opens one module of the simulated board; it is a moduleOpener.
// The chips' interrupt outputs drive the profile's irq= pins, so the FXS
// and FXO drivers run on interrupts as on a real board.
func (hw *hardware) openSim(ctx context.Context, into *hardware, m hal.Module, number int, pin string, log *slog.Logger, run func(func(context.Context) error)) error {
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
		o.Clock, o.Logger, o.Timeslot, o.PCMLinear = w.Clock(), log, m.Timeslot, linearPCM(hw.board)
		if m.Reset != "" {
			o.Reset = w.Pin(m.Reset)
		}
		if m.IRQ != "" {
			o.IRQ = w.Pin(m.IRQ)
		}
		dev, err := fxs.New(conn, &o) // the FXS channel runs it
		if err != nil {
			return err
		}
		into.fxs = append(into.fxs, fxsModule{slot: m.Slot, number: number, dev: dev, audio: audio})
	case hal.KindFXO:
		conn, err := w.SPI(m)
		if err != nil {
			return err
		}
		o := fxo.DefaultOpts
		o.Clock, o.Logger, o.Timeslot, o.PCMLinear = w.Clock(), log, m.Timeslot, linearPCM(hw.board)
		if m.Reset != "" {
			o.Reset = w.Pin(m.Reset)
		}
		if m.IRQ != "" {
			o.IRQ = w.Pin(m.IRQ)
		}
		dev, err := fxo.New(conn, &o) // the FXO channel runs it
		if err != nil {
			return err
		}
		into.fxo = append(into.fxo, fxoModule{slot: m.Slot, number: number, dev: dev, audio: audio})
	case hal.KindGSM:
		port, lines, err := w.ModemPort(m)
		if err != nil {
			return err
		}
		o := gsmOpts(m, pin, log)
		// The emulated modem answers at once: short timings find a hung one in seconds.
		o.Heartbeat, o.CommandTimeout, o.SMSTimeout = 2*time.Second, 2*time.Second, 5*time.Second
		g, err := startModem(ctx, port, lines, m, number, audio, o, run)
		if err != nil {
			return err
		}
		into.gsm = append(into.gsm, g)
	}
	return nil
}

// gsmOpts are the modem driver's options for module m.
func gsmOpts(m hal.Module, pin string, log *slog.Logger) gsm.Opts {
	o := gsm.DefaultOpts
	o.PIN, o.Logger, o.DeliveryReports = pin, log, true
	o.VoiceOverUSB = m.PCMOverUSB // the modem's audio is on its USB audio port
	o.CallPoll = time.Second      // +CLCC polling is how an outgoing call's answer is seen
	return o
}

// startModem builds the driver of modem m on port, starts it up and runs
// its supervision with run.
func startModem(ctx context.Context, port io.ReadWriter, lines gsm.Lines, m hal.Module, number int, audio hal.PCMStream, o gsm.Opts, run func(func(context.Context) error)) (*gsmModule, error) {
	g := &gsmModule{slot: m.Slot, number: number, audio: audio}
	o.OnEvent, o.OnSMS = g.event, g.sms
	var err error
	if g.dev, err = gsm.New(port, lines, &o); err != nil {
		return nil, err
	}
	if err := g.dev.Init(ctx); err != nil {
		g.dev.Close()
		return nil, err
	}
	run(g.dev.Supervise)
	return g, nil
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
