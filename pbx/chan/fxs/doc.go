// Package fxs is the FXS channel driver: it turns the box's analog ports (a
// ProSLIC of drivers/fxs and the port's PCM audio) into call legs of
// pbx/call.
//
// # Wiring
//
// pbxd builds it after the drivers and the store, and before the switch:
//
//	ch, err := fxs.New(fxs.Opts{Ports: ports, Store: st, Matcher: plan, Logger: log})
//	sw := call.New(call.Options{Dialers: map[string]call.Dialer{"fxs": ch, ...}, ...})
//	err = ch.Start(ctx, sw) // runs every port's driver loop and audio
//	...
//	ch.Stop(ctx)            // hangs up the calls, stops the loops
//
// The channel runs each port's fxs.Dev.Run and is the one reader of its
// Events; it reads and writes the port's hal.PCMStream but does not close
// it. Port settings (extension, mode, caller ID, country, hotline, echo
// canceller) come from the store's fxs_ports table and follow its changes
// without a restart; a call in progress keeps the settings it started with.
//
// # What a port does
//
// Each port is a state machine (port.go) driven by the phone's hook (the
// driver's debounced events), the digits it dials, timers and the switch.
// One goroutine per port (media.go) runs the audio every 20 ms frame: it
// plays the tone of the state (tone plans of pbx/dsp by the port's
// country), the caller ID sequence (dsp.CLIPSequencer), DTMF to the phone
// and the far end's audio; it listens for DTMF digits and cancels the
// hybrid's echo on voice ports.
//
//   - Off-hook: dial tone (stutter dial tone while a message waits), digits
//     by DTMF or rotary pulses, Opts.Matcher decides when the number is
//     complete ('#' and the inter-digit timeout end it too), then the leg
//     goes to the switch with the number. A hotline port dials its number
//     when no digit comes within Opts.HotlineDelay.
//   - While the call is put through: ringback on progress; busy tone for
//     CauseBusy, the special information tone for CauseNotFound and for
//     digits the matcher says no number starts with, congestion tone for
//     the other failures.
//   - Ringing (Channel.Dial): the country's cadence (fxs.CountryRinging) and
//     caller ID as the port is set: ETSI FSK (V.23) before the first ring,
//     with line reversal and DT-AS, or after it; Bell 202 after the first
//     ring; DTMF before the first ring (EN 300 659-1 sequences of
//     dsp.CLIPSequencer).
//   - In a call: the port's PCM through the echo canceller (voice ports
//     with echo_cancel), DTMF from the phone as EventDigit, hook flash as
//     EventFlash, on-hook as EventHangup. When the far end hangs up the
//     phone hears busy tone until it hangs up. After a flash the switch's
//     handler may collect a second number (call.NumberCollector): the
//     phone hears dial tone again and its digits go to the matcher.
//   - Call waiting (waiting.go): a Dial to a voice port in a call waits;
//     the phone hears the country's call waiting tone over the call (no
//     off-hook caller ID). While the port has a second call a flash is the
//     port's own (answer it and hold the first, then swap; the held far
//     end hears Opts.HoldMusic) and never reaches the switch as
//     EventFlash; hanging up rings the phone back with the second call.
//   - Fax ports: no echo canceller, no DTMF listening, nothing injected
//     into the audio while the call is up.
//   - A phone left off-hook hears its tone for Opts.ToneTimeout, then the
//     howler for Opts.HowlerTime, then the port is parked in silence until
//     it hangs up.
//   - Message waiting (SetMessageWaiting): FSK MWI on-hook (message type
//     0x82, EN 300 659-3 and Telcordia GR-1401's MDMF VMWI) and stutter
//     dial tone.
package fxs
