// Package webui is the box's admin web interface: the JSON API under /api/,
// a websocket live feed, authentication, and the page that uses them.
//
// # Authentication
//
// There is no default password. On first start (and after reset-admin or a
// factory reset) pbxd makes a one-time setup code with NewSetupCode and prints
// it on its console. Whoever can read that console types the code into the
// setup form together with the admin's user name and new password; the code
// then stops working.
//
// Passwords are hashed with argon2id (RFC 9106) in PHC string form, with
// OWASP's minimum parameters (19 MiB, 2 passes, 1 lane), which a small ARM
// board computes in a fraction of a second; at most two hashes run at once,
// so a burst of logins cannot exhaust its memory. A login creates a session: a
// random 256-bit token in the HttpOnly, SameSite=Strict cookie hf_session, of
// which only the SHA-256 hash is stored, valid for 12 hours.
//
// # Cross-site request forgery
//
// Every state-changing request (POST, PUT, PATCH, DELETE) must carry the
// header X-CSRF-Token. Before login it must equal the cookie hf_csrf (a
// double-submit token, set by GET / and GET /api/csrf); once logged in it must
// equal the session's own token, which is rotated at every login. The whole
// handler is also wrapped in net/http's CrossOriginProtection, which refuses
// cross-origin browser requests by their Sec-Fetch-Site and Origin headers.
//
// # Rate limiting
//
// Failed logins and failed setup codes are counted per client address: the
// host of the connection's remote address, or its /64 prefix for IPv6.
// X-Forwarded-For is ignored, since the box sits behind no proxy and anyone
// can set that header. After five failures within a sliding minute
// the address gets 429 Too Many Requests, with Retry-After, until the oldest
// failure is a minute old, and its password is not even checked.
package webui
