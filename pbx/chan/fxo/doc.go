// Package fxo is the FXO channel driver: it turns PSTN lines, each a
// Si3050-class DAA (drivers/fxo) and the line's PCM audio, into call legs
// of pbx/call.
//
// # Wiring
//
// cmd/pbxd builds it after the drivers and the store, and before the
// switch:
//
//	ch, err := fxo.New(fxo.Opts{Lines: lines, Store: st, Logger: log})
//	sw := call.New(call.Options{Dialers: map[string]call.Dialer{"fxo": ch, ...}, ...})
//	err = ch.Start(ctx, sw) // runs each DAA's monitor, listens to each line
//	...
//	ch.Stop(ctx)            // hangs up, puts every line on-hook
//
// The channel runs each Dev (Dev.Run) and reads its events and its audio
// stream; cmd/ opens and closes them. Each line's row of fxo_lines (port,
// name, number, country, enabled) comes from the store and follows its
// changes without a restart; a call in progress keeps the tone plan it
// started with. Up and Status serve the outbound rules and the dashboard.
//
// # Inbound calls
//
// The exchange rings (the driver's RingStart and Ring). Caller ID is taken
// from the on-hook line's audio: V.23 FSK in the pause after the first ring
// (ETSI EN 300 659-1, section 6.1.1 b) or DTMF before it (section
// 6.1.1 a; the forms pbx/dsp reads). After the caller ID, or at the second
// ring without one, the leg goes to Incomer.Incoming with the line's own
// number as the number called; its Channel is "fxo/N" and its Remote the
// caller. The line is seized only when the switch answers (Answer, or
// Progress with early media: a PSTN line has no path to the caller before
// that). Rings that stop before (Opts.RingGap of silence) end the leg with
// call.CauseNormal: the caller gave up. A line that is disabled, or whose
// leg the switch hung up unanswered, is left to ring out.
//
// # Outgoing calls
//
// Dial (address call.TrunkAddress(line name or port, number)) seizes the
// line, waits for dial tone (dsp.CallProgressDetector with the line's tone
// plan) or Opts.DialToneWait when none comes, and dials the number as
// DTMF. It then reports EventProgress with early media (the exchange's
// ringback is heard through Audio) and:
//   - with Line.ReversalAnswer, EventAnswer at the polarity reversal the
//     exchange gives when the far end answers;
//   - without, EventAnswer at once (the line cannot tell), and a first
//     reversal later is still taken as the answer, not as a clear-down.
//
// # Clear-down
//
// A line is never left off-hook: a polarity reversal after the answer, the
// loop current dropping under Opts.MinLoopMA for Opts.LoopDropHold, or the
// exchange's busy or congestion tone (two cadence periods: 1.4 s for the
// Russian busy tone) end the leg with EventHangup and put the line
// on-hook. Busy tone before the answer ends an outgoing leg with
// call.CauseBusy, congestion with call.CauseCongestion. A line with no
// voltage is down: Up is false and Dial fails with call.CauseUnavailable,
// so that the switch tries a backup line; a line in use fails with
// call.CauseBusy.
//
// # Audio
//
// Each line's audio is read by one listener for the channel's whole life,
// at the line's frame clock. Off-hook, what is heard goes through the echo
// canceller (dsp.EchoCanceller, the hybrid's echo of what the box sent)
// to the leg's Audio; what the leg writes and the digits it sends
// (SendDigits, in-band DTMF) go out one frame per frame heard. The
// detectors hear the line before the canceller: call progress tones,
// DTMF from the far end (EventDigit; not while, and 100 ms after, the box
// sends digits itself), and fax tones (dsp.FaxToneDetector: CNG, CED and
// the V.25/V.8 answer tones), which close the leg's FaxDetector channel.
package fxo
