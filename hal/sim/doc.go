// Package sim is the simulated hardware of the development board: chips
// emulated at register level behind a fake SPI bus (a Si3210-class ProSLIC,
// a Si3050-class DAA), the outside world around them (analog phones, a PSTN
// line), simulated GPIO, PCM, watchdog and LEDs. The real drivers run
// against it unchanged.
//
// Emulation is event driven: state changes when the driver writes a
// register or the simulated world acts (a phone goes off-hook, the exchange
// rings), and time-dependent chip behaviour (calibration, DC-DC start-up)
// runs on a hal.Clock, so tests drive everything inside testing/synctest.
//
// The files gsm*.go and modem*.go (the AT-command modem emulation) belong to
// the GSM work and follow the same rules.
//
// What the emulation does not model, so the tests cannot catch it:
//
//   - Analog physics: loop resistance, line length, longitudinal balance,
//     ring voltage and waveform, the DC-DC converter's regulation and power
//     alarms. Ringing is a linefeed state with a frequency and a cadence;
//     calibrations finish after fixed delays with nominal results.
//   - PCM at bit level: each module has its own clock-paced link of linear
//     frames; the chips' PCM mode and start counts are checked, not used to
//     place or compand samples on a shared highway (hal/linuxhost's ALSA
//     highway is tested against snd-aloop in a qemu guest instead).
//   - SPI timing (clock rates, chip-select setup times) and the Si3215/16
//     register map; the facts marked unverified in drivers/fxs and
//     drivers/fxo are shared by driver and emulation, so tests show only
//     that the two agree.
//   - The radio: a modem's registration, signal and calls follow what the
//     test or the lab does; no handovers, data sessions, CSD or fax, only
//     the AT subsets of SIM800, SIM7600 and EC25 that the driver uses; USB
//     enumeration is a pseudo-terminal bridge (PTY), not a USB device.
package sim
