// Package gsm drives AT-command GSM/LTE modems: SIMCom SIM800 and SIM7600
// and Quectel EC25/EG25. It runs the AT session over a serial stream that
// the caller owns (an io.ReadWriter) and the module's power-key and reset
// lines (a two-method interface), and offers voice calls, SMS in PDU mode,
// USSD and supervision with escalating recovery.
//
// A Dev is safe for concurrent use: commands from several goroutines are
// sent one at a time, each with its own timeout, while unsolicited result
// codes (RING, +CLIP, +CMTI, +CUSD, ...) are recognised and dispatched on
// their own goroutine, never mistaken for a command's response.
//
// # Standards and manuals followed
//
//   - ITU-T V.250: command line syntax, echo (E), information text and final
//     result codes OK, ERROR, NO CARRIER, BUSY, NO ANSWER, NO DIALTONE
//     (5.7, 6.2, 6.3.1 for D).
//   - 3GPP TS 27.007: +CME ERROR and its codes (9.1, 9.2), +CMEE (9.1), +CGSN
//     (5.4), +CIMI (5.6), +CPIN (8.3), +CSQ (8.5), +COPS (7.3), +CREG (7.2),
//     +CEREG (10.1.22), +CLIP (7.6), +CLCC (7.18), +VTS (C.11), +CUSD (7.15),
//     +CFUN (8.2).
//   - 3GPP TS 27.005: PDU mode (3.1, 4), +CMGF (3.2.3), +CMS ERROR (3.2.5),
//     +CPMS (3.2.2), +CNMI (3.4.1) with +CMTI, +CMT and +CDS, +CMGL (4.1),
//     +CMGR (4.2), +CMGS with the "> " prompt (4.3), +CMGD (3.5.4).
//   - 3GPP TS 23.040: SMS-SUBMIT, SMS-DELIVER, SMS-STATUS-REPORT (9.2.2),
//     concatenation information elements 0x00 and 0x08 (9.2.3.24.1, .8).
//   - 3GPP TS 23.038: GSM 7-bit default alphabet and extension table (6.2.1),
//     UCS-2 (6.2.3), data coding schemes for SMS (4) and for USSD (5).
//   - SIMCom "SIM800 Series AT Command Manual" (AT+CCID, AT+DDET and the
//     +DTMF report, the RDY / Call Ready / SMS Ready start-up reports) and
//     "SIM7500_SIM7600 Series AT Command Manual" (AT+CICCID, AT+CHUP).
//   - Quectel "EC25&EC21 AT Commands Manual" (AT+QCCID, AT+QTONEDET and
//     +QTONEDET, +QIND, +QUSIM, RDY) and the EC25/EG25 hardware design
//     guides for the PWRKEY and RESET_N pulse widths.
//
// # Supervision
//
// Supervise sends a probe (AT every Heartbeat, or AT+CLCC every CallPoll
// during a call), repeats a missed one at once, and when HeartbeatMisses
// probes in a row time out declares the modem down (EventModemDown): with
// the defaults a modem that stops answering is flagged 6 to 11 s later
// (Heartbeat 5 s + 2 x ProbeTimeout 3 s). Probes wait behind the commands
// under way, so a modem busy sending an SMS or asking USSD is not taken for
// dead. Then it escalates: the
// start-up sequence again, AT+CFUN=1,1, a RESET_N pulse, a PWRKEY power
// cycle, and round again. Calls in flight are reported failed at once
// (EventCallFailed), SendSMS fails with ErrModemDown, and messages given to
// QueueSMS stay queued (in memory) and are sent, continuing with the next
// unsent part, once the modem answers again. A modem that restarts on its
// own (an RDY the driver did not cause) is set up again.
//
// # Voice over USB
//
// With Opts.VoiceOverUSB (a board profile's pcm=usb) the call audio comes
// over the module's USB audio serial interface, which cmd/ wraps with
// hal.NewSerialPCM: the EC25 gets AT+QPCMV=1,0 before ATD/ATA and
// AT+QPCMV=0 after the call, the SIM7600 AT+CPCMREG=1 once the call is up
// (VOICE CALL: BEGIN, the answer, or +CLCC) and AT+CPCMREG=0 after it. These
// commands and the SIM7600's VOICE CALL / MISSED_CALL reports are taken from
// public drivers and traces; the vendors' application notes were not at
// hand (see voice_usb.go).
//
// PDU encoding and decoding (GSM-7 with the extension table, UCS-2 with
// surrogate pairs, user data headers, segmentation) is done with
// github.com/warthog618/sms; reassembly of concatenated messages, storage
// handling and delivery are this package's own, because they are tied to
// the modem's storage indexes (a part is deleted from the modem only after
// the whole message was taken by the receiver).
//
// Facts come from the standards and manuals; the code is written for this
// project.
package gsm
