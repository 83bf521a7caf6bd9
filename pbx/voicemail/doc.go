// Package voicemail records messages for mailboxes, tells their owners by
// e-mail with the recording attached, and plays them back by phone.
//
// A Service drives a call through call.Control only. Leave plays the
// mailbox's greeting (an uploaded prompt, or speech synthesis of a default
// text), a beep, and records the caller into a WAV file in the box's format
// under the voicemail folder: voicemail/<mailbox>/<id>.wav, with the
// message's metadata next to it in <id>.json. Both are written to a
// temporary name, synced and renamed, and the JSON, written last, makes the
// message exist: a crash leaves a whole message or none.
//
// Notifications go out from Run, a loop that sends every message whose
// notification is pending and retries failed sends with a growing delay;
// the pending state lives in the message's JSON, so it survives restarts
// and the message itself is never lost when mail fails. SMTP sends over
// net/smtp with STARTTLS when the server offers it and optional
// authentication (RFC 5321, RFC 3207, RFC 4954 PLAIN); the message is
// multipart/mixed (RFC 2046) with the recording as a base64 audio/wav
// attachment (RFC 2045, RFC 2183).
//
// Listen checks the mailbox's PIN (a limited number of attempts), then
// plays new messages, oldest first, then saved ones; during and after each
// the caller presses 1 for the next message (leaving this one as it is),
// 7 to delete it, 9 to save it (a new message becomes saved), # to leave.
//
// Mailbox settings come through the Mailboxes interface until the store
// has a table for them.
package voicemail
