// Package lab is the outside world of the simulated board, made audible and
// drivable: an ear and a voice for every analog phone on an FXS port, a PSTN
// exchange behind every FXO line, a GSM network behind every modem, and the
// HTTP JSON API that the web UI's lab page and the end-to-end tests use.
//
// The lab stands on hal/sim's World: it reads and writes the world side of
// each module's PCM link and acts through the emulated phones, lines and
// modems, so the box's real drivers and channels see a real-looking world.
// What the world hears is classified with pbx/dsp: call progress tones of a
// country's tone plan (ITU-T E.180), DTMF digits (Q.24), caller ID (ETSI EN
// 300 659-1 FSK and DTMF, Bell 202), levels in dBm0 (G.711) and the
// frequency of a test tone.
//
// Everything the lab does is paced by the 20 ms frames of the PCM links:
// Run reads one frame from every module, lets each slot's state machine
// take its step and writes one frame back. Timers (an exchange's digit
// timeout, answer delay, a loop drop) count frames, so a test inside a
// testing/synctest bubble runs the world in fake time.
package lab
