//go:build linux

package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/linuxhost"
	"github.com/hookflash/firmware/hal/sim"
	"github.com/hookflash/firmware/webui"
)

// emptyRoots is a sysfs and /dev with nothing plugged in.
func emptyRoots(t *testing.T) linuxhost.Roots {
	dir := t.TempDir()
	r := linuxhost.Roots{Sys: filepath.Join(dir, "sys"), Dev: filepath.Join(dir, "dev")}
	for _, d := range []string{filepath.Join(r.Sys, "bus/usb/devices"), r.Dev} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// TestHardwareRealBoardWithoutDevices opens the CM4 carrier's profile on a
// machine without its SPI bus and modem: each module is logged with its
// profile line and the reason, keeps its port number as failed, and the
// box starts.
func TestHardwareRealBoardWithoutDevices(t *testing.T) {
	b, err := hal.Board("cm4-carrier")
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	var stack stopStack
	hw, err := openBoard(context.Background(), &stack, b, newBoardHost(emptyRoots(t), log), nil, log)
	if err != nil {
		t.Fatalf("openBoard = %v; want the box to start without its modules", err)
	}
	defer stack.stop(context.Background(), log)
	if len(hw.fxs)+len(hw.fxo)+len(hw.gsm) != 0 {
		t.Errorf("opened %d FXS, %d FXO, %d GSM modules without devices", len(hw.fxs), len(hw.fxo), len(hw.gsm))
	}
	want := map[string]string{
		"fxs1": "spidev0.0 missing", "fxs2": "spidev0.1 missing",
		"fxo1": "spidev0.2 missing", "fxo2": "spidev0.3 missing",
		"gsm1": "USB interface 1-1.3:1.2 is not present",
	}
	if len(hw.failed) != len(want) {
		t.Errorf("failed modules %v; want %d", hw.failed, len(want))
	}
	for _, f := range hw.failed {
		if w := want[f.slot]; w == "" || !strings.Contains(f.err.Error(), w) {
			t.Errorf("module %s failed with %v; want %q", f.slot, f.err, w)
		}
	}
	for _, m := range b.Modules {
		line := fmt.Sprintf("module=%s line=%s:%d", m.Slot, b.File, m.Line)
		if !strings.Contains(logs.String(), line) {
			t.Errorf("log does not name %s with its profile line (%q):\n%s", m.Slot, line, logs.String())
		}
	}
	if got := [3]int{hw.ports(hal.KindFXS), hw.ports(hal.KindFXO), hw.ports(hal.KindGSM)}; got != [3]int{2, 2, 1} {
		t.Errorf("ports(fxs, fxo, gsm) = %v; want the profile's 2, 2, 1 though none opened", got)
	}
	st := &liveStatus{lines: &lineChannels{failed: hw.failed}}
	var snap = struct{ fxs, fxo, gsm int }{}
	var ts webui.TelephonyStatus
	st.addFailed(&ts)
	snap.fxs, snap.fxo, snap.gsm = len(ts.FXS), len(ts.FXO), len(ts.GSM)
	if snap != struct{ fxs, fxo, gsm int }{2, 2, 1} || ts.FXS[1].Port != 2 || ts.FXS[1].State != "failed" || !ts.GSM[0].ModemDown {
		t.Errorf("live status of the failed modules = %+v; want 2 FXS, 2 FXO failed, 1 GSM down", ts)
	}
}

// plugModem makes the USB interfaces of an emulated EC25 appear under
// roots: its AT port on atPath and its audio port on audioPath, each a
// ttyUSBn whose /dev node is a pseudo-terminal bridged to the modem.
func plugModem(t *testing.T, r linuxhost.Roots, imei, atPath, atTTY, audioPath, audioTTY string) {
	t.Helper()
	modem := sim.NewModem(sim.ModemOpts{Dialect: sim.ModemEC25, IMEI: imei, USBAudio: true})
	t.Cleanup(func() { modem.Close() })
	for _, p := range []struct {
		path, tty string
		stream    interface {
			Read([]byte) (int, error)
			Write([]byte) (int, error)
		}
	}{{atPath, atTTY, modem.Port()}, {audioPath, audioTTY, modem.AudioPort()}} {
		dev, stop, err := sim.PTY(p.stream)
		if err != nil {
			t.Skipf("no pseudo-terminals: %v", err)
		}
		t.Cleanup(stop)
		if err := os.MkdirAll(filepath.Join(r.Sys, "bus/usb/devices", p.path, p.tty), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(dev, filepath.Join(r.Dev, p.tty)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHardwareRealBoardModems opens a real board's modems through the
// device resolution pbxd uses on the box: one by its USB path, one by the
// IMEI it reports (the probe skips ports a profile names and a port that
// does not answer AT); the real tarm/serial backend talks to emulated
// modems over pseudo-terminals.
func TestHardwareRealBoardModems(t *testing.T) {
	const imei = "860675031234568"
	b, err := hal.LoadBoard("test.board", []byte(`
board test
arch arm64
module gsm1 gsm ec25 serial=usb:1-1.3:1.2 power=GPIO5 pcm=usb audio=usb:1-1.3:1.1
module gsm2 gsm ec25 serial=imei:`+imei+` power=GPIO6 pcm=usb audio=usb:1-1.4:1.1
`))
	if err != nil {
		t.Fatal(err)
	}
	r := emptyRoots(t)
	plugModem(t, r, "861234567890123", "1-1.3:1.2", "ttyUSB2", "1-1.3:1.1", "ttyUSB1")
	plugModem(t, r, imei, "1-1.4:1.2", "ttyUSB7", "1-1.4:1.1", "ttyUSB6")
	// An NMEA-like port that never answers AT, probed first.
	silent := &silentPort{done: make(chan struct{})}
	dev, stopSilent, err := sim.PTY(silent)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	defer func() { stopSilent(); close(silent.done) }()
	if err := os.MkdirAll(filepath.Join(r.Sys, "bus/usb/devices/1-1.5:1.0/ttyUSB3"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dev, filepath.Join(r.Dev, "ttyUSB3")); err != nil {
		t.Fatal(err)
	}

	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	var stack stopStack
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hw, err := openBoard(ctx, &stack, b, newBoardHost(r, log), nil, log)
	if err != nil {
		t.Fatal(err)
	}
	defer stack.stop(context.Background(), log)
	if len(hw.failed) != 0 || len(hw.gsm) != 2 {
		t.Fatalf("opened %d modems, failed %v; want both\n%s", len(hw.gsm), hw.failed, logs.String())
	}
	for i, g := range hw.gsm {
		if g.number != i+1 || g.slot != fmt.Sprintf("gsm%d", i+1) {
			t.Errorf("modem %d is %s number %d", i, g.slot, g.number)
		}
	}
	if got := hw.gsm[1].dev.Info().IMEI; got != imei {
		t.Errorf("gsm2 reports IMEI %q; want %s (found by IMEI)", got, imei)
	}
	if !strings.Contains(logs.String(), "slot=gsm2 port="+filepath.Join(r.Dev, "ttyUSB7")) {
		t.Errorf("log does not say gsm2 is on ttyUSB7:\n%s", logs.String())
	}
}

// silentPort is a serial stream that never answers.
type silentPort struct{ done chan struct{} }

func (s *silentPort) Read([]byte) (int, error)    { <-s.done; return 0, os.ErrClosed }
func (s *silentPort) Write(p []byte) (int, error) { return len(p), nil }
