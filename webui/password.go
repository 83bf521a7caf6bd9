package webui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password rules, in characters (runes). The maximum bounds the work of one
// hash; it is far beyond any password a person types.
const (
	minPasswordLen = 10
	maxPasswordLen = 256
)

// argonParams are argon2id's cost parameters (RFC 9106 section 3.1).
type argonParams struct {
	memory  uint32 // KiB
	time    uint32 // passes
	threads uint8  // lanes
	keyLen  uint32 // bytes
}

// defaultArgon returns OWASP's minimum for argon2id: 19 MiB, 2 passes, 1
// lane. It takes about 40 ms on a desktop x86 core and a few times that on a
// Cortex-A53, and keeps a login within a small board's memory.
func defaultArgon() argonParams {
	return argonParams{memory: 19 * 1024, time: 2, threads: 1, keyLen: 32}
}

// saltLen is the length of a password hash's random salt (bytes).
const saltLen = 16

// checkPassword returns an error a user can act on when password breaks the
// rules, or nil.
func checkPassword(password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < minPasswordLen:
		return fmt.Errorf("password is too short: use at least %d characters (a few words make a good one)", minPasswordLen)
	case n > maxPasswordLen:
		return fmt.Errorf("password is too long: use at most %d characters", maxPasswordLen)
	}
	return nil
}

// hashPassword returns password's argon2id hash in PHC string form:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, both in unpadded base64.
func (s *Server) hashPassword(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLen)
	rand.Read(salt)
	p := defaultArgon()
	key, err := s.argon(ctx, []byte(password), salt, p)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// verifyPassword reports whether password matches the PHC string phc, made
// by hashPassword with any parameters. The hashes are compared in constant
// time.
func (s *Server) verifyPassword(ctx context.Context, phc, password string) (bool, error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got, err := s.argon(ctx, []byte(password), salt, p)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// burnPasswordTime hashes password and throws the result away, so that a
// login for a user who does not exist takes as long as one for a user who
// does.
func (s *Server) burnPasswordTime(ctx context.Context, password string) {
	s.argon(ctx, []byte(password), make([]byte, saltLen), defaultArgon())
}

// argon computes argon2id once it gets one of the server's hash slots.
// The last hash running gives its memory (p.memory, 19 MiB) back to the
// system at once: left to the runtime, an idle box would keep it resident
// for minutes after a login.
func (s *Server) argon(ctx context.Context, password, salt []byte, p argonParams) ([]byte, error) {
	select {
	case s.hashSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("webui: password hash: %w", ctx.Err())
	}
	key := argon2.IDKey(password, salt, p.time, p.memory, p.threads, p.keyLen)
	<-s.hashSlots
	if len(s.hashSlots) == 0 {
		debug.FreeOSMemory()
	}
	return key, nil
}

// parsePHC reads an argon2id PHC string. It refuses parameters beyond what
// the board can afford, so a tampered database cannot make a login exhaust
// memory.
func parsePHC(phc string) (p argonParams, salt, key []byte, err error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("webui: password hash: not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("webui: password hash: unsupported version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return p, nil, nil, fmt.Errorf("webui: password hash: bad parameters %q", parts[3])
	}
	if p.memory < 8 || p.memory > 256*1024 || p.time < 1 || p.time > 16 || p.threads < 1 {
		return p, nil, nil, fmt.Errorf("webui: password hash: parameters %q out of range", parts[3])
	}
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return p, nil, nil, fmt.Errorf("webui: password hash: bad salt: %w", err)
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, errors.New("webui: password hash: bad hash")
	}
	p.keyLen = uint32(len(key))
	return p, salt, key, nil
}
