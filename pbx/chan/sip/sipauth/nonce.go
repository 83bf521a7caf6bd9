package sipauth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"

	"github.com/hookflash/firmware/pbx/chan/sip/internal/shard"
)

// Nonce check errors.
var (
	ErrNonceInvalid = errors.New("sip: nonce was not issued by this box")
	ErrNonceStale   = errors.New("sip: nonce has expired")
	ErrNonceReplay  = errors.New("sip: nonce count was already used")
)

// DefaultNonceTTL is how long a nonce may be used: long enough for a phone
// to answer the challenge, short enough to bound the replay table.
const DefaultNonceTTL = 5 * time.Minute

// nonceLen is the length of a nonce before encoding: 8 bytes of issue time
// (ns), 8 random bytes, 16 bytes of HMAC-SHA-256.
const nonceLen = 32

// Nonces issues and checks nonces. It is safe for concurrent use.
type Nonces struct {
	key [32]byte
	ttl time.Duration
	now func() time.Time
	// used maps a nonce to the highest nonce count accepted with it.
	used *shard.Map[usedNonce]
}

type usedNonce struct {
	nc      int
	expires time.Time
}

// NewNonces returns a nonce issuer with a fresh random key. ttl 0 means
// DefaultNonceTTL; now nil means time.Now.
func NewNonces(ttl time.Duration, now func() time.Time) *Nonces {
	if ttl <= 0 {
		ttl = DefaultNonceTTL
	}
	if now == nil {
		now = time.Now
	}
	n := &Nonces{ttl: ttl, now: now, used: shard.New[usedNonce]()}
	rand.Read(n.key[:])
	return n
}

// New returns a fresh nonce.
func (n *Nonces) New() string {
	var b [nonceLen]byte
	binary.BigEndian.PutUint64(b[:8], uint64(n.now().UnixNano()))
	rand.Read(b[8:16])
	copy(b[16:], n.mac(b[:16]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (n *Nonces) mac(b []byte) []byte {
	h := hmac.New(sha256.New, n.key[:])
	h.Write(b)
	return h.Sum(nil)[:16]
}

// Valid checks that nonce was issued by n and has not expired, without
// consuming a nonce count. It returns ErrNonceInvalid or ErrNonceStale.
func (n *Nonces) Valid(nonce string) error {
	b, err := base64.RawURLEncoding.DecodeString(nonce)
	if err != nil || len(b) != nonceLen || !hmac.Equal(b[16:], n.mac(b[:16])) {
		return ErrNonceInvalid
	}
	issued := time.Unix(0, int64(binary.BigEndian.Uint64(b[:8])))
	if age := n.now().Sub(issued); age > n.ttl || age < -time.Minute {
		return ErrNonceStale
	}
	return nil
}

// Use records that nonce was used with nonce count nc (0 when the client
// sent no qop) and returns ErrNonceReplay when that count, or a larger one,
// was used before. Call it only after the credentials proved right, so
// that a wrong guess cannot burn a phone's count.
func (n *Nonces) Use(nonce string, nc int) error {
	var err error
	expires := n.now().Add(n.ttl)
	n.used.Update(nonce, func(u usedNonce, ok bool) (usedNonce, bool) {
		if ok && (nc == 0 || nc <= u.nc) {
			err = ErrNonceReplay
			return u, true
		}
		return usedNonce{nc: nc, expires: expires}, true
	})
	return err
}

// Sweep forgets the nonces that have expired; the registrar calls it now
// and then so that the replay table stays small.
func (n *Nonces) Sweep() {
	now := n.now()
	n.used.Range(func(_ string, u usedNonce) bool { return now.Before(u.expires) })
}
