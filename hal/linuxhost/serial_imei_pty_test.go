//go:build linux

package linuxhost

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflash/firmware/hal/sim"
)

// silentPTY puts a port that never answers behind a pseudo-terminal, as
// an NMEA-like USB serial port of the modem: what is written is dropped
// and nothing comes back.
func silentPTY(t *testing.T) string {
	t.Helper()
	r, w := io.Pipe()
	dev, stop, err := sim.PTY(struct {
		io.Reader
		io.Writer
	}{r, io.Discard})
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { stop(); w.Close() })
	return dev
}

// ptyModem puts an emulated modem behind a pseudo-terminal, as a USB
// serial port: the device is what FindIMEI opens.
func ptyModem(t *testing.T, imei string) string {
	t.Helper()
	modem := sim.NewModem(sim.ModemOpts{IMEI: imei})
	dev, stop, err := sim.PTY(modem.Port())
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { stop(); modem.Close() })
	return dev
}

func TestFindIMEIOverPTY(t *testing.T) {
	const want, other = "860675031234568", "861234567890123"
	silentPath := silentPTY(t)
	a := ptyModem(t, other)
	b := ptyModem(t, want)

	dir := t.TempDir()
	for name, target := range map[string]string{"ttyUSB1": silentPath, "ttyUSB2": a, "ttyUSB5": b} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	cands := []string{filepath.Join(dir, "ttyUSB1"), filepath.Join(dir, "ttyUSB2"), filepath.Join(dir, "ttyUSB5")}
	got, err := FindIMEI(cands, want)
	if err != nil || got != cands[2] {
		t.Fatalf("FindIMEI = %q, %v; want %s", got, err, cands[2])
	}

	_, err = FindIMEI(cands[:2], want)
	if !errors.Is(err, ErrNoSerial) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "IMEI "+other) {
		t.Errorf("FindIMEI without the modem = %v; want ErrNoSerial naming the IMEI and what the others answered", err)
	}
}
