// Package gsm is the GSM channel driver: it turns GSM modules (a
// drivers/gsm.Dev and the module's call audio, a hal.PCMStream) into call
// legs on the channels "gsm/1", "gsm/2", ... (the module's slot).
//
// A Channel does not start or supervise the modems: the caller builds each
// Dev, runs its Init and Supervise (Supervise polls AT+CLCC during calls,
// which is where an outgoing call learns that it rings and is answered,
// 3GPP TS 27.007 7.18), and forwards each Dev's events to HandleEvent. The
// SMS service gets the same Dev and events; this package handles calls only.
//
// Inbound: a ringing module (RING and +CLIP, 27.007 7.6) becomes a leg that
// is handed to the switch with the caller's number. Outbound: Dial places a
// voice call (ATD<number>;, V.250 6.3.1) on the module named in the address.
// Digits go out with AT+VTS (27.007 C.11) and come in as the modem's DTMF
// reports (SIM800 +DTMF, Quectel +QTONEDET) or, for modules set to
// InbandDTMF, from a DTMF detector on the module's audio.
//
// Per-SIM limits (minutes per day and month, SMS per day) come from Limits:
// a module whose minutes are used up refuses calls with
// call.CauseUnavailable (so outbound rules try the next line), reports Up
// false, and raises an alarm; a call in progress is cut when the rest of
// the allowance runs out. Usage is read every StatusEvery, and at once
// after UsageChanged (the SMS service calls it for each message sent).
//
// Fixed-mobile convergence (FMC): on a module with FMC on, a call from a
// number that is an extension's mobile is answered by the channel, which
// asks for the PIN when one is set, plays the internal dial tone, collects
// the number dialled and only then hands the leg to the switch, with the
// extension as the caller (Remote, and Extension on the leg).
package gsm
