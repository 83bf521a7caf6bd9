package webui

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// Setup codes are setupCodeLen characters of Crockford's base32 alphabet (5
// bits each, 60 bits in all), shown in groups of four: 7K3M-Q9XA-20RT. The
// alphabet has no I, L, O or U; when typed, I and L are read as 1 and O as 0,
// dashes and spaces are ignored and case does not matter.
const (
	setupCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	setupCodeLen      = 12
	setupCodeGroup    = 4
)

// NewSetupCode makes a fresh one-time setup code, stores only its SHA-256
// hash in st (replacing any earlier code, so only the newest works) and
// returns the code for the console, grouped like ABCD-EFGH-JKMN. pbxd calls
// it on first start, pbxctl on reset-admin and factory-reset. It is safe for
// concurrent use.
func NewSetupCode(ctx context.Context, st *store.Store, now time.Time) (string, error) {
	raw := make([]byte, setupCodeLen)
	rand.Read(raw)
	code := make([]byte, 0, setupCodeLen+setupCodeLen/setupCodeGroup)
	for i, b := range raw {
		if i > 0 && i%setupCodeGroup == 0 {
			code = append(code, '-')
		}
		code = append(code, setupCodeAlphabet[b&31]) // 256 is a multiple of 32: no bias
	}
	norm, _ := normalizeSetupCode(string(code))
	if err := st.ReplaceSetupCode(ctx, hashSetupCode(norm), now); err != nil {
		return "", fmt.Errorf("webui: new setup code: %w", err)
	}
	return string(code), nil
}

// normalizeSetupCode turns a code as a person typed it into its canonical
// form: upper case, no dashes or spaces, I and L as 1, O as 0. It reports
// false when the result cannot be a setup code.
func normalizeSetupCode(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch r {
		case '-', ' ', '\t':
			continue
		case 'I', 'L':
			r = '1'
		case 'O':
			r = '0'
		}
		if !strings.ContainsRune(setupCodeAlphabet, r) || b.Len() == setupCodeLen {
			return "", false
		}
		b.WriteRune(r)
	}
	return b.String(), b.Len() == setupCodeLen
}

// hashSetupCode returns the hex SHA-256 of a normalized setup code, as stored.
func hashSetupCode(normalized string) string {
	sum := sha256.Sum256([]byte(normalized))
	return hex.EncodeToString(sum[:])
}
