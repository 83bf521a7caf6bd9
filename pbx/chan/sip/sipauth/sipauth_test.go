package sipauth

import (
	"errors"
	"testing"
	"time"

	"github.com/icholy/digest"
)

func TestHA1(t *testing.T) {
	// RFC 2617 section 3.5's example user, realm and password.
	m, s := HA1("Mufasa", "testrealm@host.com", "Circle Of Life")
	if m != "939e7578ed9e3c518a452acee763bce9" {
		t.Errorf("HA1 MD5 = %s; want RFC 2617's 939e7578ed9e3c518a452acee763bce9", m)
	}
	if len(s) != 64 {
		t.Errorf("HA1 SHA-256 = %q; want 64 hex digits", s)
	}
}

// answer plays a phone: it answers challenge with password as
// icholy/digest's client does.
func answer(t *testing.T, challenge, user, password string, nc int) *digest.Credentials {
	t.Helper()
	chal, err := digest.ParseChallenge(challenge)
	if err != nil {
		t.Fatal(err)
	}
	c, err := digest.Digest(chal, digest.Options{Method: "REGISTER", URI: "sip:hookflash", Username: user, Password: password, Count: nc})
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ParseCredentials(c.String())
	if err != nil {
		t.Fatalf("ParseCredentials(%q) = %v", c.String(), err)
	}
	return parsed
}

func TestVerify(t *testing.T) {
	md5ha1, shaha1 := HA1("101", DefaultRealm, "secret")
	n := NewNonces(0, nil)
	chals := Challenges(DefaultRealm, n.New(), false, SHA256, MD5)
	tests := []struct {
		name      string
		challenge string
		password  string
		ha1       string
		want      bool
	}{
		{"sha-256 right", chals[0], "secret", shaha1, true},
		{"md5 right", chals[1], "secret", md5ha1, true},
		{"sha-256 wrong", chals[0], "guess", shaha1, false},
		{"md5 wrong", chals[1], "guess", md5ha1, false},
		{"md5 response against the sha-256 hash", chals[1], "secret", shaha1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := answer(t, tt.challenge, "101", tt.password, 1)
			if got := Verify(c, "REGISTER", tt.ha1); got != tt.want {
				t.Errorf("Verify(%s) = %v; want %v", c.Algorithm, got, tt.want)
			}
		})
	}
}

func TestNonces(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	n := NewNonces(time.Minute, func() time.Time { return now })
	a := n.New()
	if err := n.Valid(a); err != nil {
		t.Fatalf("Valid(fresh) = %v", err)
	}
	if err := n.Valid(a[:len(a)-2] + "AA"); !errors.Is(err, ErrNonceInvalid) {
		t.Errorf("Valid(forged) = %v; want ErrNonceInvalid", err)
	}
	if err := NewNonces(0, nil).Valid(a); !errors.Is(err, ErrNonceInvalid) {
		t.Errorf("Valid(another box's nonce) = %v; want ErrNonceInvalid", err)
	}
	steps := []struct {
		nc   int
		want error
	}{{1, nil}, {2, nil}, {2, ErrNonceReplay}, {1, ErrNonceReplay}, {5, nil}}
	for _, s := range steps {
		if err := n.Use(a, s.nc); !errors.Is(err, s.want) {
			t.Errorf("Use(nc=%d) = %v; want %v", s.nc, err, s.want)
		}
	}
	b := n.New()
	if err := n.Use(b, 0); err != nil {
		t.Errorf("Use(no qop, first) = %v", err)
	}
	if err := n.Use(b, 0); !errors.Is(err, ErrNonceReplay) {
		t.Errorf("Use(no qop, again) = %v; want ErrNonceReplay", err)
	}
	now = now.Add(2 * time.Minute)
	if err := n.Valid(a); !errors.Is(err, ErrNonceStale) {
		t.Errorf("Valid(old) = %v; want ErrNonceStale", err)
	}
	n.Sweep()
	if l := n.used.Len(); l != 0 {
		t.Errorf("after Sweep %d nonces remembered; want 0", l)
	}
}

func FuzzParseCredentials(f *testing.F) {
	f.Add(`Digest username="101", realm="hookflash", nonce="abc", uri="sip:x", response="0123", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="x"`)
	f.Add(`Digest username="101"`)
	f.Add(`Basic abc`)
	f.Add(`Digest nc=zz`)
	f.Fuzz(func(t *testing.T, h string) {
		c, err := ParseCredentials(h)
		if err == nil && (c.Username == "" || c.Nonce == "") {
			t.Errorf("ParseCredentials(%q) accepted credentials without username or nonce", h)
		}
		if err == nil {
			Verify(c, "REGISTER", "00")
		}
	})
}

// TestChallengesParse reads back what Challenges writes, with a realm
// that needs escaping and a stale nonce.
func TestChallengesParse(t *testing.T) {
	tests := []struct {
		realm, nonce string
		stale        bool
		alg          string
	}{
		{DefaultRealm, "abc123", false, MD5},
		{`office "east" \ hq`, "n-1.2", true, SHA256},
	}
	for _, tt := range tests {
		h := Challenges(tt.realm, tt.nonce, tt.stale, tt.alg)[0]
		c, err := digest.ParseChallenge(h)
		if err != nil {
			t.Fatalf("ParseChallenge(%q) = %v", h, err)
		}
		if c.Realm != tt.realm || c.Nonce != tt.nonce || c.Stale != tt.stale || c.Algorithm != tt.alg || len(c.QOP) != 1 || c.QOP[0] != "auth" {
			t.Errorf("ParseChallenge(%q) = %+v; want realm %q, nonce %q, stale %v, algorithm %s, qop auth", h, c, tt.realm, tt.nonce, tt.stale, tt.alg)
		}
	}
}
