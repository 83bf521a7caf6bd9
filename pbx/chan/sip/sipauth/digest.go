package sipauth

import (
	"crypto/subtle"
	"errors"
	"strings"

	"github.com/icholy/digest"
)

// The digest algorithms the box offers.
const (
	SHA256 = "SHA-256"
	MD5    = "MD5"
)

// Challenges returns the WWW-Authenticate values for a 401: one per
// algorithm in algs (the box's preference, first most preferred, as RFC
// 8760 section 2.3 asks), each with qop="auth" and the same nonce. stale
// says that the request carried a nonce that expired, so the phone retries
// without asking its user (RFC 3261 section 22.4 / RFC 7616 stale).
//
// It writes the values itself, one allocation each, rather than through
// digest.Challenge.String, which took some 25: every INVITE and REGISTER
// is challenged once.
func Challenges(realm, nonce string, stale bool, algs ...string) []string {
	out := make([]string, 0, len(algs))
	for _, alg := range algs {
		var b strings.Builder
		b.Grow(64 + len(realm) + len(nonce))
		b.WriteString(`Digest realm=`)
		writeQuoted(&b, realm)
		b.WriteString(`, nonce=`)
		writeQuoted(&b, nonce)
		if stale {
			b.WriteString(`, stale=true`)
		}
		b.WriteString(`, algorithm=`)
		b.WriteString(alg)
		b.WriteString(`, qop="auth"`)
		out = append(out, b.String())
	}
	return out
}

// writeQuoted writes s as a quoted-string (RFC 7616 section 3.3, RFC 7230
// section 3.2.6): in double quotes, with '"' and '\\' escaped.
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// ErrBadCredentials says that an Authorization header could not be read
// or names an algorithm or qop the box does not offer.
var ErrBadCredentials = errors.New("sip: malformed or unsupported digest credentials")

// ParseCredentials reads an Authorization header value. It accepts the
// algorithms MD5 and SHA-256 and qop auth or none.
func ParseCredentials(h string) (*digest.Credentials, error) {
	c, err := digest.ParseCredentials(h)
	if err != nil {
		return nil, ErrBadCredentials
	}
	switch strings.ToUpper(c.Algorithm) {
	case "", MD5:
		c.Algorithm = MD5
	case SHA256:
		c.Algorithm = SHA256
	default:
		return nil, ErrBadCredentials
	}
	if c.QOP != "" && c.QOP != "auth" {
		return nil, ErrBadCredentials
	}
	if c.Username == "" || c.Nonce == "" || c.Response == "" || c.Userhash {
		return nil, ErrBadCredentials
	}
	return c, nil
}

// Verify reports whether c is the right response for method with the
// device's HA1 for c's algorithm (hex). It takes the same time whether or
// not the response matches; callers pass a dummy HA1 for unknown users so
// that they are not told apart from a wrong password. Verify does not
// check the nonce: see Nonces.
func Verify(c *digest.Credentials, method, ha1 string) bool {
	chal := &digest.Challenge{Realm: c.Realm, Nonce: c.Nonce, Algorithm: c.Algorithm}
	if c.QOP != "" {
		chal.QOP = []string{c.QOP}
	}
	want, err := digest.Digest(chal, digest.Options{
		Method: method, URI: c.URI, Username: c.Username,
		A1: ha1, Cnonce: c.Cnonce, Count: c.Nc,
	})
	if err != nil {
		return false
	}
	got := strings.ToLower(c.Response)
	return subtle.ConstantTimeCompare([]byte(want.Response), []byte(got)) == 1
}
