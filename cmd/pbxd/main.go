// Command pbxd is the Hookflash firmware daemon: it opens the data
// directory, starts every part of the box and serves the web UI.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/logring"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/webui"
	"github.com/hookflash/firmware/webui/localapi"
)

// version is stamped by the Makefile from git.
var version = "dev"

// stopTimeout bounds how long stopping every part may take.
const stopTimeout = 5 * time.Second

func main() {
	cfg, err := parseConfig(os.Args[1:], defaultGetenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = run(ctx, cfg)
	switch {
	case errors.Is(err, errRestart):
		err = restartSelf() // returns only on failure
	case errors.Is(err, errReboot):
		err = rebootNow() // returns only on failure
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run builds every part in layer order, serves until ctx ends, then stops
// the parts in reverse order within stopTimeout. After the reset button it
// returns errRestart or errReboot, for main to act on once all is stopped.
func run(ctx context.Context, cfg config) (err error) {
	ctx, stopRun := context.WithCancelCause(ctx)
	defer stopRun(nil)
	logs := logring.New(5000)
	log := slog.New(slog.NewTextHandler(multiWriter{os.Stderr, logs}, &slog.HandlerOptions{Level: cfg.LogLevel}))
	groups, _ := os.Getgroups()
	log.Info("pbxd starting", "version", version, "board", cfg.Board, "data", cfg.DataDir, "uid", os.Geteuid(), "groups", groups)

	var stack stopStack
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), stopTimeout)
		defer cancel()
		err = errors.Join(err, stack.stop(stopCtx, log))
		log.Info("pbxd stopped")
	}()

	dir := datadir.Dir(cfg.DataDir)
	lock, err := datadir.Open(dir)
	if err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	stack.push("data directory lock", func(context.Context) error { return lock.Release() })
	// The chips start up (seconds) while the store opens.
	hwStart := startHardware(ctx, cfg.Board, log)
	stack.push("hardware", hwStart.stop)

	st, err := store.Open(ctx, dir.DB())
	if err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	stack.push("store", func(context.Context) error { return st.Close() })
	pins, err := simPINs(ctx, st)
	if err != nil {
		return err
	}
	hwStart.setPINs(pins)
	if err := announceSetupCode(ctx, st, log); err != nil {
		return err
	}
	var sw atomic.Pointer[call.Switch] // the watchdog's health check asks it once it runs
	if err := keepWatchdog(&stack, cfg.Watchdog, cfg.Board, st, &sw, log.With("part", "watchdog")); err != nil {
		return err
	}
	updates, err := newUpdater(cfg, log.With("part", "update"))
	if err != nil {
		return err
	}
	speech, err := openSpeech(log)
	if err != nil {
		return err
	}

	hw, err := hwStart.wait()
	if err != nil {
		return err
	}
	if err := takeInventory(ctx, st, hw, log); err != nil {
		return err
	}
	labAPI, err := startLab(&stack, hw, log.With("part", "lab"))
	if err != nil {
		return err
	}

	ui, err := webui.New(webui.Options{
		Store: st, Logger: log.With("part", "webui"), Logs: logs,
		Version: version, Board: cfg.Board, SIPAddr: cfg.SIPAddr, Updates: updates, Lab: labAPI,
		PromptsDir: dir.Prompts(), Speech: speech, DataDir: dir,
	})
	if err != nil {
		return fmt.Errorf("pbxd: %w", err)
	}
	stack.push("web UI feeds", func(context.Context) error { ui.Close(); return nil })

	tel, err := startTelephony(ctx, &stack, cfg, st, hw, speech, log)
	if err != nil {
		return err
	}
	ui.SetSIPAddr(tel.sipAddr)
	ui.SetDryRun(tel.dryRun)
	ui.SetTelephony(tel.status)
	ui.SetSMS(tel.sms)
	ui.SetVoicemail(tel.vm)
	if err := startMDNS(&stack, cfg, tel.address, func(name, taken string) { showMDNSName(name, taken, dir, ui, log) }, log.With("part", "mdns")); err != nil {
		return err
	}
	tel.followAddress(&stack, ui.SetSIPAddr)
	sw.Store(tel.sw)
	var reboot rebooter = stopRebooter{stopRun}
	if hw.world != nil {
		reboot = logRebooter{log.With("part", "reset button")}
	}
	watchResetButton(&stack, hw, &resetButton{st: st, dir: dir, reboot: reboot, restart: stopRun, log: log.With("part", "reset button")})

	local := localapi.New(localapi.Options{Store: st, Dir: dir, Version: version, Logger: log.With("part", "localapi"), Running: true,
		DryRun: ui.DryRunHandler()})
	if err := serve(&stack, log, "local API", "unix", dir.Socket(), local); err != nil {
		return err
	}
	if err := serve(&stack, log, "web UI", "tcp", cfg.WebAddr, ui.Handler()); err != nil {
		return err
	}
	if err := followNTP(ctx, &stack, cfg, st, log.With("part", "ntp")); err != nil {
		return err
	}
	followNetwork(ctx, &stack, cfg, st, log.With("part", "network"))
	if was, err := releaseStartupMemory(); err != nil {
		log.Warn("start-up memory not released", "err", err)
	} else if was > 0 {
		log.Info("started: the start-up's memory released", "program_resident_kib", was>>10)
	}

	<-ctx.Done()
	cause := context.Cause(ctx)
	log.Info("pbxd stopping", "reason", cause)
	if errors.Is(cause, errRestart) || errors.Is(cause, errReboot) {
		return cause
	}
	return nil
}

// announceSetupCode makes sure someone at the box can set the admin
// password: while no admin exists, every start prints a fresh one-time setup
// code to the console and the log (only its hash is stored, so an earlier
// code cannot be shown again). A code that pbxctl reset-admin issued for an
// existing admin is kept. There is no default password.
func announceSetupCode(ctx context.Context, st *store.Store, log *slog.Logger) error {
	admins, err := st.Admins().List(ctx)
	if err != nil {
		return err
	}
	if len(admins) > 0 {
		if pending, err := st.HasSetupCode(ctx); err != nil || !pending {
			return err
		}
		log.Warn("a setup code from pbxctl reset-admin is waiting to be used in the web UI; run reset-admin again for a new one")
		return nil
	}
	code, err := webui.NewSetupCode(ctx, st, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "\n  Hookflash setup code: %s\n  Open the web UI and enter it to set the admin password.\n\n", code)
	log.Warn("no admin password set yet: open the web UI and enter the setup code", "setup_code", code)
	return nil
}

// serve listens on addr and serves h until the stack stops it.
func serve(stack *stopStack, log *slog.Logger, name, network, addr string, h http.Handler) error {
	if network == "unix" {
		os.Remove(addr) // a stale socket from a crash; the data directory lock says nobody uses it
	}
	ln, err := net.Listen(network, addr)
	if err != nil {
		return fmt.Errorf("pbxd: %s: %w", name, err)
	}
	if network == "unix" {
		if err := os.Chmod(addr, 0o600); err != nil {
			ln.Close()
			return fmt.Errorf("pbxd: %s: %w", name, err)
		}
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("server failed", "part", name, "err", err)
		}
	}()
	log.Info("listening", "part", name, "addr", ln.Addr().String())
	stack.push(name, srv.Shutdown)
	return nil
}
