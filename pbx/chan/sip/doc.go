// Package sip is the SIP channel driver: it turns registered SIP phones and
// SIP trunks into call legs of pbx/call, as a back-to-back user agent
// (B2BUA) on github.com/emiago/sipgo.
//
// # Wiring
//
// pbxd builds it after the media engine and before the switch:
//
//	ch, err := sip.New(sip.Opts{Addr: cfg.SIPAddr, Store: st, Media: sip.MediaFrom(eng), Logger: log})
//	sw := call.New(call.Options{Dialers: ch.Dialers(), ...}) // "sip" and "trunk"
//	err = ch.Start(ctx, sw) // binds UDP and TCP, loads the store, registers trunks
//	...
//	ch.Stop(ctx)            // hangs up calls, unregisters trunks, closes sockets
//
// Extensions, devices, trunks and the realm come from the store and follow
// its changes without a restart; calls in progress keep going.
//
// # What it does
//
//   - Transports: UDP and TCP on one address; rport and received (RFC 3581)
//     on every response, and requests to a phone go to the address its
//     REGISTER came from, so phones behind NAT are reached.
//   - Registrar (package registrar): digest authentication with MD5 and
//     SHA-256 (RFC 8760) against the HA1 hashes in the store (package
//     sipauth says how they are made), expiry, up to five contacts per
//     extension, OPTIONS qualify.
//   - Calls: an INVITE from a phone is authenticated like a REGISTER, one
//     from a trunk's provider is matched by its source address; either
//     becomes a leg handed to Switch.Incoming with the number dialled (the
//     DID for trunks). Dialers ring all of an extension's reachable
//     contacts at once (first 2xx wins, CANCEL the rest) or call out
//     through a trunk with the caller ID asked for. A ringing caller gets
//     180, or 183 with the country's ringback tone when it calls in on a
//     trunk, and 183 with the far end's early media (ringback.go). CANCEL,
//     BYE from either side, re-INVITE for hold and resume (reported as
//     EventFlash, so that the dial plan plays music on hold to the other
//     party), REFER (EventTransfer, blind; with Replaces an attended
//     transfer reported on both of the phone's dialogs, replaces.go;
//     NOTIFY "100 Trying", then the outcome the switch reports through
//     call.TransferReporter: 200 OK, 486, 480, 403, refer.go), SIP
//     INFO and RFC 4733 digits (EventDigit), media timeout, and the
//     mapping of response codes to and from call.Cause (cause.go) are
//     handled.
//   - Trunks: outbound registration with digest authentication,
//     re-registration at three quarters of the granted expiry, state for
//     the status page (Channel.Trunks), down on failure and retried with
//     backoff until it recovers.
//
// # Load
//
// The hot path takes no global lock of the channel's: dialogs,
// registrations and nonces live in sharded maps (internal/shard). sipgo
// parses each message on its socket's reader and hands requests to the
// channel on short-lived goroutines; the channel queues them for a fixed
// pool of workers (dispatch.go). When the queue is full, or a request waited
// too long, new requests get 503 with Retry-After while requests inside
// dialogs still run, so the box sheds load and leaves no call behind.
// Calls are bounded by Opts.MaxCalls and TCP connections by Opts.MaxTCP.
// What is left of sipgo's own: its transaction table is one map behind an
// RWMutex, held briefly per message.
//
// # Standards
//
// RFC 3261 (the state machines cite its sections), RFC 3581 (rport),
// RFC 3264 (offer/answer, through pbx/media), RFC 3326 (Reason with Q.850
// causes), RFC 3325 and 3323 (P-Asserted-Identity, Privacy), RFC 3515
// (REFER), RFC 3891 (Replaces), RFC 3960 (early media), RFC 6026 (2xx retransmission), RFC 7616
// and RFC 8760 (digest).
package sip
