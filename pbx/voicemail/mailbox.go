package voicemail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
)

// Mailbox is one voicemail box.
type Mailbox struct {
	// Number is the mailbox number, usually the owner's extension: 1 to 16
	// digits.
	Number string `json:"number"`
	// GreetingPromptID is the store ID of the prompt played before the
	// beep; 0 speaks Phrases.Greeting.
	GreetingPromptID int64 `json:"greeting_prompt_id,omitempty"`
	// PIN is what Listen asks for: 4 to 12 digits. A mailbox without one
	// cannot be listened to by phone.
	PIN string `json:"pin"`
	// Email is where new messages are sent; "" sends none.
	Email string `json:"email,omitempty"`
}

// Mailboxes looks mailboxes up. The store will implement it once it has a
// mailboxes table; until then pbxd can build one from extensions.
type Mailboxes interface {
	// Mailbox returns the mailbox numbered number, or an error matching
	// ErrNoMailbox.
	Mailbox(ctx context.Context, number string) (Mailbox, error)
}

// ErrNoMailbox means there is no mailbox with that number.
var ErrNoMailbox = errors.New("voicemail: no such mailbox")

// Validate checks the fields an admin enters.
func (m Mailbox) Validate() error {
	switch {
	case !digits(m.Number, 1, 16):
		return fmt.Errorf("voicemail: mailbox number %q must be 1 to 16 digits", m.Number)
	case m.PIN != "" && !digits(m.PIN, 4, 12):
		return fmt.Errorf("voicemail: mailbox %s: the PIN must be 4 to 12 digits", m.Number)
	case m.GreetingPromptID < 0:
		return fmt.Errorf("voicemail: mailbox %s: greeting prompt %d does not exist", m.Number, m.GreetingPromptID)
	}
	if m.Email != "" {
		if a, err := mail.ParseAddress(m.Email); err != nil || a.Address != m.Email {
			return fmt.Errorf("voicemail: mailbox %s: %q is not an e-mail address such as name@example.com", m.Number, m.Email)
		}
	}
	return nil
}

// digits reports whether s is min to max ASCII digits.
func digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
