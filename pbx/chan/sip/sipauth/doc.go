// Package sipauth is SIP digest authentication as a server does it: the
// HA1 hashes the box stores instead of passwords, the challenges it sends,
// the nonces it issues and the credentials it checks. It follows RFC 3261
// section 22 and RFC 8760 (SHA-256 next to MD5) on top of
// github.com/icholy/digest, and knows nothing of transports or of the
// store.
//
// # Passwords and HA1
//
// The box never keeps a SIP device's password. When an admin sets one, the
// web UI calls HA1(username, realm, password) and stores both hashes in
// sip_devices.ha1_md5 and sip_devices.ha1_sha256:
//
//	ha1_md5    = hex(MD5(username ":" realm ":" password))
//	ha1_sha256 = hex(SHA-256(username ":" realm ":" password))
//
// The realm is the box-wide setting RealmSetting ("sip_realm", a JSON
// string), DefaultRealm when unset. Because the realm is part of every HA1,
// changing it invalidates every stored hash: the UI must then ask for each
// device's password again.
//
// # Nonces
//
// A nonce is stateless to issue: it carries its issue time and an HMAC
// over it under a key that lives only in memory, so a restart invalidates
// old nonces (phones then get stale=true and retry). Replays are refused by
// remembering, for each nonce that was used, the highest nonce count (nc)
// seen: a request must present a larger one (RFC 7616 section 3.4.5's
// advice, which SIP digest inherits). A nonce without qop is accepted once.
package sipauth
