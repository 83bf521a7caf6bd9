// Package registrar is the box's SIP registrar for extensions (RFC 3261
// section 10.3): phones REGISTER with digest authentication against the
// HA1 hashes in the store, and the registrar keeps their contact bindings in
// memory so that the SIP channel can ring them.
//
// # Who may register what
//
// A device authenticates with its username (store.SIPDevice.Username) and
// may bind contacts for its own address of record: the To URI's user must
// be the device's username or its extension's number. Bindings are kept per
// extension, so Lookup("101") returns the contacts of every device of
// extension 101, which the channel rings together.
//
// # Limits
//
// An extension holds at most MaxContacts bindings (5 by default). A new
// contact beyond that replaces the binding refreshed longest ago: phones
// that reboot often re-register with a new Call-ID and contact, and refusing
// them would lock a user out until stale bindings expire. Expiry is asked
// for with the Expires header or the contact's expires parameter; below
// MinExpires the registrar answers 423 with Min-Expires, above MaxExpires it
// grants MaxExpires, and without either it grants DefaultExpires (3600 s).
//
// # Failed authentication
//
// A request without credentials, or with a nonce the box did not issue, is
// challenged (401) with MD5 and SHA-256 (MD5 first unless
// Opts.PreferSHA256: see there why). Credentials for an unknown username
// are checked against a dummy hash, so they cost the same time and draw the
// same 403 Forbidden as a wrong password. An expired or replayed nonce is
// challenged again with stale=true.
//
// # Reachability
//
// Run sends OPTIONS to every binding every QualifyInterval through the
// Pinger; any response marks the contact reachable, no response marks it
// unreachable, and the channel skips unreachable contacts when ringing.
//
// Registrar is safe for concurrent use; its bindings live in a sharded map.
package registrar
