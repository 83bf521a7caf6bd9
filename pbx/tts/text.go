package tts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText checks text and returns it ready for a synthesiser's input:
// valid UTF-8 (invalid bytes become U+FFFD), control characters as spaces,
// no more than max characters.
func cleanText(text string, max int) (string, error) {
	if n := utf8.RuneCountInString(text); n > max {
		return "", fmt.Errorf("%w: %d characters; the limit is %d", ErrTooLong, n, max)
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	return text, nil
}
