//go:build linux

package linuxhost

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/hal"
)

// ALSADevice resolves an ALSA device name "hw:CARD,DEV" to the paths of its
// capture and playback streams. CARD is the card's index or its id (as in
// /proc/asound/cards: "Loopback", or the name a simple-audio-card's device
// tree gives it); an id keeps naming the right card when another card (a
// USB modem's audio) changes the numbering.
func ALSADevice(name string) (capture, playback string, err error) {
	return alsaDevice("/sys/class/sound", "/dev/snd", name)
}

// ALSADevice resolves name as ALSADevice does, under r's sysfs and /dev.
func (r Roots) ALSADevice(name string) (capture, playback string, err error) {
	return alsaDevice(filepath.Join(r.Sys, "class", "sound"), filepath.Join(r.Dev, "snd"), name)
}

func alsaDevice(sysDir, devDir, name string) (string, string, error) {
	spec, ok := strings.CutPrefix(name, "hw:")
	card, dev, ok2 := strings.Cut(spec, ",")
	d, err := strconv.Atoi(dev)
	if !ok || !ok2 || card == "" || err != nil || d < 0 {
		return "", "", fmt.Errorf("linuxhost: alsa device %q: want hw:CARD,DEV (e.g. hw:0,0 or hw:Loopback,1)", name)
	}
	idx, err := strconv.Atoi(card)
	if err != nil {
		if idx, err = cardByID(sysDir, card); err != nil {
			return "", "", err
		}
	}
	base := filepath.Join(devDir, fmt.Sprintf("pcmC%dD%d", idx, d))
	return base + "c", base + "p", nil
}

// cardByID finds the index of the sound card whose id is id.
func cardByID(sysDir, id string) (int, error) {
	dirs, _ := filepath.Glob(filepath.Join(sysDir, "card[0-9]*"))
	var ids []string
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "id"))
		if err != nil {
			continue
		}
		got := strings.TrimSpace(string(b))
		ids = append(ids, got)
		if got == id {
			return strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), "card"))
		}
	}
	if len(ids) == 0 {
		return 0, fmt.Errorf("linuxhost: alsa: no sound card %q: the system has no sound cards (is the PCM interface's device tree overlay loaded?)", id)
	}
	return 0, fmt.Errorf("linuxhost: alsa: no sound card %q (cards: %s)", id, strings.Join(ids, ", "))
}

// TDM is a PCM/TDM highway exposed by ALSA as a capture and a playback
// stream with one 16-bit channel per time slot. It implements hal.TDMPort:
// periods are hal.FrameSamples frames. Playback starts on the first
// ReadPeriod with PCMConfig.StartPeriods of silence queued, so the lines
// hear silence, not an underrun, while the first period is captured.
type TDM struct {
	cap, play *PCM
	started   bool
	channels  int
}

// OpenTDM opens and configures both directions of a highway.
func OpenTDM(c TDMConfig) (*TDM, error) {
	if c.PCM.PeriodFrames != 0 && c.PCM.PeriodFrames != hal.FrameSamples {
		return nil, fmt.Errorf("linuxhost: tdm: %d-frame periods: a highway moves one %d-sample frame per period", c.PCM.PeriodFrames, hal.FrameSamples)
	}
	cp, err := OpenPCM(c.Capture, c.PCM)
	if err != nil {
		return nil, err
	}
	pp, err := OpenPCM(c.Playback, c.PCM)
	if err != nil {
		cp.Close()
		return nil, err
	}
	return &TDM{cap: cp, play: pp, channels: cp.cfg.Channels}, nil
}

// ReadPeriod implements hal.TDMPort.
func (t *TDM) ReadPeriod(p []int16) error {
	if len(p) != hal.FrameSamples*t.channels {
		return fmt.Errorf("linuxhost: tdm: period of %d samples; want %d", len(p), hal.FrameSamples*t.channels)
	}
	if !t.started {
		t.started = true
		if err := t.play.WriteSilence(t.play.cfg.StartPeriods * hal.FrameSamples); err != nil {
			return err
		}
	}
	return t.cap.ReadFrames(p)
}

// WritePeriod implements hal.TDMPort.
func (t *TDM) WritePeriod(p []int16) error {
	if len(p) != hal.FrameSamples*t.channels {
		return fmt.Errorf("linuxhost: tdm: period of %d samples; want %d", len(p), hal.FrameSamples*t.channels)
	}
	return t.play.WriteFrames(p)
}

// XRuns returns the overruns of capture and the underruns of playback
// recovered so far.
func (t *TDM) XRuns() (capture, playback uint64) { return t.cap.XRuns(), t.play.XRuns() }

// Close implements hal.TDMPort: it stops and closes both streams.
func (t *TDM) Close() error {
	return errors.Join(t.cap.Close(), t.play.Close())
}
