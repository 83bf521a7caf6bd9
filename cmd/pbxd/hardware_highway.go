package main

import (
	"errors"
	"fmt"

	"github.com/hookflash/firmware/hal"
	"github.com/hookflash/firmware/hal/linuxhost"
)

// errNoHighway is the audio of a ts= module on a board whose highway was
// never opened (no module of its profile is on one).
var errNoHighway = errors.New("no audio: the board's PCM highway is not open; only modems with pcm=usb have audio")

// linearPCM reports whether b's highway carries 16-bit linear channels, so
// that the SLICs and DAAs must run their 16-bit linear PCM mode.
func linearPCM(b *hal.BoardProfile) bool { return b.PCMWidth == 16 }

// usesHighway reports whether a module of b takes its audio from the PCM
// highway (ts=).
func usesHighway(b *hal.BoardProfile) bool {
	for _, m := range b.Modules {
		if m.Timeslot >= 0 && !m.PCMOverUSB {
			return true
		}
	}
	return false
}

// openHighway opens b's PCM highway once, before the modules: the ALSA
// device of its pcm line as a hal.TDMHighway of one 16-bit channel per two
// 8-bit slots. Its close is the host's first closer, so it runs last, after
// the modules. A highway that does not open is logged and fails the ts=
// modules with the device, the profile line and the reason; the rest of
// the box starts.
func (h *boardHost) openHighway(b *hal.BoardProfile) {
	if !usesHighway(b) {
		return
	}
	tdm, err := openTDMHighway(h.roots, b)
	if err != nil {
		where := fmt.Sprintf("(%s:%d)", b.File, b.PCMLine)
		if b.PCMDevice != "" {
			where = b.PCMDevice + " " + where
		}
		err = fmt.Errorf("PCM highway %s: %w", where, err)
		h.log.Error("hardware: PCM highway not available; the modules on it are left out", "err", err)
		h.highway = func(hal.Module) (hal.PCMStream, error) { return nil, err }
		return
	}
	h.log.Info("hardware: PCM highway on", "device", b.PCMDevice, "channels", tdm.Channels())
	h.onClose(func() { tdm.Close() })
	h.highway = highwayStreams(tdm, b.PCMWidth)
}

// openTDMHighway opens the ALSA device b's pcm line names, found under
// roots, with one channel per b.PCMWidth bits of its b.PCMSlots slots.
func openTDMHighway(roots linuxhost.Roots, b *hal.BoardProfile) (*hal.TDMHighway, error) {
	switch {
	case b.PCMDevice == "":
		return nil, errors.New("the pcm line names no ALSA device; add alsa=hw:CARD,DEV")
	case b.PCMWidth != 16:
		return nil, fmt.Errorf("%d-bit channels: the ALSA highway carries 16-bit linear channels; set width=16 and run the chips in linear mode", b.PCMWidth)
	}
	capture, playback, err := roots.ALSADevice(b.PCMDevice)
	if err != nil {
		return nil, err
	}
	channels := b.PCMSlots * 8 / b.PCMWidth
	port, err := linuxhost.OpenTDM(linuxhost.TDMConfig{Capture: capture, Playback: playback, PCM: linuxhost.PCMConfig{Channels: channels}})
	if err != nil {
		return nil, err
	}
	tdm, err := hal.NewTDMHighway(port, channels, nil)
	if err != nil {
		port.Close()
		return nil, err
	}
	return tdm, nil
}

// highwayStreams returns the opener of a ts= module's stream on tdm, whose
// channels are width bits: the channel that starts at the module's first
// 8-bit slot (hal.TDMChannel).
func highwayStreams(tdm *hal.TDMHighway, width int) func(hal.Module) (hal.PCMStream, error) {
	return func(m hal.Module) (hal.PCMStream, error) {
		ch, err := hal.TDMChannel(m.Timeslot, width)
		if err != nil {
			return nil, err
		}
		return tdm.Stream(ch)
	}
}
