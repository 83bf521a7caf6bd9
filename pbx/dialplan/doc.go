// Package dialplan is the switch's call handler until the scenario engine
// exists: it puts extensions through to each other, sends dialled numbers
// out through SIP trunks by the outbound rules, and puts calls from trunks
// through to the extension whose number they dialled.
//
// # Rules, in the order they are applied
//
// A call from a trunk, an FXO line or a GSM module (channel kinds "trunk",
// "fxo", "gsm") rings the extension whose number equals the number dialled
// (the DID). Anything else is refused with call.CauseNotFound: until
// inbound routes bind scenarios, a DID reaches an extension only by being
// its number. Such a call never goes out again through an outbound rule.
//
// A call from an extension (channel kinds "sip" and "fxs"; the extension is
// the one assigned to the FXS port, or the one whose number the SIP leg's
// caller ID carries) to a number that is an extension's rings that
// extension: {"sip", number} when it has SIP devices (the SIP channel rings
// all of them) and {"fxs", number} when an FXS port is assigned to it, both
// at once. An extension on do-not-disturb is busy; one with neither is
// unavailable.
//
// Any other number goes through the outbound rules (store.OutboundRule).
// The rules with the longest prefix that matches the number are the
// candidates; those that need no more than the calling extension's
// outbound level are tried in order of priority, each as
// {"trunk", call.TrunkAddress(trunk name, prepend + number[strip:])}, the
// next one only when the previous trunk is unavailable or congested. When
// candidates exist but the extension's level allows none of them, the call
// is refused with call.CauseRejected and nothing is dialled: new extensions
// are "internal", so they cannot call out until an admin allows it. A number
// that matches no rule is not found (call.CauseNotFound: SIP 404, the
// special information tone on an analog phone); one whose allowed rules all
// name disabled trunks is congestion.
//
// A rule's lines (store.OutboundRuleLine: FXO lines, GSM modules, more
// trunks) follow its trunk as backups, each dialled as {kind, line name,
// number} while it is up. A PSTN line knows no "+": an FXO line is given
// an E.164 number in the national form of the line's country (+7916... is
// 8916... in Russia, +44... is 81044...), so that one rule written in
// E.164 serves trunks, GSM modules and analog lines alike.
//
// Once answered, the caller and the callee are bridged until one hangs up.
// A transfer request (SIP REFER) from the callee to an extension's number
// is carried out as a blind transfer; one to any other number is ignored
// and the call goes on. A hook flash holds the other party with music and
// lets the flashing phone dial a third party: hanging up while it rings
// transfers blind, hanging up after it answered transfers attended, and a
// flash toggles between the two (transfer.go). The third party is rung
// as a call dialled to its number: an extension's forwards (always, on
// do-not-disturb, busy, no answer or unreachable) are followed, once
// (thirdparty.go).
//
// A call from an FXS port is watched for a fax tone from its caller, as
// the scenario engine watches inbound calls; but a fax machine that calls
// out keeps its call (it is not moved to the fax ports): its legs are
// switched to carry the fax instead, and the call's path says so (fax.go).
// A callee's transfer requests and an analog callee's hook flash in a
// call the scenario engine drives are carried out by Plan.Transferred, as
// in the plan's own calls.
//
// # Feature codes and forwarding
//
// An extension's phone (SIP or FXS) dials feature codes: *97 its own
// mailbox and *98<mailbox> any mailbox (Opts.Voicemail asks for the PIN),
// *8 answers the oldest call ringing an extension now (the two calls are
// joined by a pair of PickupKind legs), *78 and *79 turn its
// do-not-disturb on and off, *72<number> forwards its calls to another
// extension or to an outside number its outbound level allows, *73 ends
// that (store.ExtensionForward). A code that changes a setting is answered
// with a confirmation tone and hung up. While an extension forwards, a
// call to it rings the forward's number instead, and its path says so.
// Otherwise the forwards on conditions that the admin sets apply: on busy
// (a phone that declines, or do-not-disturb at once), on no answer after
// the extension's own ring time, and when no phone can ring (at once when
// it has none). The call goes on once; the forward's number is rung
// without following its own forwards (forward.go). The scenario engine
// rings extensions by the same decision (Extensions, ringing.go), so that
// calls from the office's numbers follow the forwards too.
//
// The plan reads the configuration through the store and follows its
// changes without a restart: each change is loaded into a new snapshot,
// which replaces the old one only once it is complete; a call uses the
// snapshot that was current when it came in.
package dialplan
