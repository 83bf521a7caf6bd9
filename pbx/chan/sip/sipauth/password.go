package sipauth

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SIP password rules, in characters. Anyone who captures one registration
// can try passwords against its digest offline at billions a second, and
// a stolen extension that may call out costs real money, so the rules are
// stricter than for a login that the box rate-limits.
const (
	MinPasswordLen      = 10
	MaxPasswordLen      = 128
	minPasswordDistinct = 5
)

// guessableRuns are strings whose pieces people type as passwords: a
// password that is part of one (forwards or backwards) is refused.
var guessableRuns = []string{
	"abcdefghijklmnopqrstuvwxyz",
	"qwertyuiopasdfghjklzxcvbnm",
	"1234567890",
	"01234567890",
}

// commonSIPPasswords are the passwords that SIP scanners try first, in
// lower case, with digits and punctuation at their ends removed.
var commonSIPPasswords = []string{
	"password", "passw0rd", "secret", "admin", "administrator", "letmein",
	"welcome", "changeme", "default", "voip", "sip", "phone", "asterisk",
	"freepbx", "hookflash", "iloveyou", "qwerty", "pbx",
}

// CheckPassword returns an error that says how to do better when password
// is too weak for a SIP device with username on extension number, or nil.
// The web UI and pbxctl both apply it.
func CheckPassword(password, username, number string) error {
	n := utf8.RuneCountInString(password)
	lower := strings.ToLower(password)
	distinct := map[rune]bool{}
	for _, c := range lower {
		distinct[c] = true
	}
	core := strings.TrimFunc(lower, func(c rune) bool { return !unicode.IsLetter(c) })
	switch {
	case password == "":
		return errors.New("the SIP password is empty: set one of at least 10 characters and note it for the phone; the box keeps only its hash")
	case n < MinPasswordLen:
		return fmt.Errorf("the SIP password is too short: use at least %d characters, such as three random words", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Errorf("the SIP password is too long: use at most %d characters", MaxPasswordLen)
	case strings.IndexFunc(password, unicode.IsControl) >= 0:
		return errors.New("the SIP password contains control characters that phones cannot type: use letters, digits and punctuation")
	case strings.Trim(password, "0123456789") == "":
		return errors.New("the SIP password is only digits, which are guessed quickly: mix in letters")
	case len(distinct) < minPasswordDistinct:
		return fmt.Errorf("the SIP password repeats too few characters: use at least %d different ones", minPasswordDistinct)
	case len(username) >= 3 && strings.Contains(lower, strings.ToLower(username)),
		len(number) >= 3 && strings.Contains(lower, number):
		return errors.New("the SIP password contains the user name or the extension number, which are tried first: choose another")
	case isGuessableRun(lower):
		return errors.New("the SIP password is a run of keys such as abcdef or qwerty: choose another")
	case core != "" && isCommonSIPPassword(core):
		return errors.New("the SIP password is one that scanners try first: choose another, such as three random words")
	}
	return nil
}

func isGuessableRun(lower string) bool {
	for _, run := range guessableRuns {
		if strings.Contains(run, lower) || strings.Contains(reverse(run), lower) {
			return true
		}
	}
	return false
}

func isCommonSIPPassword(core string) bool {
	for _, p := range commonSIPPasswords {
		if core == p {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
