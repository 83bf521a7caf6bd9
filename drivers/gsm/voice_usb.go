package gsm

import (
	"context"
	"fmt"
	"strings"
)

// usbVoice is how a family switches its call audio to its USB audio serial
// interface (voice over USB) and back, and when.
//
//   - EC25/EG25: AT+QPCMV=1,0 turns Voice over USB on, on port 0, the USB
//     NMEA interface (port 2 would be the UAC sound card, which is not a
//     serial stream); AT+QPCMV=0 turns it off. It is sent before ATD and
//     ATA, as public drivers that report it working do.
//   - SIM7600: AT+CPCMREG=1 starts PCM on the USB "Audio" interface,
//     AT+CPCMREG=0 stops it; public code sends it once the call is up
//     (after "VOICE CALL: BEGIN").
//
// These facts come from public drivers and traces (see hal/pcm_serial.go);
// the vendors' application notes were not at hand to confirm them.
type usbVoice struct {
	on, off string
	// beforeCall: on is sent before ATD/ATA; otherwise once the call is up.
	beforeCall bool
}

// usbVoice returns the family's voice-over-USB commands, false for a
// family without voice over USB (SIM800, generic).
func (d Dialect) usbVoice() (usbVoice, bool) {
	switch d {
	case EC25:
		return usbVoice{on: "AT+QPCMV=1,0", off: "AT+QPCMV=0", beforeCall: true}, true
	case SIM7600:
		return usbVoice{on: "AT+CPCMREG=1", off: "AT+CPCMREG=0"}, true
	}
	return usbVoice{}, false
}

// voiceInit checks at start-up that the family has voice over USB when
// Opts.VoiceOverUSB asks for it, and turns it off, as a driver restarted in
// the middle of a call may have left it on.
func (d *Dev) voiceInit(ctx context.Context, dialect Dialect) error {
	d.mu.Lock()
	d.voiceOn = false
	d.mu.Unlock()
	if !d.o.VoiceOverUSB {
		return nil
	}
	v, ok := dialect.usbVoice()
	if !ok {
		return fmt.Errorf("gsm: %v modules have no voice over USB; give the module's PCM time slot (ts=N) in the board profile instead of pcm=usb", dialect)
	}
	if _, err := d.at(ctx, v.off); err != nil {
		d.log.Debug("gsm: voice over USB off at start-up", "err", err)
	}
	return nil
}

// voiceBeforeCall turns voice over USB on before ATD or ATA for the
// families that want it so (EC25). A refusal is logged, not fatal: the
// call still works, without audio.
func (d *Dev) voiceBeforeCall(ctx context.Context) {
	if !d.o.VoiceOverUSB {
		return
	}
	v, ok := d.Info().Dialect.usbVoice()
	if !ok || !v.beforeCall {
		return
	}
	d.setVoice(ctx, v.on, true)
}

// setVoice sends a voice-over-USB command and records the state it leaves.
func (d *Dev) setVoice(ctx context.Context, cmd string, on bool) {
	if _, err := d.at(ctx, cmd); err != nil {
		d.log.Warn("gsm: voice over USB refused; the call has no audio", "cmd", cmd, "err", err)
		return
	}
	d.mu.Lock()
	d.voiceOn = on
	d.mu.Unlock()
}

// kickVoice asks voiceLoop to bring voice over USB in line with the call.
func (d *Dev) kickVoice() {
	if !d.o.VoiceOverUSB {
		return
	}
	poke(d.voiceKick)
}

// voiceLoop turns voice over USB on once a call is up (SIM7600) and off
// once no call is left (all families). It runs while the Dev is open when
// Opts.VoiceOverUSB is set.
func (d *Dev) voiceLoop() {
	d.serve(d.voiceKick, func(ctx context.Context) {
		v, ok := d.Info().Dialect.usbVoice()
		if !ok {
			return
		}
		d.mu.Lock()
		on, inCall, up := d.voiceOn, d.call.inCall, d.call.up
		d.mu.Unlock()
		switch {
		case on && !inCall:
			d.setVoice(ctx, v.off, false)
		case !on && up && !v.beforeCall:
			d.setVoice(ctx, v.on, true)
		}
	})
}

// VoiceOverUSB reports whether the module's voice over USB is on now.
func (d *Dev) VoiceOverUSB() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.voiceOn
}

// onVoiceCall handles the SIM7600's "VOICE CALL: BEGIN" (the voice channel
// is up) and "VOICE CALL: END: <HHMMSS>" (it ended), as public SIM7600
// traces show them.
func (d *Dev) onVoiceCall(line string) {
	switch {
	case strings.Contains(line, "BEGIN"):
		d.mu.Lock()
		d.call.inCall, d.call.up = true, true
		d.mu.Unlock()
		d.kickCall()
		d.kickVoice()
	case strings.Contains(line, "END"):
		d.onCallEnd(ErrNoCarrier)
	}
}
